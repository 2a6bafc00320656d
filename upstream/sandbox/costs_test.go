package sandbox

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

func costQuery(measure int, begin, end string, keys ...string) *upstream.CostQueryRequest {
	req := &upstream.CostQueryRequest{
		TimeCondition: upstream.CostTimeCondition{TimeMeasureID: measure, BeginTime: begin, EndTime: end},
		CostType:      upstream.CostTypeOriginal, AmountType: upstream.CostAmountPayment, ListOptions: upstream.ListOptions{Limit: 1000},
	}
	for _, k := range keys {
		req.GroupBy = append(req.GroupBy, upstream.CostGroupBy{Type: "dimension", Key: k})
	}
	return req
}

func costTotal(p *upstream.CostPage) decimal.Decimal {
	return sumOf(p.Data, func(d upstream.CostData) decimal.Decimal { return d.AmountByCosts.Decimal })
}

func TestCosts_ClientRoundTrip(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	ctx := as(t.Context(), TokenCustomer)
	p, err := c.Costs.Query(ctx, costQuery(upstream.CostByMonth, "2026-05", lastCycle, "CLOUD_SERVICE_TYPE"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Currency != "USD" || p.TotalCount < 5 || len(p.Data) != p.TotalCount {
		t.Fatalf("cost page: %+v", p)
	}
	for _, d := range p.Data {
		if len(d.Dimensions) != 1 || d.Dimensions[0].Key != "CLOUD_SERVICE_TYPE" || !strings.HasPrefix(d.Dimensions[0].Value, "hws.service.type.") {
			t.Errorf("dimensions %+v", d.Dimensions)
		}
		buckets := decimal.Zero
		for _, b := range d.Costs {
			if b.TimeMeasureID != upstream.CostByMonth || len(b.TimeDimensionValue) != 7 || b.TimeDimensionValue < "2026-05" || b.TimeDimensionValue > lastCycle {
				t.Errorf("cost bucket %+v", b)
			}
			buckets = buckets.Add(b.Amount.Decimal)
		}
		if !buckets.Equal(d.AmountByCosts.Decimal) {
			t.Errorf("%s: buckets add up to %s, amount_by_costs %s", d.Dimensions[0].Value, buckets, d.AmountByCosts)
		}
	}
	// Daily buckets of a month add up to the month, whatever the grouping.
	month, _ := c.Costs.Query(ctx, costQuery(upstream.CostByMonth, lastCycle, lastCycle, "REGION_CODE"))
	days, err := c.Costs.Query(ctx, costQuery(upstream.CostByDay, "2026-10-01", "2026-10-31", "RESOURCE_TYPE", "CHARGING_MODE"))
	if err != nil {
		t.Fatal(err)
	}
	if !costTotal(month).Equal(costTotal(days)) || costTotal(month).IsZero() {
		t.Errorf("month by region %s, days by resource type and charging mode %s", costTotal(month), costTotal(days))
	}
	for _, d := range days.Data {
		if len(d.Dimensions) != 2 || d.Dimensions[1].Key != "CHARGING_MODE" || (d.Dimensions[1].Value != "1" && d.Dimensions[1].Value != "3") {
			t.Errorf("two dimensions: %+v", d.Dimensions)
		}
		for _, b := range d.Costs {
			if len(b.TimeDimensionValue) != 10 || b.TimeMeasureID != upstream.CostByDay {
				t.Errorf("daily bucket %+v", b)
			}
		}
	}
	// Filters: include one service, exclude it.
	svc := month.Data[0]
	all := costTotal(month)
	in := costQuery(upstream.CostByMonth, lastCycle, lastCycle, "CLOUD_SERVICE_TYPE")
	in.Filters = []upstream.CostFilter{{Operator: upstream.CostFilterInclude, FilterFactor: upstream.CostFilterFactor{Key: "REGION_CODE", Value: []string{svc.Dimensions[0].Value}}}}
	ex := costQuery(upstream.CostByMonth, lastCycle, lastCycle, "CLOUD_SERVICE_TYPE")
	ex.Filters = []upstream.CostFilter{{Operator: upstream.CostFilterExclude, FilterFactor: upstream.CostFilterFactor{Key: "REGION_CODE", Value: []string{svc.Dimensions[0].Value}}}}
	pin, err1 := c.Costs.Query(ctx, in)
	pex, err2 := c.Costs.Query(ctx, ex)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !costTotal(pin).Equal(svc.AmountByCosts.Decimal) || !costTotal(pin).Add(costTotal(pex)).Equal(all) {
		t.Errorf("region %s: included %s (want %s), excluded %s, all %s", svc.Dimensions[0].Value, costTotal(pin), svc.AmountByCosts, costTotal(pex), all)
	}
	// Net amounts leave out cash coupons; official amounts are list prices.
	net := costQuery(upstream.CostByMonth, "2026-05", lastCycle, "BILL_TYPE")
	net.AmountType = upstream.CostAmountNet
	pn, err := c.Costs.Query(ctx, net)
	if err != nil {
		t.Fatal(err)
	}
	if costTotal(pn).GreaterThan(costTotal(p)) {
		t.Errorf("net amount %s above payment amount %s", costTotal(pn), costTotal(p))
	}
	// Paging over groups.
	one := costQuery(upstream.CostByMonth, lastCycle, lastCycle, "RESOURCE_ID")
	one.Limit = 3
	off := 3
	one.Offset = &off
	pg, err := c.Costs.Query(ctx, one)
	if err != nil || len(pg.Data) != 3 || pg.TotalCount < 20 {
		t.Errorf("page of resources: %d of %d, %v", len(pg.Data), pg.TotalCount, err)
	}
}

// TestCosts_Amortized checks that amortizing moves yearly/monthly charges
// to the periods they pay for: over the 18 months, amortized costs are
// spread more evenly, and each amortized month is bounded by what was
// charged for the periods covering it.
func TestCosts_Amortized(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{Orders: 60, Resources: 150, Months: 36, Members: 5})
	c := ldgClient(t, srv)
	ctx := as(t.Context(), TokenCustomer)
	orig := costQuery(upstream.CostByMonth, "2025-05", lastCycle, "CHARGING_MODE")
	am := costQuery(upstream.CostByMonth, "2025-05", lastCycle, "CHARGING_MODE")
	am.CostType = upstream.CostTypeAmortized
	po, err1 := c.Costs.Query(ctx, orig)
	pa, err2 := c.Costs.Query(ctx, am)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	byMode := func(p *upstream.CostPage, mode string) upstream.CostData {
		for _, d := range p.Data {
			if d.Dimensions[0].Value == mode {
				return d
			}
		}
		t.Fatalf("no charging mode %s in %+v", mode, p.Data)
		return upstream.CostData{}
	}
	// Pay-per-use is not amortized.
	if o, a := byMode(po, "3"), byMode(pa, "3"); !o.AmountByCosts.Equal(a.AmountByCosts.Decimal) {
		t.Errorf("pay-per-use: original %s, amortized %s", o.AmountByCosts, a.AmountByCosts)
	}
	o, a := byMode(po, "1"), byMode(pa, "1")
	if a.AmountByCosts.IsZero() || len(a.Costs) != 18 {
		t.Errorf("amortized yearly/monthly costs: %s over %d months", a.AmountByCosts, len(a.Costs))
	}
	spread := func(d upstream.CostData) decimal.Decimal {
		lo, hi := d.Costs[0].Amount.Decimal, d.Costs[0].Amount.Decimal
		for _, b := range d.Costs {
			lo, hi = decimal.Min(lo, b.Amount.Decimal), decimal.Max(hi, b.Amount.Decimal)
		}
		return hi.Sub(lo)
	}
	if spread(a).GreaterThan(spread(o)) {
		t.Errorf("amortized monthly costs vary by %s, original ones by %s", spread(a), spread(o))
	}
}

func TestCosts_BadInput(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	_, big := ldgServer(t, Sizes{Orders: 60, Resources: 150, Months: 6, Members: 24})
	const path = "/v4/costs/cost-analysed-bills/query"
	q := func(tc, rest string) string {
		return `{"time_condition":` + tc + `,"cost_type":"ORIGINAL_COST","amount_type":"PAYMENT_AMOUNT"` + rest + `}`
	}
	month := `{"time_measure_id":2,"begin_time":"2026-10","end_time":"2026-10"}`
	svc := `,"groupby":[{"type":"dimension","key":"CLOUD_SERVICE_TYPE"}]`
	member1 := memberID(t, srv, "sandbox-member-1")
	values := func(n int) string {
		vs := make([]string, n)
		for i := range vs {
			vs[i] = fmt.Sprintf(`"v%d"`, i)
		}
		return "[" + strings.Join(vs, ",") + "]"
	}
	tests := []struct {
		name, token, body string
		status            int
		code              string
	}{
		{"no body", TokenCustomer, "", 400, "CBC.0100"},
		{"no time_condition", TokenCustomer, `{"groupby":[{"type":"dimension","key":"CLOUD_SERVICE_TYPE"}],"cost_type":"ORIGINAL_COST","amount_type":"PAYMENT_AMOUNT"}`, 400, "CBC.0100"},
		{"time_measure_id 3", TokenCustomer, q(`{"time_measure_id":3,"begin_time":"2026-10","end_time":"2026-10"}`, svc), 400, "CBC.0100"},
		{"month format by day", TokenCustomer, q(`{"time_measure_id":1,"begin_time":"2026-10","end_time":"2026-10"}`, svc), 400, "CBC.0100"},
		{"day format by month", TokenCustomer, q(`{"time_measure_id":2,"begin_time":"2026-10-01","end_time":"2026-10-31"}`, svc), 400, "CBC.0100"},
		{"end before begin", TokenCustomer, q(`{"time_measure_id":2,"begin_time":"2026-10","end_time":"2026-09"}`, svc), 400, "CBC.0100"},
		{"older than 18 months", TokenCustomer, q(`{"time_measure_id":2,"begin_time":"2025-04","end_time":"2026-10"}`, svc), 400, "CBC.0100"},
		{"no groupby", TokenCustomer, q(month, ""), 400, "CBC.0100"},
		{"three groupby", TokenCustomer, q(month, `,"groupby":[{"type":"dimension","key":"CLOUD_SERVICE_TYPE"},{"type":"dimension","key":"REGION_CODE"},{"type":"tag","key":"env"}]`), 400, "CBC.0100"},
		{"unknown dimension", TokenCustomer, q(month, `,"groupby":[{"type":"dimension","key":"COLOUR"}]`), 400, "CBC.0100"},
		{"unknown groupby type", TokenCustomer, q(month, `,"groupby":[{"type":"label","key":"x"}]`), 400, "CBC.0100"},
		{"same dimension twice", TokenCustomer, q(month, `,"groupby":[{"type":"dimension","key":"REGION_CODE"},{"type":"dimension","key":"REGION_CODE"}]`), 400, "CBC.0100"},
		{"two tags", TokenCustomer, q(month, `,"groupby":[{"type":"tag","key":"env"},{"type":"tag","key":"team"}]`), 400, "CBC.0100"},
		{"split item with original cost", TokenCustomer, q(month, `,"groupby":[{"type":"dimension","key":"SPLIT_ITEM_NAME"}]`), 400, "CBC.0100"},
		{"bad cost_type", TokenCustomer, `{"time_condition":` + month + svc + `,"cost_type":"REAL_COST","amount_type":"PAYMENT_AMOUNT"}`, 400, "CBC.0100"},
		{"no amount_type", TokenCustomer, `{"time_condition":` + month + svc + `,"cost_type":"ORIGINAL_COST"}`, 400, "CBC.0100"},
		{"filter without values", TokenCustomer, q(month, svc+`,"filters":[{"operator":0,"filter_factor":{"key":"REGION_CODE","value":[]}}]`), 400, "CBC.0100"},
		{"filter with 101 values", TokenCustomer, q(month, svc+`,"filters":[{"operator":0,"filter_factor":{"key":"RESOURCE_ID","value":`+values(101)+`}}]`), 400, "CBC.0100"},
		{"filter operator 2", TokenCustomer, q(month, svc+`,"filters":[{"operator":2,"filter_factor":{"key":"REGION_CODE","value":["x"]}}]`), 400, "CBC.0100"},
		{"filter unknown key", TokenCustomer, q(month, svc+`,"filters":[{"operator":0,"filter_factor":{"key":"COLOUR","value":["x"]}}]`), 400, "CBC.0100"},
		{"limit 1001", TokenCustomer, q(month, svc+`,"limit":1001`), 400, "CBC.0100"},
		{"offset 200001", TokenCustomer, q(month, svc+`,"offset":200001`), 400, "CBC.0100"},
		{"partner without Cost Center", TokenPartner, q(month, svc), 400, "CBC.18000014"},
		{"member asking for another account", "sandbox-member-1", q(month, svc+`,"filters":[{"operator":0,"filter_factor":{"key":"ASSOCIATED_ACCOUNT","value":["`+DomainEnterprise+`"]}}]`), 400, "CBC.18000053"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := call(t, srv, "POST", path, tt.token, tt.body)
			if status != tt.status || !strings.Contains(body, `"error_code":"`+tt.code+`"`) {
				t.Errorf("got %d %s, want %d %s", status, body, tt.status, tt.code)
			}
		})
	}
	t.Run("member asking for itself", func(t *testing.T) {
		t.Parallel()
		status, body := call(t, srv, "POST", path, "sandbox-member-1", q(month, svc+`,"filters":[{"operator":0,"filter_factor":{"key":"ASSOCIATED_ACCOUNT","value":["`+member1+`"]}}]`))
		if status != 200 || strings.Contains(body, "error_code") {
			t.Errorf("got %d %.200s", status, body)
		}
	})
	t.Run("too many independent members", func(t *testing.T) {
		t.Parallel()
		// 24 members: 12 independently accounted, above the limit of 10.
		status, body := call(t, big, "POST", path, TokenEnterprise, q(month, svc))
		if status != 400 || !strings.Contains(body, `"error_code":"CBC.18000048"`) {
			t.Errorf("got %d %s, want 400 CBC.18000048", status, body)
		}
		// Naming the members to query is accepted.
		status, body = call(t, big, "POST", path, TokenEnterprise, q(month, svc+`,"filters":[{"operator":0,"filter_factor":{"key":"ASSOCIATED_ACCOUNT","value":["`+DomainEnterprise+`"]}}]`))
		if status != 200 {
			t.Errorf("with an account filter: %d %.200s", status, body)
		}
	})
}

