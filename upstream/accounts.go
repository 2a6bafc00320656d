package upstream

import "context"

// AccountsService talks to the account balance API (§5.1).
type AccountsService service

// AccountBalances is the customer's balance overview (§5.1), as on the
// Billing Center's Overview page.
type AccountBalances struct {
	Balances   []AccountBalance `json:"account_balances"`
	DebtAmount Amount           `json:"debt_amount"` // total amount due
	MeasureID  int              `json:"measure_id"`  // 1 = dollar
	Currency   string           `json:"currency"`    // "USD"
}

// AccountBalance is the balance of one of the customer's accounts (Table 5-1,
// "AccountBalanceV2").
type AccountBalance struct {
	AccountID string `json:"account_id"` // e.g. "AT001017264D6E9FF7"
	// AccountType is 1 balance, 2 credit, 5 bonus or 7 deposit.
	AccountType int `json:"account_type"`
	// Amount is the balance; for a credit account (type 2) it is the total
	// credit limit, not the credit left (Table 5-1).
	Amount           Amount `json:"amount"`
	Currency         string `json:"currency"`
	DesignatedAmount Amount `json:"designated_amount"` // earmarked funds
	// CreditAmount is the total credit limit, which Table 5-1 says is
	// "available only for credit accounts"; nil when BSS leaves it out.
	CreditAmount *Amount `json:"credit_amount,omitempty"`
	MeasureID    int     `json:"measure_id"`
}

// Balances returns the balances of the caller's accounts and the amount due.
// It only answers for the customer's own credential and refuses reseller
// customers (CBC.99000049, "BindType cannot be resale.").
//
// BSS API: "Querying the Account Balance" (5.1), GET /v2/accounts/customer-accounts/balances
func (s *AccountsService) Balances(ctx context.Context) (*AccountBalances, error) {
	var b AccountBalances
	if err := s.client.do(ctx, OpShowCustomerAccountBalances, OpShowCustomerAccountBalances.Path, nil, nil, &b); err != nil {
		return nil, err
	}
	return &b, nil
}
