package graph_test

import (
	"encoding/json"
	"testing"
)

// TestBudget_RefusedWithEstimate: a query over the budget is refused before
// any upstream call, with the estimate and the budget in its extensions
// (SCHEMA.md: { code: "LIMIT_EXCEEDED", estimatedCalls, budget }).
func TestBudget_RefusedWithEstimate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	tests := []struct {
		name  string
		query string
		vars  map[string]any
		calls json.Number // the estimate the cost model gives
	}{
		// 5 list pages of 100, then one details call per order.
		{"plain", `{ viewer { orders(first: 500) { nodes { lineItems { totalCount } } } } }`, nil, "505"},
		// The same through a fragment, an alias and a variable.
		{"fragment, alias, variable", `query($n: Int) { viewer { o: orders(first: $n) { edges { node { ...F } } } } }
			fragment F on Order { lineItems { totalCount } }`, map[string]any{"n": 500}, "505"},
	}
	for _, tt := range tests {
		r := e.do(request{token: "sandbox-customer", query: tt.query, vars: tt.vars})
		if len(r.Errors) != 1 {
			t.Fatalf("%s: errors = %+v, want one", tt.name, r.Errors)
		}
		ext := r.Errors[0].Extensions
		if ext["code"] != "LIMIT_EXCEEDED" || ext["estimatedCalls"] != tt.calls || ext["budget"] != json.Number("200") {
			t.Errorf("%s: extensions = %v, want LIMIT_EXCEEDED with estimatedCalls %s and budget 200", tt.name, ext, tt.calls)
		}
		if r.Data != nil {
			t.Errorf("%s: data = %v, want none: nothing runs", tt.name, r.Data)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("refused queries cost %d upstream calls, want 0", n)
	}
}

// TestBudget_BatchedFieldsAreCheap: batched fields count per batch, not per
// object, so a large list with batched children stays within the budget.
func TestBudget_BatchedFieldsAreCheap(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.query(`{ viewer { resources(first: 500) { nodes { parent { resourceId } renewalPrice(periodType: MONTH, periodNum: 1) { currency } } } } }`, nil)
	for _, err := range r.Errors {
		if err.Extensions["code"] == "LIMIT_EXCEEDED" {
			t.Fatalf("500 resources with batched parent and renewal price refused: %v", err.Extensions)
		}
	}
}
