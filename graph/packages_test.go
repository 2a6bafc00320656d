package graph_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"

	"bssgraph/graph"
	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// envWith is newEnv with a chosen upstream: h is served as BSS (a
// sandbox, or a stub answering the reference's examples), and IAM is
// configured only when iam is true. sb, when set, is the sandbox behind h
// for call counts.
func envWith(t *testing.T, h http.Handler, sb *sandbox.Server, iam bool) *env {
	t.Helper()
	up := httptest.NewServer(h)
	t.Cleanup(up.Close)
	bss, err := upstream.NewClient(up.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	opts := graph.Options{BSS: bss, Log: zerolog.New(testWriter{t}), Budget: 200}
	if iam {
		opts.IAM = upstream.NewIAM(up.URL, nil)
	}
	srv := handler.New(graph.NewSchema(opts))
	srv.AddTransport(transport.POST{})
	graph.Configure(opts)(srv)
	gql := httptest.NewServer(withCaller(loaders.Middleware(bss, nil)(srv)))
	t.Cleanup(gql.Close)
	return &env{t: t, sandbox: sb, gql: gql}
}

// cannedBSS serves canned answers by "METHOD path" and counts the calls.
type cannedBSS struct {
	mu     sync.Mutex
	calls  map[string]int
	bodies map[string][]string // request bodies, by route
	routes map[string]func(body []byte) (int, any)
}

func newCannedBSS() *cannedBSS {
	return &cannedBSS{calls: map[string]int{}, bodies: map[string][]string{}, routes: map[string]func([]byte) (int, any){}}
}

func (s *cannedBSS) handle(route string, f func(body []byte) (int, any)) { s.routes[route] = f }

func (s *cannedBSS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	route := r.Method + " " + r.URL.Path
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.calls[route]++
	s.bodies[route] = append(s.bodies[route], string(body))
	f := s.routes[route]
	s.mu.Unlock()
	if f == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	status, v := f(body)
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	switch b := v.(type) {
	case nil:
	case []byte:
		w.Write(b)
	default:
		json.NewEncoder(w).Encode(v)
	}
}

func (s *cannedBSS) count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[route]
}

func TestResourcePackages_Golden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.golden("packages_resource_packages", sandbox.TokenCustomer)
	r.mustData(t)
	// Two lists, and the usage of every item of every package in one
	// call, although both ResourcePackage.usage and FreeResource.usage ask.
	want := map[string]int{"ListFreeResourceInfos": 2, "ListFreeResourceUsages": 1}
	if got := e.calls(); !countsEqual(got, want) {
		t.Errorf("calls = %v, want %v", got, want)
	}
}

func TestPackageUsageRecords_Golden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.golden("packages_usage_records", sandbox.TokenCustomer)
	d := r.mustData(t)
	n := len(dig(d, "viewer", "resourcePackages", "nodes").([]any))
	if got := e.calls()["ListFreeResourceUsageRecords"]; got != n {
		t.Errorf("ListFreeResourceUsageRecords calls = %d, want one per package (%d)", got, n)
	}
	if isNumber(dig(d, "viewer", "resourcePackages", "nodes", 0, "usageRecords", "totalCount"), 0) {
		t.Errorf("the package in effect has no deductions in the window: %s", r.raw)
	}
}

func TestResourcePackageNode(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const fields = `id orderInstanceId productId productName status enterpriseProjectId`
	list := e.query(`{ viewer { resourcePackages(first: 20) { nodes { `+fields+` } } } }`, nil).mustData(t)
	nodes := dig(list, "viewer", "resourcePackages", "nodes").([]any)
	if len(nodes) < 2 {
		t.Fatalf("want packages to refetch, got %v", nodes)
	}
	for _, n := range nodes {
		e.resetCalls()
		id := n.(map[string]any)["id"]
		got := e.query(`query($id: ID!) { node(id: $id) { ... on ResourcePackage { `+fields+` } } }`, map[string]any{"id": id}).mustData(t)
		if b1, b2 := jsonText(t, got["node"]), jsonText(t, n); b1 != b2 {
			t.Errorf("node(%v) = %s, want the listed package %s", id, b1, b2)
		}
		if c := e.calls(); !countsEqual(c, map[string]int{"ListFreeResourceInfos": 1}) {
			t.Errorf("node(%v) calls = %v, want one 6.4.1 call", id, c)
		}
	}
	// Another account's package, or one that does not exist, is null.
	r := e.do(request{token: sandbox.TokenEnterprise, query: `query($id: ID!) { node(id: $id) { id } }`, vars: map[string]any{"id": nodes[0].(map[string]any)["id"]}})
	if d := r.mustData(t); d["node"] != nil {
		t.Errorf("another account's package = %v, want null", d["node"])
	}
}

