package graph_test

import (
	"os"
	"testing"

	"bssgraph/upstream/sandbox"
)

// Benchmarks of whole GraphQL operations through the real stack: the gqlgen
// handler with the graph layer, per-request loaders, the upstream client and
// the sandbox over loopback HTTP (quotas off). Each reports the upstream
// calls one operation cost.

func benchOperation(b *testing.B, query string, vars map[string]any) {
	e := newEnv(b)
	// Warm the shared catalog cache, as a running gateway would be.
	r := e.do(request{token: sandbox.TokenCustomer, query: query, vars: vars})
	if len(r.Errors) > 0 {
		b.Fatalf("errors: %+v", r.Errors)
	}
	e.resetCalls()
	b.ReportAllocs()
	for b.Loop() {
		e.do(request{token: sandbox.TokenCustomer, query: query, vars: vars})
	}
	b.ReportMetric(float64(e.sandbox.TotalCalls())/float64(b.N), "upstream-calls/op")
}

func BenchmarkDashboard(b *testing.B) {
	q, err := os.ReadFile("testdata/bench_dashboard.graphql")
	if err != nil {
		b.Fatal(err)
	}
	benchOperation(b, string(q), nil)
}

// BenchmarkResources120 lists 120 resources with their parents and renewal
// prices: 1 list call, parents primed, renewal prices 10 per call.
func BenchmarkResources120(b *testing.B) {
	benchOperation(b, `{ viewer { resources(first: 120) { nodes {
		resourceId name status expiresAt parent { resourceId }
		renewalPrice(periodType: MONTH, periodNum: 1) { amount { amount } } } } } }`, nil)
}

// BenchmarkOrders20LineItems lists 20 orders with their line items: 1 list
// call and 20 detail calls (one per order, deduplicated).
func BenchmarkOrders20LineItems(b *testing.B) {
	benchOperation(b, `{ viewer { orders(first: 20) { nodes { orderId
		lineItems(first: 10) { nodes { lineItemId amountAfterDiscount { amount } } } } } } }`, nil)
}

// BenchmarkOrdersAll asks for 1000 orders of an account that has 300 (the
// test sizes): three upstream pages of 100, the last two fetched
// concurrently, stitched into one connection.
func BenchmarkOrdersAll(b *testing.B) {
	benchOperation(b, `{ viewer { orders(first: 1000) { totalCount nodes { orderId status amountAfterDiscount { amount currency } } } } }`, nil)
}

// BenchmarkDashboardParallel runs the dashboard from concurrent clients,
// each request with its own loaders: throughput of the whole stack on this
// machine's cores.
func BenchmarkDashboardParallel(b *testing.B) {
	q, err := os.ReadFile("testdata/bench_dashboard.graphql")
	if err != nil {
		b.Fatal(err)
	}
	e := newEnv(b)
	e.do(request{token: sandbox.TokenCustomer, query: string(q)})
	b.ReportAllocs()
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			e.do(request{token: sandbox.TokenCustomer, query: string(q)})
		}
	})
}
