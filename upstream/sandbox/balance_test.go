package sandbox

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

func TestBalance_ClientRoundTrip(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	c := pcClient(t, srv)
	tests := []struct {
		token string
		types []int
		debt  bool // whether the account may owe money
	}{
		{TokenCustomer, []int{1, 5}, false},
		{TokenEnterprise, []int{1, 2, 5, 7}, true},
		{"sandbox-member-1", []int{1, 5}, true},
		{TokenPartner, []int{1, 2}, false},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		b, err := c.Accounts.Balances(pcCtx(t, tt.token, ""))
		if err != nil {
			t.Fatalf("%s: %v", tt.token, err)
		}
		if b.MeasureID != 1 || b.Currency != "USD" || b.DebtAmount.IsNegative() || (!tt.debt && !b.DebtAmount.IsZero()) {
			t.Errorf("%s: %+v", tt.token, b)
		}
		var types []int
		for _, ab := range b.Balances {
			types = append(types, ab.AccountType)
			if owner, dup := seen[ab.AccountID]; dup {
				t.Errorf("account id %s of %s also belongs to %s", ab.AccountID, tt.token, owner)
			}
			seen[ab.AccountID] = tt.token
			if !strings.HasPrefix(ab.AccountID, "AT") || len(ab.AccountID) != 18 || ab.Currency != "USD" || ab.MeasureID != 1 {
				t.Errorf("%s: account %+v", tt.token, ab)
			}
			if ab.Amount.IsNegative() || ab.DesignatedAmount.GreaterThan(ab.Amount.Decimal) || ab.CreditAmount == nil {
				t.Errorf("%s: amounts of %+v", tt.token, ab)
			}
			// Table 5-1: for a credit account, amount is the credit limit,
			// which credit_amount also carries; other accounts have none.
			if ab.AccountType == 2 && (!ab.CreditAmount.Equal(ab.Amount.Decimal) || !ab.Amount.IsPositive()) ||
				ab.AccountType != 2 && !ab.CreditAmount.IsZero() {
				t.Errorf("%s: credit of %+v", tt.token, ab)
			}
		}
		if !reflect.DeepEqual(types, tt.types) {
			t.Errorf("%s: account types %v, want %v", tt.token, types, tt.types)
		}
	}
	// A member's balance holds the funds its master earmarked for it.
	m, _ := c.Accounts.Balances(pcCtx(t, "sandbox-member-3", ""))
	if !m.Balances[0].DesignatedAmount.IsPositive() {
		t.Errorf("member balance %+v has no earmarked funds", m.Balances[0])
	}
	// Wire shape: numbers, not strings.
	status, body := call(t, srv, "GET", "/v2/accounts/customer-accounts/balances", TokenCustomer, "")
	var wire struct {
		AccountBalances []map[string]any `json:"account_balances"`
	}
	if status != 200 || json.Unmarshal([]byte(body), &wire) != nil || len(wire.AccountBalances) == 0 {
		t.Fatalf("wire body %d %s", status, body)
	}
	first := wire.AccountBalances[0]
	if first["account_type"] != 1.0 || first["measure_id"] != 1.0 {
		t.Errorf("account_type %#v, measure_id %#v: want the numbers 1 and 1", first["account_type"], first["measure_id"])
	}
	for _, b := range wire.AccountBalances {
		if _, isNumber := b["amount"].(float64); !isNumber {
			t.Errorf("amount %#v: want a JSON number", b["amount"])
		}
	}
}

func TestBalance_Deterministic(t *testing.T) {
	t.Parallel()
	_, a := newTestServer(t, Options{QuotaScale: -1, Seed: 7})
	_, b := newTestServer(t, Options{QuotaScale: -1, Seed: 7})
	_, other := newTestServer(t, Options{QuotaScale: -1, Seed: 8})
	_, ba := call(t, a, "GET", "/v2/accounts/customer-accounts/balances", TokenEnterprise, "")
	_, bb := call(t, b, "GET", "/v2/accounts/customer-accounts/balances", TokenEnterprise, "")
	_, bo := call(t, other, "GET", "/v2/accounts/customer-accounts/balances", TokenEnterprise, "")
	if ba != bb || ba == bo {
		t.Errorf("seed 7 twice gave different balances, or seed 8 the same:\n%s\n%s\n%s", ba, bb, bo)
	}
}

func TestBalance_ChargeAndRefund(t *testing.T) {
	t.Parallel()
	b := balanceState{debt: d("10.00"), accounts: []*fundAccount{
		{id: "AT1", typ: fundBalance, left: d("100.00"), designated: d("80.00")},
		{id: "AT2", typ: fundCredit, left: d("50.00")},
		{id: "AT3", typ: fundBonus, left: d("5.00")},
	}}
	if got := b.available(); !got.Equal(d("145")) { // 100 + 5 + (50 - 10)
		t.Fatalf("available %s, want 145", got)
	}
	if b.charge(d("145.01")) || !b.available().Equal(d("145")) {
		t.Fatal("a charge above the funds succeeded or changed them")
	}
	if !b.charge(d("30")) || !b.fund(fundBalance).left.Equal(d("70")) || !b.fund(fundBalance).designated.Equal(d("70")) {
		t.Errorf("after charging 30: %+v", b.fund(fundBalance))
	}
	if !b.charge(d("100")) || !b.fund(fundBalance).left.IsZero() || !b.fund(fundBonus).left.IsZero() || !b.debt.Equal(d("35")) {
		t.Errorf("after charging 100: balance %s bonus %s debt %s, want 0, 0, 35", b.fund(fundBalance).left, b.fund(fundBonus).left, b.debt)
	}
	b.refund(d("12.5"))
	if !b.fund(fundBalance).left.Equal(d("12.5")) || !b.available().Equal(decimal.RequireFromString("27.5")) {
		t.Errorf("after refund: %s, available %s", b.fund(fundBalance).left, b.available())
	}
}

func TestBalance_BadInput(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	// 5.1 has no parameters; its documented errors are the shared ones.
	for _, tt := range []struct {
		token  string
		status int
		code   string
	}{
		{"", 401, "CBC.0154"},
		{"sandbox-nobody", 401, "CBC.0154"},
	} {
		status, body := call(t, srv, "GET", "/v2/accounts/customer-accounts/balances", tt.token, "")
		if status != tt.status || !strings.Contains(body, `"error_code":"`+tt.code+`"`) {
			t.Errorf("token %q: %d %s, want %d %s", tt.token, status, body, tt.status, tt.code)
		}
	}
	_, faulty := newTestServer(t, Options{QuotaScale: -1, Faults: Faults{ErrorRate: 1, Operations: []string{"ShowCustomerAccountBalances"}}})
	_, err := pcClient(t, faulty).Accounts.Balances(pcCtx(t, TokenCustomer, ""))
	var ue *upstream.Error
	if !errorsAs(err, &ue) || ue.HTTPStatus != http.StatusInternalServerError || ue.Code != "CBC.0999" {
		t.Errorf("injected failure: %v, want 500 CBC.0999", err)
	}
}