func TestResourcePackages_BadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
	}{
		{"first over 1000", `{ viewer { resourcePackages(first: 1001) { totalCount } } }`, nil},
		{"11 service types", `{ viewer { resourcePackages(filter: {serviceTypeCodes: ["a","b","c","d","e","f","g","h","i","j","k"]}) { totalCount } } }`, nil},
		{"UNKNOWN status", `{ viewer { resourcePackages(filter: {status: UNKNOWN}) { totalCount } } }`, nil},
		{"unknown enum in variables", `query($f: ResourcePackageFilter) { viewer { resourcePackages(filter: $f) { totalCount } } }`,
			map[string]any{"f": map[string]any{"status": "ACTIVE"}}},
		{"malformed cursor", `{ viewer { resourcePackages(after: "nope") { totalCount } } }`, nil},
	} {
		r := e.query(tc.query, tc.vars)
		if codes := r.errorCodes(); len(codes) == 0 || codes[0] != "BAD_USER_INPUT" {
			t.Errorf("%s: errors = %+v, want BAD_USER_INPUT", tc.name, r.Errors)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("bad input cost %d upstream calls, want 0: %v", n, e.calls())
	}
	// The window of usageRecords is checked before its 6.4.3 call (the
	// packages are listed first).
	for _, tc := range []struct{ name, args string }{
		{"91 days", `from: "2026-07-01", to: "2026-09-30"`},
		{"malformed Date", `from: "2026-02-30", to: "2026-03-01"`},
		{"to before from", `from: "2026-09-02", to: "2026-09-01"`},
		{"first over 1000", `from: "2026-09-01", to: "2026-09-30", first: 5000`},
		{"item of another package", `from: "2026-09-01", to: "2026-09-30", freeResourceId: "nope"`},
	} {
		r := e.query(`{ viewer { resourcePackages(first: 2) { nodes { usageRecords(`+tc.args+`) { totalCount } } } } }`, nil)
		if codes := r.errorCodes(); len(codes) != 2 || codes[0] != "BAD_USER_INPUT" {
			t.Errorf("%s: errors = %+v, want BAD_USER_INPUT on both packages", tc.name, r.Errors)
		}
	}
	if n := e.calls()["ListFreeResourceUsageRecords"]; n != 0 {
		t.Errorf("bad usageRecords windows cost %d 6.4.3 calls, want 0", n)
	}
}

// TestPackageUsage_Batching lists 150 packages (a stub BSS: the sandbox has
// fewer) and asks the usage of each: the PackageUsage loader sends their
// 150 free_resource_ids in 2 calls of 100 and 50, and every package gets
// its own item's usage.
func TestPackageUsage_Batching(t *testing.T) {
	t.Parallel()
	const n = 150
	bss := newCannedBSS()
	bss.handle("POST /v3/payments/free-resources/query", func([]byte) (int, any) {
		p := upstream.PackagePage{TotalCount: n}
		for i := range n {
			p.Packages = append(p.Packages, upstream.FreeResourcePackage{
				OrderInstanceID: fmt.Sprintf("01154-%09d-0", i), ProductID: "90301-000001-0--0", Status: 1, QuotaReuseMode: 2,
				FreeResources: []upstream.FreeResource{{FreeResourceID: fmt.Sprintf("item-%03d", i), MeasureID: 10}},
			})
		}
		return 200, p
	})
	var sizes []int
	var mu sync.Mutex
	bss.handle("POST /v2/payments/free-resources/usages/details/query", func(body []byte) (int, any) {
		var req upstream.FreeResourceUsageRequest
		json.Unmarshal(body, &req)
		mu.Lock()
		sizes = append(sizes, len(req.FreeResourceIDs))
		mu.Unlock()
		var out upstream.FreeResourceUsageList
		for _, id := range req.FreeResourceIDs {
			if id == "item-007" {
				continue // BSS leaves out what it does not know
			}
			out.FreeResources = append(out.FreeResources, upstream.FreeResourceUsage{
				FreeResourceID: id, Amount: upstream.NewAmount("90.5"), OriginalAmount: upstream.NewAmount("100"), MeasureID: 10})
		}
		return 200, out
	})
	e := envWith(t, bss, nil, false)
	r := e.query(`{ viewer { resourcePackages(first: 150) { nodes { orderInstanceId usage { freeResourceId usedAmount } } } } }`, nil)
	nodes := dig(r.mustData(t), "viewer", "resourcePackages", "nodes").([]any)
	if len(nodes) != n {
		t.Fatalf("got %d packages, want %d", len(nodes), n)
	}
	for i, node := range nodes {
		usage := dig(node, "usage").([]any)
		if i == 7 {
			if len(usage) != 0 {
				t.Errorf("package 7: usage = %v, want none (BSS returned none)", usage)
			}
			continue
		}
		if len(usage) != 1 || dig(usage, 0, "freeResourceId") != fmt.Sprintf("item-%03d", i) || dig(usage, 0, "usedAmount") != "9.5" {
			t.Errorf("package %d: usage = %v, want its own item's", i, usage)
		}
	}
	if c := bss.count("POST /v2/payments/free-resources/usages/details/query"); c != 2 {
		t.Errorf("usage calls = %d, want 2", c)
	}
	slices.Sort(sizes)
	if !slices.Equal(sizes, []int{50, 100}) {
		t.Errorf("batch sizes = %v, want [50 100]", sizes)
	}
	if got := r.Extensions.Upstream.ByOperation["ListFreeResourceUsages"]; got != 2 {
		t.Errorf("extensions.upstream.byOperation.ListFreeResourceUsages = %d, want 2", got)
	}
}

func countsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func jsonText(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
