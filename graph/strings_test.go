package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"bssgraph/upstream/sandbox"
)

// TestStringArguments_CountCharacters: every API group counts a string
// argument's length in characters, not bytes. A Chinese value of the
// documented length gets past the gateway (BSS is asked, or the answer has
// no error); one character more is refused with the one message, before
// any upstream call. A byte count refused the first in some groups. An
// optional argument given as "" is refused where BSS reads it differently
// from no value, and passed where BSS ignores it.
func TestStringArguments_CountCharacters(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	cost := func(tagKey string) map[string]any {
		return map[string]any{"in": map[string]any{"from": "2026-09-01", "to": "2026-09-30",
			"groupBy": []any{map[string]any{"tagKey": tagKey}}}}
	}
	for _, tc := range []struct {
		group, arg string
		max        int
		token      string
		query      string
		vars       func(v string) map[string]any // nil: {"v": v}
		empty      bool                          // "" is refused: BSS reads it differently from no value
	}{
		{"bills 7.1", "serviceTypeCode", 256, sandbox.TokenCustomer,
			`query($v: String!) { viewer { monthlyBill(cycle: "2026-09", serviceTypeCode: $v) { totalCount } } }`, nil, true},
		{"bills 7.2", "filter.region", 64, sandbox.TokenCustomer,
			`query($v: String!) { viewer { usageRecords(filter: {cycle: "2026-09", region: $v}) { totalCount } } }`, nil, true},
		{"bills 7.3", "filter.tradeId", 64, sandbox.TokenCustomer,
			`query($v: String!) { viewer { expenditures(filter: {cycle: "2026-09", tradeId: $v}) { totalCount } } }`, nil, true},
		{"orders", "filter.customerId", 64, sandbox.TokenCustomer,
			`query($v: String!) { viewer { orders(filter: {customerId: $v}) { totalCount } } }`, nil, true},
		{"order ids", "id", 64, sandbox.TokenCustomer,
			`query($v: ID!) { viewer { order(id: $v) { orderId } } }`, nil, true},
		{"resources", "filter.serviceTypeCode", 64, sandbox.TokenCustomer,
			`query($v: String!) { viewer { resources(filter: {serviceTypeCode: $v}) { totalCount } } }`, nil, true},
		{"catalog", "serviceTypeCode", 64, sandbox.TokenCustomer,
			`query($v: String!) { resourceTypes(serviceTypeCode: $v) { totalCount } }`, nil, true},
		{"pricing", "products[0].availableZone", 64, sandbox.TokenCustomer,
			`query($v: String!) { payPerUsePrice(input: {projectId: "p", products: [` +
				strings.TrimSuffix(strings.Replace(ppuProduct, "$d", `"1"`, 1), "}") + `, availableZone: $v}]}) { currency } }`, nil, false},
		{"coupons", "filter.sourceId", 255, sandbox.TokenCustomer,
			`query($v: String!) { viewer { coupons(filter: {sourceId: $v}) { totalCount } } }`, nil, false},
		{"enterprise", "filter.displayName", 64, sandbox.TokenEnterprise,
			`query($v: String!) { viewer { memberAccounts(filter: {displayName: $v}) { totalCount } } }`, nil, false},
		{"costs", "input.groupBy[0]: tagKey", 128, sandbox.TokenCustomer,
			`query($in: CostQueryInput!) { viewer { costs(input: $in) { totalCount } } }`, cost, true},
		{"partner", "indirectPartnerId", 64, sandbox.TokenPartner,
			`query($v: String!) { partnerRefundRecords(orderId: "o", customerId: "c", indirectPartnerId: $v) { totalCount } }`, nil, true},
	} {
		vars := tc.vars
		if vars == nil {
			vars = func(v string) map[string]any { return map[string]any{"v": v} }
		}
		ask := func(v string) (*response, int) {
			before := e.sandbox.TotalCalls()
			r := e.do(request{token: tc.token, query: tc.query, vars: vars(v)})
			return r, e.sandbox.TotalCalls() - before
		}
		at := strings.Repeat("中", tc.max)
		if r, calls := ask(at); len(r.Errors) > 0 && calls == 0 {
			t.Errorf("%s: %s of %d characters (%d bytes) refused by the gateway: %+v", tc.group, tc.arg, tc.max, len(at), r.Errors)
		}
		r, calls := ask("")
		switch refused := len(r.Errors) > 0 && calls == 0; {
		case tc.empty && (!refused || !strings.HasPrefix(r.Errors[0].Message, tc.arg+" must not be empty")):
			t.Errorf("%s: empty %s: errors %+v after %d calls, want it refused before any call", tc.group, tc.arg, r.Errors, calls)
		case !tc.empty && refused:
			t.Errorf("%s: empty %s refused by the gateway: %+v", tc.group, tc.arg, r.Errors)
		}
		want := fmt.Sprintf("%s must have at most %d characters", tc.arg, tc.max)
		r, calls = ask(at + "中")
		if !slices.Equal(r.errorCodes(), []string{"BAD_USER_INPUT"}) || r.Errors[0].Message != want || calls != 0 {
			t.Errorf("%s: %s of %d characters: errors %+v after %d calls, want one BAD_USER_INPUT %q before any call",
				tc.group, tc.arg, tc.max+1, r.Errors, calls, want)
		}
	}
}
