package graph_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"bssgraph/upstream/sandbox"
)

func TestCatalog_Golden(t *testing.T) {
	t.Parallel()
	for _, name := range []string{
		"catalog_service_types",
		"catalog_resource_types",
		"catalog_service_resources",
		"catalog_usage_types",
		"catalog_measurement_units",
		"catalog_measurement_conversions",
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t)
			r := e.golden(name, sandbox.TokenCustomer)
			r.mustData(t)
		})
	}
}

// doLang sends q with an X-Language header (the harness sends none, which
// BSS reads as zh_CN).
func (e *env) doLang(lang, q string) *response {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	req, _ := http.NewRequest("POST", e.gql.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Auth-Token", sandbox.TokenCustomer)
	if lang != "" {
		req.Header.Set("X-Language", lang)
	}
	resp, err := e.gql.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out response
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		e.t.Fatalf("decoding response: %v", err)
	}
	return &out
}

// catalogOps are the catalog lists the shared cache loads whole.
var catalogOps = []string{"ListServiceTypes", "ListResourceTypes", "ListMeasureUnits", "ListConversions"}

func catalogCalls(calls map[string]int) int {
	n := 0
	for _, op := range catalogOps {
		n += calls[op]
	}
	return n
}

// The shared catalog is loaded once per language; a warm request costs no
// upstream call and reports cache hits; another X-Language misses.
func TestCatalog_CacheHits(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	const q = `{
	  serviceTypes(first: 3) { nodes { code name resourceTypes { code serviceType { name } } } }
	  resourceTypes(code: "hws.resource.type.vm") { nodes { name serviceType { abbreviation } } }
	  measurementUnits(measureType: 1) { name conversions { refMeasureUnit { name } } }
	  usageTypes(resourceTypeCode: "hws.resource.type.vm", first: 2) { nodes { resourceType { name } serviceType { name } } }
	}`
	cold := e.doLang("", q)
	cold.mustData(t)
	calls := e.calls()
	for _, op := range catalogOps {
		if calls[op] != 1 {
			t.Errorf("cold request: %s called %d times, want 1 (loaded whole once): %v", op, calls[op], calls)
		}
	}
	if cold.Extensions.Upstream.CacheHits == 0 {
		t.Errorf("cold request: cacheHits = 0, want the lookups after each load counted")
	}

	e.resetCalls()
	warm := e.doLang("zh_CN", q)
	warm.mustData(t)
	if n := catalogCalls(e.calls()); n != 0 {
		t.Errorf("warm request: %d catalog calls, want 0: %v", n, e.calls())
	}
	up := warm.Extensions.Upstream
	if up.CacheHits == 0 || up.ByOperation["ListServiceTypes"] != 0 || up.Calls != 1 /* ListUsageTypes is not cached */ {
		t.Errorf("warm request: extensions.upstream = %+v, want cacheHits > 0 and only the usage types call", up)
	}
	if !slices.Equal(names(cold), names(warm)) {
		t.Errorf("warm answer %v differs from cold %v", names(warm), names(cold))
	}

	e.resetCalls()
	en := e.doLang("en_US", q)
	en.mustData(t)
	if got := e.calls()["ListServiceTypes"]; got != 1 {
		t.Errorf("en_US request: ListServiceTypes called %d times, want 1 (the cache is per language)", got)
	}
	if got := names(en)[0]; got != "Elastic Cloud Server" {
		t.Errorf("en_US service type name = %q, want English", got)
	}
	if got := names(warm)[0]; got == "Elastic Cloud Server" {
		t.Errorf("zh_CN service type name = %q, want Chinese", got)
	}

	// Conversions carry no names: one list serves every language.
	if got := e.calls()["ListConversions"]; got != 0 {
		t.Errorf("en_US request: ListConversions called %d times, want 0", got)
	}
}

func names(r *response) []string {
	var out []string
	for _, n := range r.Data["serviceTypes"].(map[string]any)["nodes"].([]any) {
		out = append(out, n.(map[string]any)["name"].(string))
	}
	return out
}

// Concurrent first uses of the catalog share one load.
func TestCatalog_ConcurrentColdLoadOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := e.query(`{ serviceTypes(first: 1) { totalCount } resourceTypes(first: 1) { nodes { serviceType { code } } } }`, nil)
			if len(r.Errors) > 0 {
				t.Errorf("errors: %+v", r.Errors)
			}
		}()
	}
	wg.Wait()
	calls := e.calls()
	if calls["ListServiceTypes"] != 1 || calls["ListResourceTypes"] != 1 {
		t.Errorf("16 concurrent cold requests: %v, want one ListServiceTypes and one ListResourceTypes", calls)
	}
}

// More usage types than one upstream page (117 in the sandbox): the pages are stitched.
func TestCatalog_UsageTypesStitchPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.query(`{ usageTypes(first: 110) { totalCount nodes { code resourceTypeCode } pageInfo { hasNextPage } } }`, nil)
	conn := r.mustData(t)["usageTypes"].(map[string]any)
	nodes := conn["nodes"].([]any)
	if len(nodes) != 110 {
		t.Fatalf("%d usage types, want 110", len(nodes))
	}
	if got := e.calls()["ListUsageTypes"]; got != 2 {
		t.Errorf("first: 110 cost %d ListUsageTypes calls, want 2 (pages of 100)", got)
	}
	seen := map[string]bool{}
	for _, n := range nodes {
		m := n.(map[string]any)
		k := m["resourceTypeCode"].(string) + "/" + m["code"].(string)
		if seen[k] {
			t.Errorf("usage type %s twice: pages overlap", k)
		}
		seen[k] = true
	}
}

func TestCatalog_BadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, q := range []string{
		`{ serviceTypes(code: "") { totalCount } }`,
		`{ resourceTypes(serviceTypeCode: "` + strings.Repeat("x", 65) + `") { totalCount } }`,
		`{ serviceResources(serviceTypeCode: "") { totalCount } }`,
		`{ serviceResources(serviceTypeCode: "hws.service.type.ec2", first: 1001) { totalCount } }`,
		`{ usageTypes(resourceTypeCode: "", first: 1) { totalCount } }`,
		`{ usageTypes(after: "b2Zmc2V0Oi0x") { totalCount } }`,
		`{ measurementUnits(measureType: 0) { id } }`,
		`{ measurementConversions(measureType: -3) { measureId } }`,
		`{ resourceTypes(first: 1) { nodes { usageTypes(first: 5000) { totalCount } } } }`,
	} {
		r := e.query(q, nil)
		if !slices.Contains(r.errorCodes(), "BAD_USER_INPUT") {
			t.Errorf("%s: errors = %+v, want BAD_USER_INPUT", q, r.Errors)
		}
	}
	calls := e.calls()
	delete(calls, "ListResourceTypes") // the last query's parent list is valid
	for op, n := range calls {
		if n != 0 {
			t.Errorf("bad input cost %d %s calls, want 0", n, op)
		}
	}
}
