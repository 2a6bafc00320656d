package graph_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"bssgraph/graph"
	"bssgraph/upstream/sandbox"
)

func TestCosts_Golden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.golden("costs_costs", sandbox.TokenCustomer).mustData(t)
	if c := e.calls(); !countsEqual(c, map[string]int{"ListCosts": 2}) {
		t.Errorf("calls = %v, want 2", c)
	}
}

// TestCosts_EqualSummaryBill: a month's original costs (8.1) add up to its
// summary bill (7.1), to the cent.
func TestCosts_EqualSummaryBill(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer, query: `{ viewer {
		monthlyBill(cycle: "2026-08") { totalAmount { amount } }
		costs(input: {from: "2026-08-01", to: "2026-08-31", granularity: MONTH, groupBy: [{dimension: CLOUD_SERVICE_TYPE}], first: 1000}) {
			totalCount rows { nodes { amount { amount } } } }
	} }`})
	d := r.mustData(t)
	total, _ := decimal.NewFromString(dig(d, "viewer", "monthlyBill", "totalAmount", "amount").(string))
	rows := dig(d, "viewer", "costs", "rows", "nodes").([]any)
	if sum := sumAmounts(t, rows, "amount", "amount"); !sum.Equal(total) || total.IsZero() {
		t.Errorf("costs of 2026-08 sum to %s, the summary bill says %s", sum, total)
	}
}

func TestCosts_BadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const q = `query($in: CostQueryInput!) { viewer { costs(input: $in) { totalCount } } }`
	one := []any{map[string]any{"dimension": "CLOUD_SERVICE_TYPE"}}
	in := func(kv ...any) map[string]any {
		m := map[string]any{"from": "2026-09-01", "to": "2026-09-30", "groupBy": one}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return map[string]any{"in": m}
	}
	values := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = "v"
		}
		return out
	}
	for _, tc := range []struct {
		name string
		vars map[string]any
	}{
		{"malformed Date", in("from", "2026-02-30")},
		{"to before from", in("from", "2026-09-02", "to", "2026-09-01")},
		{"span too long by day", in("from", "2025-03-01", "to", "2026-09-30")},
		{"span too long by month", in("from", "2025-03-01", "to", "2026-09-30", "granularity", "MONTH")},
		{"3 groupBy dimensions", in("groupBy", []any{
			map[string]any{"dimension": "CLOUD_SERVICE_TYPE"}, map[string]any{"dimension": "REGION_CODE"}, map[string]any{"dimension": "RESOURCE_ID"}})},
		{"no groupBy", in("groupBy", []any{})},
		{"same dimension twice", in("groupBy", []any{map[string]any{"dimension": "REGION_CODE"}, map[string]any{"dimension": "REGION_CODE"}})},
		{"two kinds in one groupBy", in("groupBy", []any{map[string]any{"dimension": "REGION_CODE", "tagKey": "env"}})},
		{"tag as a dimension", in("groupBy", []any{map[string]any{"dimension": "RESOURCE_TAG"}})},
		{"unknown enum in variables", in("groupBy", []any{map[string]any{"dimension": "SERVICE"}})},
		{"UNKNOWN granularity", in("granularity", "UNKNOWN")},
		{"split item with original cost", in("groupBy", []any{map[string]any{"dimension": "SPLIT_ITEM_NAME"}})},
		{"filter without values", in("filters", []any{map[string]any{"dimension": "REGION_CODE", "values": []any{}}})},
		{"filter with 101 values", in("filters", []any{map[string]any{"dimension": "RESOURCE_ID", "values": values(101)}})},
		{"first over 1000", in("first", 1001)},
		{"offset over 200000", in("after", graph.CursorAt("Customer.costs", 200000))},
	} {
		r := e.query(q, tc.vars)
		if codes := r.errorCodes(); len(codes) == 0 || codes[0] != "BAD_USER_INPUT" {
			t.Errorf("%s: errors = %+v, want BAD_USER_INPUT", tc.name, r.Errors)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("bad input cost %d upstream calls, want 0: %v", n, e.calls())
	}
	// 100 values is the limit, not over it.
	r := e.query(q, in("filters", []any{map[string]any{"dimension": "RESOURCE_ID", "values": values(100)}}))
	r.mustData(t)
}

// TestCosts_ReferenceExample serves the reference's example of 8.1: its
// string amounts arrive exactly ("13225.00"), and its undocumented "tag"
// key maps to TAG with the raw key beside it.
func TestCosts_ReferenceExample(t *testing.T) {
	t.Parallel()
	bss := newCannedBSS()
	bss.handle("POST /v4/costs/cost-analysed-bills/query", exampleBody(t, "costs"))
	e := envWith(t, bss, nil, false)
	r := e.do(request{token: "example", query: `{ viewer { costs(input: {from: "2021-07-14", to: "2021-07-15", groupBy: [{dimension: CLOUD_SERVICE_TYPE}],
		filters: [{dimension: REGION_CODE, values: ["cn-north-1"]}], first: 10}) {
		totalCount currency rows { nodes { dimensions { key keyCode value } amount { amount currency rawAmount measureId } officialAmount { amount }
			costs { timeDimensionValue date month granularity granularityCode amount { amount } officialAmount { amount } } } } } } }`})
	row := dig(r.mustData(t), "viewer", "costs", "rows", "nodes", 0)
	for _, c := range []struct {
		path []any
		want any
	}{
		{[]any{"amount", "amount"}, "13225.00"},
		{[]any{"amount", "rawAmount"}, "13225.00"},
		{[]any{"amount", "currency"}, "USD"},
		{[]any{"amount", "measureId"}, nil},
		{[]any{"officialAmount", "amount"}, "13225.00"},
		{[]any{"dimensions", 0, "key"}, "TAG"},
		{[]any{"dimensions", 0, "keyCode"}, "tag"},
		{[]any{"dimensions", 0, "value"}, "Group:noTagKey"},
		{[]any{"costs", 0, "month"}, "2021-08"},
		{[]any{"costs", 0, "date"}, nil},
		{[]any{"costs", 0, "granularity"}, "MONTH"},
		{[]any{"costs", 0, "amount", "amount"}, "13225.00"},
	} {
		if got := dig(row, c.path...); got != c.want {
			t.Errorf("row.%v = %#v, want %#v", c.path, got, c.want)
		}
	}
	// The request is the documented one: limit and offset, the time
	// condition by day, one dimension, the filter.
	var req map[string]any
	json.Unmarshal([]byte(bss.bodies["POST /v4/costs/cost-analysed-bills/query"][0]), &req)
	for _, want := range []string{`"time_condition":{"begin_time":"2021-07-14","end_time":"2021-07-15","time_measure_id":1}`,
		`"groupby":[{"key":"CLOUD_SERVICE_TYPE","type":"dimension"}]`, `"cost_type":"ORIGINAL_COST"`, `"amount_type":"PAYMENT_AMOUNT"`,
		`"filters":[{"filter_factor":{"key":"REGION_CODE","value":["cn-north-1"]},"operator":0}]`, `"limit":10`, `"offset":0`} {
		if got := jsonText(t, req); !strings.Contains(got, want) {
			t.Errorf("request %s lacks %s", got, want)
		}
	}
}
