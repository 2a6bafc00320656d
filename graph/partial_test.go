package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"bssgraph/upstream/sandbox"
)

// TestPartialData: one failing BSS API (the sandbox answers it with 500)
// nulls only the field it backs, with the error's path on that field; every
// sibling keeps its data. Before the fields became nullable, one failure
// under the non-null viewer nulled the whole data.
func TestPartialData(t *testing.T) {
	t.Parallel()
	const q = `{
	  viewer {
	    id
	    balance { currency }
	    coupons(first: 1) { totalCount }
	    orders(first: 2) { totalCount nodes { orderId lineItems(first: 1) { totalCount } } }
	    resources(first: 1) { totalCount }
	    resourcePackages(first: 1) { totalCount }
	  }
	  serviceTypes(first: 1) { totalCount }
	  measurementUnits { measureType }
	}`
	top := map[string]bool{"serviceTypes": true, "measurementUnits": true}
	fields := []string{"balance", "coupons", "orders", "resources", "resourcePackages", "serviceTypes", "measurementUnits"}
	for _, tc := range []struct {
		op   string
		path []any // the failed field
	}{
		{"ListServiceTypes", []any{"serviceTypes"}},
		{"ListMeasureUnits", []any{"measurementUnits"}},
		{"ListCoupons", []any{"viewer", "coupons"}},
		{"ShowCustomerAccountBalances", []any{"viewer", "balance"}},
		{"ListCustomerOrders", []any{"viewer", "orders"}},
		{"ShowCustomerOrderDetails", []any{"viewer", "orders", "nodes", 0, "lineItems"}},
		{"QueryResources", []any{"viewer", "resources"}},
		{"ListFreeResourceInfos", []any{"viewer", "resourcePackages"}},
	} {
		t.Run(tc.op, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t) // its own catalog cache, which a sibling case would fill
			e.sandbox.SetFaults(sandbox.Faults{ErrorRate: 1, Operations: []string{tc.op}})
			r := e.query(q, nil)
			var failed [][]any
			for _, err := range r.Errors {
				if err.Extensions["code"] != "UPSTREAM_UNAVAILABLE" && err.Extensions["code"] != "UPSTREAM_ERROR" {
					t.Errorf("error %+v, want an upstream error", err)
				}
				failed = append(failed, err.Path)
			}
			if len(failed) == 0 || !slices.ContainsFunc(failed, func(p []any) bool { return fmt.Sprint(p) == fmt.Sprint(tc.path) }) {
				t.Fatalf("error paths = %v, want %v: %s", failed, tc.path, r.raw)
			}
			if got := dig(r.Data, tc.path...); got != nil {
				t.Errorf("%v = %v, want null", tc.path, got)
			}
			if dig(r.Data, "viewer", "id") == nil {
				t.Errorf("viewer.id lost: %s", r.raw)
			}
			for _, f := range fields {
				at := []any{"viewer", f}
				if top[f] {
					at = at[1:]
				}
				if fmt.Sprint(at) != fmt.Sprint(tc.path) && dig(r.Data, at...) == nil {
					t.Errorf("sibling %v lost when %s failed: %s", at, tc.op, r.raw)
				}
			}
		})
	}
}