// TestCosts_Isolation: each account's costs are its own; the enterprise
// master's cover itself and its members, by ASSOCIATED_ACCOUNT.
func TestCosts_Isolation(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	members := map[string]bool{}
	for i := 1; i <= smallSizes.Members; i++ {
		members[memberID(t, srv, fmt.Sprintf("sandbox-member-%d", i))] = true
	}
	for _, tc := range []struct {
		token string
		want  func(string) bool
	}{
		{TokenCustomer, func(id string) bool { return id == DomainCustomer }},
		{TokenEnterprise, func(id string) bool { return id == DomainEnterprise || members[id] }},
		{"sandbox-member-3", func(id string) bool { return members[id] }},
	} {
		p, err := c.Costs.Query(as(t.Context(), tc.token), costQuery(upstream.CostByMonth, "2026-05", lastCycle, "ASSOCIATED_ACCOUNT"))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range p.Data {
			if !tc.want(d.Dimensions[0].Value) {
				t.Errorf("%s sees the costs of %s", tc.token, d.Dimensions[0].Value)
			}
		}
		if tc.token == TokenEnterprise && p.TotalCount != 1+len(members) {
			t.Errorf("the master sees %d accounts, want %d", p.TotalCount, 1+len(members))
		}
		if tc.token != TokenEnterprise && p.TotalCount != 1 {
			t.Errorf("%s sees %d accounts", tc.token, p.TotalCount)
		}
	}
	// Another account's resource ids filter to nothing.
	ent, _ := c.Costs.Query(as(t.Context(), TokenEnterprise), costQuery(upstream.CostByMonth, lastCycle, lastCycle, "RESOURCE_ID"))
	req := costQuery(upstream.CostByMonth, lastCycle, lastCycle, "RESOURCE_ID")
	req.Filters = []upstream.CostFilter{{Operator: upstream.CostFilterInclude, FilterFactor: upstream.CostFilterFactor{Key: "RESOURCE_ID", Value: []string{ent.Data[0].Dimensions[0].Value}}}}
	if p, err := c.Costs.Query(as(t.Context(), TokenCustomer), req); err != nil || p.TotalCount != 0 {
		t.Errorf("the customer filtering an enterprise resource: %+v %v", p, err)
	}
}
