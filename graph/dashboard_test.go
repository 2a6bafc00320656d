package graph_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"bssgraph/graph"
	"bssgraph/upstream/sandbox"
)

// F12: what a dashboard shows in one round trip.

func TestServerTime_SandboxClock(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.resetCalls()
	d := e.query(`{ serverTime }`, nil).mustData(t)
	if got, want := d["serverTime"], sandbox.Epoch.Format(time.RFC3339); got != want {
		t.Errorf("serverTime = %v, want the sandbox's clock %s", got, want)
	}
	if c := e.calls(); len(c) != 0 {
		t.Errorf("serverTime made upstream calls: %v", c)
	}
}

// Without a BSS clock (a real upstream), serverTime is the gateway's clock.
func TestServerTime_RealClock(t *testing.T) {
	t.Parallel()
	srv := handler.New(graph.NewSchema(graph.Options{}))
	srv.AddTransport(transport.POST{})
	gql := httptest.NewServer(srv)
	t.Cleanup(gql.Close)
	e := &env{t: t, gql: gql}
	before := time.Now().Truncate(time.Second)
	d := e.do(request{query: `{ serverTime }`}).mustData(t)
	after := time.Now()
	got, err := time.Parse(time.RFC3339, fmt.Sprint(d["serverTime"]))
	if err != nil || got.Before(before) || got.After(after) {
		t.Errorf("serverTime = %v (%v), want between %s and %s", d["serverTime"], err, before, after)
	}
}

// namesQuery selects every row type that carries service and resource type
// codes, with the names the catalog gives them.
const namesQuery = `{ viewer {
	monthlyBill(cycle: "2026-09") { records { serviceTypeCode serviceType { code name } resourceTypeCode resourceType { code name } } }
	byResourceType: monthlyBill(cycle: "2026-09", serviceTypeCode: "hws.service.type.ec2") {
		records { serviceTypeCode serviceType { code name } resourceTypeCode resourceType { code name } } }
	usageRecords(filter: {cycle: "2026-09"}, first: 200) { nodes { serviceTypeCode serviceType { code name } resourceTypeCode resourceType { code name } } }
	expenditures(filter: {cycle: "2026-09"}, first: 200) { nodes { serviceTypeCode serviceType { code name } resourceTypeCode resourceType { code name } } }
	costs(input: {from: "2026-09-01", to: "2026-09-30", granularity: MONTH,
		groupBy: [{dimension: CLOUD_SERVICE_TYPE}, {dimension: RESOURCE_TYPE}], first: 200}) {
		rows { nodes { dimensions { key value serviceType { code name } resourceType { code name } } } } }
} }`

