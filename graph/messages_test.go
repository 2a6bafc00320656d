package graph_test

import (
	"encoding/base64"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"bssgraph/upstream/sandbox"
)

// TestErrorMessages_NameTheArgument: an error message names the argument
// it is about, without the parser position or the field path (the error's
// path already says where).
func TestErrorMessages_NameTheArgument(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	costs := `query($in: CostQueryInput!) { viewer { costs(input: $in) { totalCount } } }`
	cost := func(from, to, granularity string) map[string]any {
		return map[string]any{"in": map[string]any{"from": from, "to": to, "granularity": granularity,
			"groupBy": []any{map[string]any{"dimension": "CLOUD_SERVICE_TYPE"}}}}
	}
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
		code, msg   string
	}{
		{"resource(id:) unknown", `{ viewer { resource(id: "nope") { resourceId } } }`, nil,
			"NOT_FOUND", `id: resource "nope" not found for this account`},
		{"payOrder empty orderId", `mutation { payOrder(input: {orderId: ""}) { paid } }`, nil,
			"BAD_USER_INPUT", "orderId must not be empty"},
		{"cancelOrder with a resource's global id", `mutation { cancelOrder(input: {orderId: "UmVzb3VyY2U6eA"}) { canceled } }`, nil,
			"BAD_USER_INPUT", `orderId: "UmVzb3VyY2U6eA" is an id of type Resource, not Order`},
		{"node of nothing", `{ node(id: "nope") { id } }`, nil, "BAD_USER_INPUT", `id: "nope" is not a global id`},
		{"Int literal past 32 bits", `{ viewer { orders(first: 2147483648) { totalCount } } }`, nil,
			"BAD_USER_INPUT", "first: 2147483648 overflows signed 32-bit integer"},
		{"Int literal past 32 bits in an input object", `{ payPerUsePrice(input: {projectId: "p", products: [` +
			strings.NewReplacer("subscriptionNum: 1", "subscriptionNum: -2147483649", "$d", `"1"`).Replace(ppuProduct) + `]}) { currency } }`, nil,
			"BAD_USER_INPUT", "subscriptionNum: -2147483649 overflows signed 32-bit integer"},
		{"costs by month over 18 months", costs, cost("2025-01-01", "2026-09-30", "MONTH"),
			"BAD_USER_INPUT", "input.from and input.to: the months 2025-01 to 2026-09 are more than the 18 months 8.1 answers at most"},
		{"costs by day over 18 months", costs, cost("2025-01-01", "2026-09-30", "DAY"),
			"BAD_USER_INPUT", "input.from and input.to: 2025-01-01 to 2026-09-30 is longer than the 18 months 8.1 answers at most"},
	} {
		r := e.query(tc.query, tc.vars)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != tc.code || r.Errors[0].Message != tc.msg {
			t.Errorf("%s: errors %+v\nwant one %s: %s", tc.name, r.Errors, tc.code, tc.msg)
		}
	}
}

