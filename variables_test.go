package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestRun_MalformedScalarVariable: a custom-scalar variable that does not
// parse is a request error through the whole stack, like an unknown enum
// value: 400 without data under application/graphql-response+json (200
// under the legacy application/json), code BAD_USER_INPUT.
func TestRun_MalformedScalarVariable(t *testing.T) {
	t.Parallel()
	r := startRun(t, map[string]string{})
	for _, tc := range []struct{ name, body string }{
		{"Month", `{"query":"query($m: Month!) { viewer { monthlyBill(cycle: $m) { totalCount } } }","variables":{"m":"2026-13"}}`},
		{"DateTime", `{"query":"query($t: DateTime) { viewer { orders(filter: {createdFrom: $t}) { totalCount } } }","variables":{"t":"tomorrow"}}`},
		{"enum, for comparison", `{"query":"query($f: OrderFilter) { viewer { orders(filter: $f) { totalCount } } }","variables":{"f":{"type":"GIFT"}}}`},
	} {
		for accept, want := range map[string]int{"application/graphql-response+json": 400, "application/json": 200} {
			code, body := post(t, r.url+"/graphql", tc.body, "X-Auth-Token", "sandbox-customer", "Accept", accept)
			var resp map[string]json.RawMessage
			if err := json.Unmarshal([]byte(body), &resp); err != nil {
				t.Fatalf("%s: %v: %s", tc.name, err, body)
			}
			if _, hasData := resp["data"]; code != want || hasData || !strings.Contains(string(resp["errors"]), `"BAD_USER_INPUT"`) {
				t.Errorf("%s, Accept %s: %d %s, want %d with BAD_USER_INPUT and no data", tc.name, accept, code, body, want)
			}
		}
	}
}