// Bill and cost rows name their service and resource types from the shared
// catalog, in the caller's language, at no upstream call when it is warm.
func TestNamesOnRows_MatchCatalog(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	byLang := map[string]map[string]string{}
	for _, lang := range []string{"zh_CN", "en_US"} {
		cat := e.doLang(lang, `{ serviceTypes(first: 1000) { nodes { code name } } resourceTypes(first: 1000) { nodes { code name } } }`)
		catalog := map[string]string{} // "service:"/"resource:" + code -> name
		for _, kind := range []string{"serviceTypes", "resourceTypes"} {
			for _, n := range dig(cat.mustData(t), kind, "nodes").([]any) {
				catalog[kind+":"+dig(n, "code").(string)] = dig(n, "name").(string)
			}
		}
		e.resetCalls()
		r := e.doLang(lang, namesQuery)
		d := r.mustData(t)
		if n := catalogCalls(e.calls()); n != 0 {
			t.Errorf("%s: %d catalog calls with the catalog warm, want 0: %v", lang, n, e.calls())
		}
		names := map[string]string{}
		checked := map[string]int{}
		check := func(where, kind, code string, obj any) {
			if code == "" {
				if obj != nil {
					t.Errorf("%s %s: %s %v without a code", lang, where, kind, obj)
				}
				return
			}
			want, listed := catalog[kind+":"+code]
			got, _ := dig(obj, "name").(string)
			if !listed || dig(obj, "code") != code || got != want {
				t.Errorf("%s %s: %s of %q = %v, want the catalog's %q (listed %v)", lang, where, kind, code, obj, want, listed)
			}
			names[kind+":"+code] = got
			checked[where+" "+kind]++
		}
		rows := func(where string, list any) {
			for _, n := range list.([]any) {
				st, _ := dig(n, "serviceTypeCode").(string)
				rt, _ := dig(n, "resourceTypeCode").(string)
				check(where, "serviceTypes", st, dig(n, "serviceType"))
				check(where, "resourceTypes", rt, dig(n, "resourceType"))
			}
		}
		rows("monthlyBill", dig(d, "viewer", "monthlyBill", "records"))
		rows("monthlyBill by resource type", dig(d, "viewer", "byResourceType", "records"))
		rows("usageRecords", dig(d, "viewer", "usageRecords", "nodes"))
		rows("expenditures", dig(d, "viewer", "expenditures", "nodes"))
		for _, row := range dig(d, "viewer", "costs", "rows", "nodes").([]any) {
			for _, dim := range dig(row, "dimensions").([]any) {
				value, _ := dig(dim, "value").(string)
				switch dig(dim, "key") {
				case "CLOUD_SERVICE_TYPE":
					check("costs", "serviceTypes", value, dig(dim, "serviceType"))
					if dig(dim, "resourceType") != nil {
						t.Errorf("%s: a service dimension has a resource type: %v", lang, dim)
					}
				case "RESOURCE_TYPE":
					check("costs", "resourceTypes", value, dig(dim, "resourceType"))
					if dig(dim, "serviceType") != nil {
						t.Errorf("%s: a resource type dimension has a service type: %v", lang, dim)
					}
				}
			}
		}
		for _, where := range []string{"monthlyBill serviceTypes", "monthlyBill by resource type resourceTypes",
			"usageRecords serviceTypes", "usageRecords resourceTypes", "expenditures serviceTypes",
			"expenditures resourceTypes", "costs serviceTypes", "costs resourceTypes"} {
			if checked[where] == 0 {
				t.Errorf("%s: no %s named: the test checked nothing there (%s)", lang, where, r.raw[:min(len(r.raw), 400)])
			}
		}
		byLang[lang] = names
	}
	differ := 0
	for k, zh := range byLang["zh_CN"] {
		if en, ok := byLang["en_US"][k]; ok && en != zh {
			differ++
		}
	}
	if differ == 0 {
		t.Errorf("no name differs between zh_CN and en_US: %v", byLang)
	}
}

// Names cost nothing beyond the catalog: the same rows with and without
// them make the same calls once the catalog is warm.
func TestNamesOnRows_NoExtraCalls(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.doLang("en_US", namesQuery).mustData(t) // warms the catalog
	e.resetCalls()
	e.doLang("en_US", namesQuery).mustData(t)
	with := e.calls()
	bare := namesQuery
	for _, sel := range []string{" serviceType { code name }", " resourceType { code name }"} {
		bare = strings.ReplaceAll(bare, sel, "")
	}
	e.resetCalls()
	e.doLang("en_US", bare).mustData(t)
	if without := e.calls(); !countsEqual(with, without) {
		t.Errorf("calls with names %v, without %v: want equal", with, without)
	}
}

const balanceSel = `viewer { balance { accounts { accountId amount { amount } } } }`

// The payload's query reads the balance after the payment, in the same
// round trip.
func TestPayOrder_QueryReadsBalanceAfterPayment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findOrders(t, e)
	before := jsonText(t, e.query(`{ `+balanceSel+` }`, nil).mustData(t))
	e.resetCalls()
	d := e.query(`mutation($id: String!) { payOrder(input: {orderId: $id}) { paid userErrors { code } query { `+balanceSel+` serverTime } } }`,
		map[string]any{"id": f.pendingPurchase}).mustData(t)
	if dig(d, "payOrder", "paid") != true {
		t.Fatalf("payOrder = %v, want paid", d)
	}
	inPayload := jsonText(t, dig(d, "payOrder", "query"))
	after := jsonText(t, map[string]any{"viewer": dig(d, "payOrder", "query", "viewer"), "serverTime": sandbox.Epoch.Format(time.RFC3339)})
	if inPayload != after {
		t.Errorf("payload query = %s, want %s", inPayload, after)
	}
	if c := e.calls(); c["PayOrders"] != 1 || c["ShowCustomerAccountBalances"] != 1 {
		t.Errorf("calls = %v, want one payment and one balance read after it", c)
	}
	later := jsonText(t, e.query(`{ `+balanceSel+` }`, nil).mustData(t))
	if got := jsonText(t, map[string]any{"viewer": dig(d, "payOrder", "query", "viewer")}); got != later {
		t.Errorf("balance in the payload %s, read afterwards %s: want equal", got, later)
	}
	if later == before {
		t.Errorf("balance unchanged by the payment (%s): the test cannot tell a stale read", before)
	}
}

