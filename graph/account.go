package graph

import (
	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// The account balance (§5.1).

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
