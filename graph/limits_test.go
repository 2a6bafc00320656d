package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"bssgraph/graph"
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
		calls float64 // the estimate the cost model gives
	}{
		// 5 list pages of 100, then one details call per order.
		{"plain", `{ viewer { orders(first: 500) { nodes { lineItems { totalCount } } } } }`, nil, 505},
		// The same through a fragment, an alias and a variable.
		{"fragment, alias, variable", `query($n: Int) { viewer { o: orders(first: $n) { edges { node { ...F } } } } }
			fragment F on Order { lineItems { totalCount } }`, map[string]any{"n": 500}, 505},
	}
	for _, tt := range tests {
		r := e.do(request{token: "sandbox-customer", query: tt.query, vars: tt.vars})
		if len(r.Errors) != 1 {
			t.Fatalf("%s: errors = %+v, want one", tt.name, r.Errors)
		}
		ext := r.Errors[0].Extensions
		if ext["code"] != "LIMIT_EXCEEDED" || !isNumber(ext["estimatedCalls"], tt.calls) || !isNumber(ext["budget"], 200) {
			t.Errorf("%s: extensions = %v, want LIMIT_EXCEEDED with estimatedCalls %v and budget 200", tt.name, ext, tt.calls)
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

// TestLimits_RefusedBeforeAnyCall: the hostile queries of issue 8 and
// their kin are refused with LIMIT_EXCEEDED and the figure that broke the
// limit, without data and at 0 upstream calls.
func TestLimits_RefusedBeforeAnyCall(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var aliases, intros strings.Builder
	for i := range 101 {
		fmt.Fprintf(&aliases, "a%d: serviceTypes { totalCount } ", i)
	}
	for i := range 10 {
		fmt.Fprintf(&intros, "s%d: __schema { types { name fields { name } } } ", i)
	}
	tests := []struct {
		name  string
		query string
		ext   map[string]int // figure and limit
	}{
		{"catalog cycle, 12 levels", graph.CatalogCycle(12), map[string]int{"depth": 27, "maxDepth": 15}},
		{"catalog cycle, 40 levels", graph.CatalogCycle(40), map[string]int{"depth": 83, "maxDepth": 15}},
		{"parent chain, 40 deep", graph.ParentChain(40), map[string]int{"depth": 44, "maxDepth": 15}},
		{"101 aliases", "{ " + aliases.String() + "}", map[string]int{"aliases": 101, "maxAliases": 100}},
		// serviceTypes is selected 2^26-1 times: all but one repeat it.
		{"fragment bomb, 25 fragments", graph.FragmentBomb(25), map[string]int{"aliases": 67108862, "maxAliases": 100}},
		{"fragment bomb, 200 fragments", graph.FragmentBomb(200), map[string]int{"definitions": 202, "maxDefinitions": 100}},
		// Checked before validation: the unknown field is never reported.
		{"fragment bomb with an unknown field", strings.Replace(graph.FragmentBomb(25), "{ ...F0 }", "{ ...F0 noSuchField }", 1),
			map[string]int{"aliases": 67108862, "maxAliases": 100}},
		// Introspection needs no credential: its copies are bounded too.
		{"11 introspections", "{ " + intros.String() + `t: __type(name: "Query") { name } }`, map[string]int{"introspections": 11, "maxIntrospections": 10}},
		{"11 introspections through a fragment", `{ ...I viewer { __typename } t: __type(name: "Query") { name } } fragment I on Query { ` + intros.String() + `}`,
			map[string]int{"introspections": 11, "maxIntrospections": 10}},
		// 1 connection, 1000 nodes and service types, 10 resource types each, twice: 122,001 objects.
		{"result objects", `{ resourceTypes(first: 1000) { nodes { serviceType { resourceTypes { serviceType { resourceTypes { code } } } } } } }`,
			map[string]int{"resultNodes": 122001, "maxResultNodes": 50000}},
	}
	for _, tt := range tests {
		r := e.query(tt.query, nil)
		if len(r.Errors) != 1 || r.Data != nil {
			t.Errorf("%s: data %v errors %+v, want one error and no data", tt.name, r.Data, r.Errors)
			continue
		}
		ext := r.Errors[0].Extensions
		if ext["code"] != "LIMIT_EXCEEDED" {
			t.Errorf("%s: code %v, want LIMIT_EXCEEDED: %s", tt.name, ext["code"], r.Errors[0].Message)
		}
		for k, v := range tt.ext {
			if !isNumber(ext[k], float64(v)) {
				t.Errorf("%s: extensions.%s = %v, want %d (%s)", tt.name, k, ext[k], v, r.Errors[0].Message)
			}
			if !strings.Contains(r.Errors[0].Message, strconv.Itoa(v)) {
				t.Errorf("%s: message %q does not give %d", tt.name, r.Errors[0].Message, v)
			}
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("refused queries cost %d upstream calls, want 0", n)
	}
}

// TestLimits_ObjectsCountedBeforeValidation: a document whose object
// selections alone pass the limit is refused before validation, with the
// count as a lower bound.
func TestLimits_ObjectsCountedBeforeValidation(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, envConfig{options: func(o *graph.Options) { o.Limits.MaxResultNodes = 5 }})
	r := e.query(`{ a: viewer { balance { debt { currency } } } b: viewer { balance { debt { currency } } } noSuchField }`, nil)
	if len(r.Errors) != 1 || !isNumber(r.Errors[0].Extensions["resultNodes"], 6) || !isNumber(r.Errors[0].Extensions["maxResultNodes"], 5) ||
		!strings.Contains(r.Errors[0].Message, "at least 6 objects") {
		t.Errorf("errors = %+v, want one LIMIT_EXCEEDED with resultNodes 6 (at least) and maxResultNodes 5", r.Errors)
	}
}

// expiringContext passes its deadline once its Err method has been asked
// more than n times: the deadline passes in the middle of in-memory work,
// at a point that does not depend on the machine's speed.
type expiringContext struct {
	context.Context
	left atomic.Int64
	once sync.Once
	done chan struct{}
}

func (c *expiringContext) Err() error {
	if c.left.Add(-1) < 0 {
		c.once.Do(func() { close(c.done) })
		return context.DeadlineExceeded
	}
	return c.Context.Err()
}

func (c *expiringContext) Done() <-chan struct{} { return c.done }

// TestLimits_DeadlineStopsInMemoryWork: resolution served from the catalog
// cache (no upstream call) stops at the request deadline. The client gets
// one TIMEOUT error marked retryable, not one per field and not INTERNAL,
// and the fields after the deadline are not resolved.
func TestLimits_DeadlineStopsInMemoryWork(t *testing.T) {
	t.Parallel()
	var expire atomic.Bool
	e := newEnvWith(t, envConfig{wrap: func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if expire.Load() {
				c := &expiringContext{Context: r.Context(), done: make(chan struct{})}
				c.left.Store(100)
				r = r.WithContext(c)
			}
			next.ServeHTTP(w, r)
		})
	}})
	const q = `{ serviceTypes(first: 200) { nodes { code name abbreviation resourceTypes { code name } } } }`
	full := e.query(q, nil)
	full.mustData(t) // warms the catalog cache
	expire.Store(true)
	r := e.query(q, nil)
	if len(r.Errors) != 1 {
		t.Fatalf("errors = %+v, want exactly one", r.Errors)
	}
	ext := r.Errors[0].Extensions
	if ext["code"] != "TIMEOUT" || ext["retryable"] != true {
		t.Errorf("extensions = %v, want code TIMEOUT and retryable true", ext)
	}
	if got, all := strings.Count(string(r.raw), `"code":"hws.`), strings.Count(string(full.raw), `"code":"hws.`); got >= all {
		t.Errorf("%d of %d codes resolved after the deadline, want fewer", got, all)
	}
}