// Every mutation payload carries the root query, resolved after the
// mutation, and the budget counts what it selects before anything runs.
func TestMutationPayloads_CarryQuery(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	f := findOrders(t, e)
	res := findResources(t, e)
	for _, tc := range []struct{ name, mutation string }{
		{"payOrder", `payOrder(input: {orderId: "` + f.pendingPurchase + `"})`},
		{"cancelOrder", `cancelOrder(input: {orderId: "` + f.pendingCombined + `"})`},
		{"renewResources", `renewResources(input: {resourceIds: ["` + res.renewable[0] + `"], periodType: MONTH, periodNum: 1})`},
		{"unsubscribeResources", `unsubscribeResources(input: {resourceIds: ["` + res.renewable[1] + `"], type: RENEWAL_PERIODS_ONLY, confirm: true})`},
		{"enableAutoRenew", `enableAutoRenew(input: {resourceId: "` + res.primary + `"})`},
		{"disableAutoRenew", `disableAutoRenew(input: {resourceId: "` + res.primary + `"})`},
		{"setPayPerUseAfterExpiry", `setPayPerUseAfterExpiry(input: {resourceIds: ["` + res.primary + `"], operation: SET_UP})`},
	} {
		d := e.query(`mutation { m: `+tc.mutation+` { query { serverTime viewer { balance { currency } } } } }`, nil).mustData(t)
		if dig(d, "m", "query", "serverTime") != sandbox.Epoch.Format(time.RFC3339) || dig(d, "m", "query", "viewer", "balance", "currency") == nil {
			t.Errorf("%s: payload query = %v, want serverTime and the balance", tc.name, d)
		}
	}

	// 1000 user names cost 1000 calls: the mutation is refused unsent.
	e.resetCalls()
	r := e.query(`mutation { payOrder(input: {orderId: "`+f.pendingRenewal+`"}) { paid query { viewer { orders(first: 1000) { nodes { userName } } } } } }`, nil)
	if codes := r.errorCodes(); len(codes) != 1 || codes[0] != "LIMIT_EXCEEDED" {
		t.Fatalf("errors = %+v, want LIMIT_EXCEEDED", r.Errors)
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("refused mutation made %d calls: %v", n, e.calls())
	}
}

