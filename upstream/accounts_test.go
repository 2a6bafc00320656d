package upstream

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAccountsService_Balances_request(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/accounts/customer-accounts/balances", "balances.json", func(r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, url.Values{})
		// "Request parameters: None" (§5.1).
		if b, _ := io.ReadAll(r.Body); len(b) != 0 {
			t.Errorf("request body = %q, want none", b)
		}
	})
	if _, err := client.Accounts.Balances(testContext(t)); err != nil {
		t.Fatal(err)
	}
}

func TestAccountsService_Balances(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/accounts/customer-accounts/balances", "balances.json", nil)
	got, err := client.Accounts.Balances(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	want := &AccountBalances{
		Balances: []AccountBalance{
			{
				AccountID: "AT001017264D6E9FF7", AccountType: 1, Amount: amt("0"), Currency: "USD",
				DesignatedAmount: amt("0"), CreditAmount: pamt("0"), MeasureID: 1,
			},
			{
				AccountID: "AT001017264D6EA084", AccountType: 5, Amount: amt("0"), Currency: "USD",
				DesignatedAmount: amt("0"), CreditAmount: pamt("0"), MeasureID: 1,
			},
		},
		DebtAmount: amt("120.0"),
		MeasureID:  1,
		Currency:   "USD",
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Accounts.Balances mismatch (-want +got):\n%s", diff)
	}
	testMarshalsToGolden(t, got, "balances.json")
}

// credit_amount is "available only for credit accounts" (Table 5-1): its
// absence stays distinguishable from a zero limit, in both directions.
func TestAccountBalance_creditAmountAbsent(t *testing.T) {
	t.Parallel()
	const body = `{"account_id":"AT1","account_type":1,"amount":12.5,"currency":"USD","designated_amount":0,"measure_id":1}`
	var b AccountBalance
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatal(err)
	}
	if b.CreditAmount != nil {
		t.Errorf("CreditAmount = %v, want nil", b.CreditAmount)
	}
	out, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("re-encoded balance mismatch (-want +got):\n%s", diff)
	}
}

// A reseller customer is refused with a 400 (§5.1).
func TestAccountsService_Balances_reseller(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	mux.HandleFunc("/v2/accounts/customer-accounts/balances", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error_code":"CBC.99000049","error_msg":"BindType cannot be resale."}`))
	})
	_, err := client.Accounts.Balances(testContext(t))
	var ue *Error
	if !errors.As(err, &ue) || ue.Code != "CBC.99000049" || ue.HTTPStatus != http.StatusBadRequest {
		t.Fatalf("Accounts.Balances error = %v, want a 400 CBC.99000049", err)
	}
}