// TestErrorCodes_StateRefusals: every documented refusal because of the
// present state (unpaid orders, an order in progress, frozen, the balance)
// is FAILED_PRECONDITION with BSS's code, not BAD_USER_INPUT; other
// business refusals stay BAD_USER_INPUT. The upstream answers each code
// over HTTP in a 400 body.
func TestErrorCodes_StateRefusals(t *testing.T) {
	t.Parallel()
	e := newEnvWrapped(t, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			code := r.URL.Query().Get("order_id")
			if !strings.HasPrefix(code, "CBC.") {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"error_code":"`+code+`","error_msg":"refused"}`)
		})
	})
	for code, want := range map[string]string{
		"CBC.30050010": "FAILED_PRECONDITION", "CBC.99003100": "FAILED_PRECONDITION", "CBC.30050011": "FAILED_PRECONDITION",
		"CBC.3144": "FAILED_PRECONDITION", "CBC.99003144": "FAILED_PRECONDITION", "CBC.99003651": "FAILED_PRECONDITION",
		"CBC.99003623": "FAILED_PRECONDITION", "CBC.99003631": "FAILED_PRECONDITION", "CBC.3106": "FAILED_PRECONDITION",
		"CBC.99003106": "FAILED_PRECONDITION", "CBC.99005010": "FAILED_PRECONDITION", "CBC.99000088": "FAILED_PRECONDITION",
		"CBC.3016": "FAILED_PRECONDITION", "CBC.99003610": "FAILED_PRECONDITION", "CBC.99003602": "FAILED_PRECONDITION",
		"CBC.99003128": "FAILED_PRECONDITION", "CBC.99003605": "FAILED_PRECONDITION", "CBC.30000052": "FAILED_PRECONDITION",
		"CBC.99003656": "FAILED_PRECONDITION", "CBC.99003624": "FAILED_PRECONDITION", "CBC.7281": "FAILED_PRECONDITION",
		"CBC.99003626": "FAILED_PRECONDITION", "CBC.99005003": "FAILED_PRECONDITION",
		// Not a state: a discount that cannot apply, a parameter error, an unknown order.
		"CBC.99003108": "BAD_USER_INPUT", "CBC.0100": "BAD_USER_INPUT", "CBC.30000010": "NOT_FOUND",
	} {
		r := e.do(request{token: sandbox.TokenCustomer, query: `{ viewer { orders(filter: {orderId: "` + code + `"}) { totalCount } } }`})
		if !slices.Equal(r.errorCodes(), []string{want}) || r.Errors[0].Extensions["upstreamCode"] != code {
			t.Errorf("%s: errors %+v, want %s with upstreamCode %s", code, r.Errors, want, code)
		}
	}
}

// TestErrorMessages_LongArguments: an order or resource id longer than BSS
// allows is refused before any call, and no error message echoes a long
// argument back whole, whichever field or id kind carries it.
func TestErrorMessages_LongArguments(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	long := strings.Repeat("x", 100_000)
	global := func(typ string) string { return base64.RawURLEncoding.EncodeToString([]byte(typ + ":" + long)) }
	for _, tc := range []struct{ name, query, msg string }{
		{"order(id:)", `query($id: ID!) { viewer { order(id: $id) { orderId } } }`, "id must have at most 64 characters"},
		{"resource(id:)", `query($id: ID!) { viewer { resource(id: $id) { resourceId } } }`, "id must have at most 64 characters"},
		{"payOrder", `mutation($id: String!) { payOrder(input: {orderId: $id}) { paid } }`, "orderId must have at most 64 characters"},
		{"cancelOrder", `mutation($id: String!) { cancelOrder(input: {orderId: $id}) { canceled } }`, "orderId must have at most 64 characters"},
		{"renewResources", `mutation($id: String!) { renewResources(input: {resourceIds: [$id], periodType: MONTH, periodNum: 1}) { orderIds } }`,
			"resourceIds[0] must have at most 64 characters"},
		{"enableAutoRenew", `mutation($id: String!) { enableAutoRenew(input: {resourceId: $id}) { resource { autoRenew } } }`,
			"resourceId must have at most 64 characters"},
		{"node(id:) of no type", `query($id: ID!) { node(id: $id) { id } }`, ""},
		{"orders(after:)", `query($id: String!) { viewer { orders(first: 1, after: $id) { totalCount } } }`, ""},
	} {
		r := e.query(tc.query, map[string]any{"id": long})
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("%s: errors %.300v, want one BAD_USER_INPUT", tc.name, r.Errors)
			continue
		}
		if msg := r.Errors[0].Message; tc.msg != "" && msg != tc.msg || len(msg) > 200 {
			t.Errorf("%s: message %.300q (%d bytes), want %q, at most 200 bytes", tc.name, msg, len(msg), tc.msg)
		}
	}
	for _, typ := range []string{"Order", "Resource", "Invoice", "ResourcePackage", "Coupon"} {
		r := e.query(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": global(typ)})
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || len(r.Errors[0].Message) > 200 {
			t.Errorf("node(id:) of a %s with a long key: errors %.300v, want one short BAD_USER_INPUT", typ, r.Errors)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("long ids cost %d upstream calls, want 0: %v", n, e.calls())
	}
}

// TestErrorCodes_IntrospectionDisabled: with introspection off (as in this
// harness), __schema and __type are FORBIDDEN with a message that names
// the setting, not INTERNAL errors logged as unclassified; __typename works.
func TestErrorCodes_IntrospectionDisabled(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, q := range []string{`{ __schema { queryType { name } } }`, `{ __type(name: "Query") { name } }`} {
		r := e.query(q, nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "FORBIDDEN" ||
			r.Errors[0].Message != "introspection is disabled on this gateway (BSSGRAPH_INTROSPECTION)" {
			t.Errorf("%s: errors %+v, want one FORBIDDEN naming BSSGRAPH_INTROSPECTION", q, r.Errors)
		}
	}
	if r := e.query(`{ __typename }`, nil); len(r.Errors) != 0 {
		t.Errorf("__typename: errors %+v", r.Errors)
	}
}
