package graph_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"bssgraph/upstream/sandbox"
)

// globalID is the gateway's opaque id of a BSS object (graph/ids.go).
func globalID(typ, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + key))
}

func TestAccount_BalanceGolden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.golden("account_balance", sandbox.TokenEnterprise).mustData(t)
	if n := e.calls()["ShowCustomerAccountBalances"]; n != 1 {
		t.Errorf("balance cost %d calls, want 1", n)
	}
}

// The reference's example balance (5.1) arrives digit for digit.
func TestAccount_BalanceReferenceExample(t *testing.T) {
	t.Parallel()
	e := newFakeEnv(t, map[string]string{
		"GET /v2/accounts/customer-accounts/balances": `{"account_balances":[{"account_id":"AT001017264D6E9FF7","account_type":1,"amount":0,"currency":"USD","designated_amount":0,"credit_amount":0,"measure_id":1},{"account_id":"AT001017264D6EA084","account_type":5,"amount":0,"currency":"USD","designated_amount":0,"credit_amount":0,"measure_id":1}],"debt_amount":120.0,"measure_id":1,"currency":"USD"}`,
	})
	r := e.query(`{ viewer { balance { currency measureId debt { amount rawAmount currency measureId }
	  accounts { accountId type typeCode amount { amount } designatedAmount { amount } creditAmount { amount } currency measureId } } } }`, nil)
	got, _ := json.Marshal(r.mustData(t))
	want := `{"viewer":{"balance":{"accounts":[` +
		`{"accountId":"AT001017264D6E9FF7","amount":{"amount":"0"},"creditAmount":{"amount":"0"},"currency":"USD","designatedAmount":{"amount":"0"},"measureId":1,"type":"BALANCE","typeCode":1},` +
		`{"accountId":"AT001017264D6EA084","amount":{"amount":"0"},"creditAmount":{"amount":"0"},"currency":"USD","designatedAmount":{"amount":"0"},"measureId":1,"type":"BONUS","typeCode":5}],` +
		`"currency":"USD","debt":{"amount":"120.0","currency":"USD","measureId":1,"rawAmount":"120.0"},"measureId":1}}}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// BSS answers the balance and coupon APIs for the credential's own account
// only: on a member account they are refused before any call.
func TestAccount_OwnAccountOnly(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	member := fmt.Sprintf("3%031x", 0x5eed0000+1)
	r := e.do(request{token: sandbox.TokenEnterprise, domainID: sandbox.DomainEnterprise, query: `query($id: ID!) {
	  node(id: $id) { id ... on Customer { accountId balance { currency } coupons { totalCount } } }
	}`, vars: map[string]any{"id": globalID("Customer", member)}})
	if !slices.Equal(r.errorCodes(), []string{"BAD_USER_INPUT", "BAD_USER_INPUT"}) {
		t.Errorf("errors = %+v, want BAD_USER_INPUT for balance and coupons", r.Errors)
	}
	calls := e.calls()
	if calls["ShowCustomerAccountBalances"] != 0 || calls["ListCoupons"] != 0 {
		t.Errorf("calls %v, want no balance or coupon call", calls)
	}
	// The viewer itself, named by X-Domain-Id, is served.
	r = e.do(request{token: sandbox.TokenEnterprise, domainID: sandbox.DomainEnterprise, query: `{ viewer { balance { currency } } }`})
	r.mustData(t)
}
