package graph

import (
	"context"

	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// The account balance (§5.1).

// viewerOnly refuses a field on any Customer but the caller's own account:
// the balance and coupon APIs answer only for the credential's account, so
// asking for them on a member account would silently return the caller's.
func (r *Resolver) viewerOnly(ctx context.Context, c *model.Customer, field string) error {
	v := r.viewer(ctx)
	if c.ID == v.ID {
		return nil
	}
	// The caller's own account refetched by its id while the caller sent no
	// X-Domain-Id (the viewer is then "self").
	if c.AccountID != nil && v.AccountID == nil {
		if self, err := r.viewerID(ctx); err == nil && self == *c.AccountID {
			return nil
		}
	}
	return badInput("%s is only available for the caller's own account (viewer): BSS answers it for the credential's account only", field)
}

// accountTypes are the account_type codes of Table 5-1.
var accountTypes = map[int]model.AccountType{
	1: model.AccountTypeBalance, 2: model.AccountTypeCredit, 5: model.AccountTypeBonus, 7: model.AccountTypeDeposit,
}

func accountBalanceOf(b *upstream.AccountBalances) *model.AccountBalance {
	cur := currencyOrUSD(b.Currency)
	return &model.AccountBalance{
		Debt:      money(b.DebtAmount.Decimal, b.MeasureID, cur),
		MeasureID: optMeasureID(b.MeasureID),
		Currency:  cur,
		Accounts: mapSlice(b.Balances, func(a upstream.AccountBalance) *model.BalanceAccount {
			ac := currencyOrUSD(a.Currency)
			return &model.BalanceAccount{
				AccountID: a.AccountID, Type: enumOf(accountTypes, a.AccountType, model.AccountTypeUnknown),
				TypeCode: int32(a.AccountType), Currency: ac, MeasureID: optMeasureID(a.MeasureID),
				Amount:           money(a.Amount.Decimal, a.MeasureID, ac),
				DesignatedAmount: money(a.DesignatedAmount.Decimal, a.MeasureID, ac),
				CreditAmount:     moneyPtr(a.CreditAmount, a.MeasureID, ac),
			}
		}),
	}
}

// accountCosts is the upstream cost model of this domain's fields (limits.go).
func accountCosts() map[string]fieldCost {
	return map[string]fieldCost{"Customer.balance": perParent(1)}
}