// Resource.usageRecords is 7.2 filtered by the resource's id: the same
// records as Customer.usageRecords with filter.resourceId, one call per
// resource, and its cost counts in the estimate.
func TestResourceUsageRecords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// Yearly/monthly resources are charged in the month they start.
	first := e.query(`{ viewer { resources(first: 1) { nodes { effectiveAt } } } }`, nil).mustData(t)
	start, err := time.Parse(time.RFC3339, fmt.Sprint(dig(first, "viewer", "resources", "nodes", 0, "effectiveAt")))
	if err != nil {
		t.Fatal(err)
	}
	cycle := start.In(time.FixedZone("GMT+08:00", 8*3600)).Format("2006-01")
	e.resetCalls()
	d := e.query(`query($cycle: Month!) { viewer { resources(first: 40) { nodes { resourceId
		usageRecords(cycle: $cycle, first: 100) { totalCount nodes { resourceId cycle consumeAmount { amount } } } } } } }`,
		map[string]any{"cycle": cycle}).mustData(t)
	if got := e.calls()["ListResourceUsageRecords"]; got != 40 {
		t.Errorf("7.2 calls = %d, want one per resource (40): %v", got, e.calls())
	}
	var id string
	var own any
	for _, n := range dig(d, "viewer", "resources", "nodes").([]any) {
		for _, rec := range dig(n, "usageRecords", "nodes").([]any) {
			if dig(rec, "resourceId") != dig(n, "resourceId") || dig(rec, "cycle") != cycle {
				t.Errorf("record %v listed under resource %v", rec, dig(n, "resourceId"))
			}
		}
		if id == "" && !isNumber(dig(n, "usageRecords", "totalCount"), 0) {
			id, own = dig(n, "resourceId").(string), dig(n, "usageRecords")
		}
	}
	if id == "" {
		t.Fatalf("no resource with usage records in %s: the test checks nothing", cycle)
	}
	all := e.query(`query($id: String!, $cycle: Month!) { viewer { usageRecords(filter: {cycle: $cycle, resourceId: $id}, first: 100) {
		totalCount nodes { resourceId cycle consumeAmount { amount } } } } }`, map[string]any{"id": id, "cycle": cycle}).mustData(t)
	if got, want := jsonText(t, own), jsonText(t, dig(all, "viewer", "usageRecords")); got != want {
		t.Errorf("Resource.usageRecords = %s, Customer.usageRecords with resourceId = %s", got, want)
	}

	e.resetCalls()
	r := e.query(`{ viewer { resources(first: 300) { nodes { usageRecords(cycle: "2026-09") { totalCount } } } } }`, nil)
	if codes := r.errorCodes(); len(codes) != 1 || codes[0] != "LIMIT_EXCEEDED" || !isNumber(r.Errors[0].Extensions["estimatedCalls"], 301) {
		t.Errorf("300 resources' usage: errors = %+v, want LIMIT_EXCEEDED estimating 301 calls", r.Errors)
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("refused query made %d calls", n)
	}
}

// Order.expenditures is 7.3 filtered by trade_id, by default in the month
// the order was paid (else created) in, GMT+08:00.
func TestOrderExpenditures(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.resetCalls()
	d := e.query(`{ viewer { orders(first: 30, filter: {status: COMPLETED}) { nodes { orderId paidAt createdAt
		expenditures(first: 100) { totalCount nodes { tradeId billDate amount { amount } } } } } } }`, nil).mustData(t)
	if got := e.calls()["ListResourceExpenditures"]; got != 30 {
		t.Errorf("7.3 calls = %d, want one per order (30): %v", got, e.calls())
	}
	var id, cycle string
	var own any
	for _, n := range dig(d, "viewer", "orders", "nodes").([]any) {
		at := dig(n, "paidAt")
		if at == nil { // unsubscriptions are never paid
			at = dig(n, "createdAt")
		}
		paid, err := time.Parse(time.RFC3339, fmt.Sprint(at))
		if err != nil {
			t.Fatalf("order without paidAt or createdAt: %v", n)
		}
		month := paid.In(time.FixedZone("GMT+08:00", 8*3600)).Format("2006-01")
		for _, rec := range dig(n, "expenditures", "nodes").([]any) {
			if dig(rec, "tradeId") != dig(n, "orderId") || !strings.HasPrefix(fmt.Sprint(dig(rec, "billDate")), month) {
				t.Errorf("record %v listed under order %v paid %s", rec, dig(n, "orderId"), month)
			}
		}
		if id == "" && !isNumber(dig(n, "expenditures", "totalCount"), 0) {
			id, cycle, own = dig(n, "orderId").(string), month, dig(n, "expenditures")
		}
	}
	if id == "" {
		t.Fatal("no completed order with expenditures: the test checks nothing")
	}
	vars := map[string]any{"id": id, "trade": id, "cycle": cycle}
	all := e.query(`query($id: ID!, $trade: String!, $cycle: Month!) { viewer {
		expenditures(filter: {cycle: $cycle, tradeId: $trade}, first: 100) { totalCount nodes { tradeId billDate amount { amount } } }
		order(id: $id) { explicit: expenditures(cycle: $cycle, first: 100) { totalCount nodes { tradeId billDate amount { amount } } } }
	} }`, vars).mustData(t)
	want := jsonText(t, dig(all, "viewer", "expenditures"))
	if got := jsonText(t, own); got != want {
		t.Errorf("Order.expenditures = %s, Customer.expenditures with tradeId = %s", got, want)
	}
	if got := jsonText(t, dig(all, "viewer", "order", "explicit")); got != want {
		t.Errorf("Order.expenditures(cycle: %s) = %s, want %s", cycle, got, want)
	}
}