// TestLimits_ResponseByteCap: a response that grows past the cap ends with
// one LIMIT_EXCEEDED error instead of growing.
func TestLimits_ResponseByteCap(t *testing.T) {
	t.Parallel()
	const maxBytes = 4096
	e := newEnvWith(t, envConfig{options: func(o *graph.Options) { o.Limits.MaxResponseBytes = maxBytes }})
	r := e.query(`{ resourceTypes(first: 1000) { nodes { code name description serviceTypeCode } } }`, nil)
	var limits int
	for _, err := range r.Errors {
		if err.Extensions["code"] == "LIMIT_EXCEEDED" && isNumber(err.Extensions["maxResponseBytes"], maxBytes) {
			limits++
		}
	}
	if limits != 1 || len(r.Errors) != 1 {
		t.Fatalf("errors = %+v, want one LIMIT_EXCEEDED with maxResponseBytes", r.Errors)
	}
	// Resolution itself stopped, at a field, so the response never grew in
	// memory: the error has the path of the first field not resolved.
	if len(r.Errors[0].Path) < 3 {
		t.Errorf("error path %v, want the path of a field inside the list", r.Errors[0].Path)
	}
	if data, _ := json.Marshal(r.Data); len(data) > maxBytes {
		t.Errorf("data is %d bytes, want at most %d", len(data), maxBytes)
	}
}

// TestLimits_ObjectsCountedWhileRunning: the cost model counts one item for
// lists it does not know (a balance's accounts), so the estimate can be
// low; the objects resolved are counted too, and resolution stops past the
// limit with one LIMIT_EXCEEDED error.
func TestLimits_ObjectsCountedWhileRunning(t *testing.T) {
	t.Parallel()
	e := newEnvWith(t, envConfig{options: func(o *graph.Options) { o.Limits.MaxResultNodes = 3 }})
	// Estimated: viewer, balance and one account; the customer has more.
	r := e.query(`{ viewer { balance { accounts { type } } } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "LIMIT_EXCEEDED" || !isNumber(r.Errors[0].Extensions["maxResultNodes"], 3) ||
		len(r.Errors[0].Path) == 0 {
		t.Errorf("errors = %+v, want one LIMIT_EXCEEDED with maxResultNodes 3 at the field where resolution stopped", r.Errors)
	}
}
