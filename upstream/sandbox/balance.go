package sandbox

import (
	"strings"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// balanceState is an account's funds (§5.1): its balance, credit, bonus and
// deposit accounts and the amount it owes.
type balanceState struct {
	accounts []*fundAccount // in answer order: balance, credit, bonus, deposit
	// The reseller-customer case (CBC.99000049) is not modelled: every
	// sandbox account pays its own bills.
	// debt is the total amount due (debt_amount): credit used and unpaid
	// pay-per-use charges.
	debt decimal.Decimal
}

// fundAccount is one of the customer's accounts (Table 5-1, AccountBalanceV2).
type fundAccount struct {
	id   string
	typ  int             // 1 balance, 2 credit, 5 bonus, 7 deposit
	left decimal.Decimal // the balance; for a credit account, the credit limit
	// designated is the earmarked part of the balance (for a member account,
	// the funds its enterprise master allocated to it).
	designated decimal.Decimal
}

// Account types of Table 5-1.
const (
	fundBalance = 1
	fundCredit  = 2
	fundBonus   = 5
	fundDeposit = 7
)

// genBalance gives each kind of account the funds such an account has: an
// individual customer a cash balance and a bonus account; the enterprise
// master a balance with earmarked funds, a credit line with part of it used,
// a bonus and a deposit account; its members a balance allocated by the
// master; the partner a balance and a credit line.
func genBalance(w *world, a *account, g *gen) {
	b := &a.balance
	add := func(typ int, left, designated decimal.Decimal) {
		b.accounts = append(b.accounts, &fundAccount{
			id: "AT00" + strings.ToUpper(g.hexID(14)), typ: typ, left: left, designated: designated,
		})
	}
	zero := decimal.Zero.Round(2)
	b.debt = zero
	switch a.Kind {
	case kindCustomer:
		// Enough to pay most of its pending orders, so the pay mutation can be
		// tried out; a large yearly order can still hit CBC.99005003.
		add(fundBalance, g.money(20000, 50000, 2), zero)
		add(fundBonus, g.money(5, 150, 2), zero)
	case kindEnterprise:
		add(fundBalance, g.money(25000, 90000, 2), g.money(2000, 8000, 2))
		limit := decimal.NewFromInt(int64(g.between(5, 20)) * 10000).Round(2)
		add(fundCredit, limit, zero)
		add(fundBonus, g.money(100, 1500, 2), zero)
		add(fundDeposit, decimal.NewFromInt(int64(g.between(1, 5))*5000).Round(2), zero)
		b.debt = g.money(150, 4000, 2)
	case kindMember:
		allocated := g.money(500, 5000, 2)
		add(fundBalance, allocated.Add(g.money(0, 300, 2)), allocated)
		add(fundBonus, g.money(0, 50, 2), zero)
		if g.IntN(2) == 0 {
			b.debt = g.money(1, 200, 2)
		}
	case kindPartner:
		add(fundBalance, g.money(10000, 50000, 2), zero)
		add(fundCredit, decimal.NewFromInt(int64(g.between(2, 10))*10000).Round(2), zero)
	}
}

// fund returns the account of type typ, or nil.
func (b *balanceState) fund(typ int) *fundAccount {
	for _, f := range b.accounts {
		if f.typ == typ {
			return f
		}
	}
	return nil
}

// available is what a payment can draw on: the balance, the bonus and the
// credit not yet used.
func (b *balanceState) available() decimal.Decimal {
	sum := decimal.Zero
	for _, f := range b.accounts {
		switch f.typ {
		case fundBalance, fundBonus:
			sum = sum.Add(f.left)
		case fundCredit:
			if rest := f.left.Sub(b.debt); rest.IsPositive() {
				sum = sum.Add(rest)
			}
		}
	}
	return sum
}

// charge pays amount from the account's funds: the balance first, then the
// bonus, then credit (which adds to the debt). It changes nothing and
// returns false when the funds do not cover it (BSS: CBC.99005003
// "Insufficient balance"). Only mutation handlers may call it.
func (b *balanceState) charge(amount decimal.Decimal) bool {
	if amount.GreaterThan(b.available()) {
		return false
	}
	rest := amount
	for _, typ := range []int{fundBalance, fundBonus} {
		if f := b.fund(typ); f != nil && rest.IsPositive() {
			take := decimal.Min(f.left, rest)
			f.left = f.left.Sub(take)
			if f.designated.GreaterThan(f.left) {
				f.designated = f.left
			}
			rest = rest.Sub(take)
		}
	}
	if rest.IsPositive() {
		b.debt = b.debt.Add(rest)
	}
	return true
}

// refund returns amount to the balance account (unsubscription refunds).
// Only mutation handlers may call it.
func (b *balanceState) refund(amount decimal.Decimal) {
	if f := b.fund(fundBalance); f != nil {
		f.left = f.left.Add(amount)
	}
}

// showBalances answers 5.1. It takes no parameters.
func (s *Server) showBalances(a *account, r *request) (any, error) {
	out := &upstream.AccountBalances{
		Balances:   []upstream.AccountBalance{},
		DebtAmount: upstream.AmountOf(a.balance.debt),
		MeasureID:  muUSD,
		Currency:   "USD",
	}
	zero := upstream.AmountOf(decimal.Zero.Round(2))
	for _, f := range a.balance.accounts {
		credit := zero
		if f.typ == fundCredit {
			credit = upstream.AmountOf(f.left)
		}
		out.Balances = append(out.Balances, upstream.AccountBalance{
			AccountID: f.id, AccountType: f.typ, Amount: upstream.AmountOf(f.left), Currency: "USD",
			DesignatedAmount: upstream.AmountOf(f.designated), CreditAmount: &credit, MeasureID: muUSD,
		})
	}
	return out, nil
}
