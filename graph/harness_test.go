package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/google/go-cmp/cmp"
	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2/ast"

	"bssgraph/graph"
	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

var update = flag.Bool("update", false, "rewrite the golden files of graph/testdata")

// testSizes seed enough data for paging and batching to matter while
// keeping each test's sandbox fast to build.
var testSizes = sandbox.Sizes{Orders: 300, Resources: 600, Months: 12, Members: 5}

// env is one gateway stack under test: the sandbox over real loopback HTTP,
// the upstream client, and the GraphQL handler with the graph layer's
// configuration.
type env struct {
	t       testing.TB
	sandbox *sandbox.Server
	gql     *httptest.Server
}

// newEnv starts a fresh stack. Quotas are off on both sides so tests never
// wait; call counts, not timings, are asserted. opts add to or override the
// upstream client's options.
func newEnv(t testing.TB, opts ...upstream.Option) *env {
	t.Helper()
	return newEnvWith(t, envConfig{upstream: opts})
}

// envConfig adjusts a test stack: the upstream client's options (added to
// or overriding the defaults), the graph layer's options, a wrapper of the
// GraphQL handler inside the caller middleware, and the sandbox's sizes
// (zero: testSizes).
type envConfig struct {
	upstream []upstream.Option
	options  func(*graph.Options)
	wrap     func(http.Handler) http.Handler
	sizes    sandbox.Sizes
}

func newEnvWith(t testing.TB, c envConfig) *env {
	t.Helper()
	if c.sizes == (sandbox.Sizes{}) {
		c.sizes = testSizes
	}
	sb := sandbox.New(sandbox.Options{Sizes: c.sizes, QuotaScale: -1})
	up := httptest.NewServer(sb)
	t.Cleanup(up.Close)
	bss, err := upstream.NewClient(up.URL, append([]upstream.Option{upstream.WithLimiter(upstream.NewWindowLimiter(-1)),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond})}, c.upstream...)...)
	if err != nil {
		t.Fatal(err)
	}
	gopts := graph.Options{BSS: bss, IAM: bss.IAM(up.URL), Log: zerolog.New(testWriter{t}), Budget: 200, Now: sb.Now}
	if c.options != nil {
		c.options(&gopts)
	}
	srv := handler.New(graph.NewSchema(gopts))
	srv.AddTransport(transport.POST{})
	// As the gateway does (gateway/graphql.go): a repeated query is parsed
	// and validated once, which the benchmarks must see too.
	srv.SetQueryCache(lru.New[*ast.QueryDocument](100))
	graph.Configure(gopts)(srv)
	h := loaders.Middleware(bss, nil)(srv)
	if c.wrap != nil {
		h = c.wrap(h)
	}
	gql := httptest.NewServer(withCaller(h))
	t.Cleanup(gql.Close)
	return &env{t: t, sandbox: sb, gql: gql}
}

// withCaller is the part of the gateway's middleware the graph needs: the
// caller's credential and preferences in the context.
func withCaller(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := upstream.Caller{
			Token:    upstream.Secret(r.Header.Get("X-Auth-Token")),
			DomainID: r.Header.Get("X-Domain-Id"),
			Language: r.Header.Get("X-Language"),
		}
		ctx := upstream.WithCaller(r.Context(), c)
		// The gateway gives every request a deadline; tests of deadlines
		// ask for one.
		if d, err := time.ParseDuration(r.Header.Get("X-Test-Timeout")); err == nil {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, d)
			defer cancel()
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Logf("%s", bytes.TrimSpace(p))
	return len(p), nil
}

// response is a decoded GraphQL response.
type response struct {
	Data       map[string]any `json:"data"`
	Errors     []gqlError     `json:"errors"`
	Extensions struct {
		Upstream upstream.StatsSnapshot `json:"upstream"`
	} `json:"extensions"`
	raw []byte
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// request describes one GraphQL request.
type request struct {
	token    string // X-Auth-Token; "" sends none
	domainID string // X-Domain-Id
	query    string
	vars     map[string]any
	timeout  time.Duration // the request's deadline; 0: none
}

// do sends r and decodes the answer.
func (e *env) do(r request) *response {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": r.query, "variables": r.vars})
	req, _ := http.NewRequest("POST", e.gql.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if r.token != "" {
		req.Header.Set("X-Auth-Token", r.token)
	}
	if r.domainID != "" {
		req.Header.Set("X-Domain-Id", r.domainID)
	}
	if r.timeout > 0 {
		req.Header.Set("X-Test-Timeout", r.timeout.String())
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
	out.raw, _ = json.Marshal(out)
	return &out
}

// query runs a query as sandbox-customer.
func (e *env) query(q string, vars map[string]any) *response {
	e.t.Helper()
	return e.do(request{token: sandbox.TokenCustomer, query: q, vars: vars})
}

// mustData fails the test if the response has errors.
func (r *response) mustData(t *testing.T) map[string]any {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	return r.Data
}

// errorCodes returns extensions.code of every error.
func (r *response) errorCodes() []string {
	var out []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		out = append(out, c)
	}
	return out
}

// calls returns how many upstream calls the sandbox received since the
// last reset, per operation.
func (e *env) calls() map[string]int { return e.sandbox.Calls() }

// resetCalls zeroes the sandbox's counters.
func (e *env) resetCalls() { e.sandbox.ResetCalls() }

// golden runs testdata/<name>.graphql (with testdata/<name>.vars.json when
// present) as the given token and compares the whole response with
// testdata/<name>.golden.json; -update rewrites the golden file.
func (e *env) golden(name, token string) *response {
	e.t.Helper()
	var vars map[string]any
	if b, err := os.ReadFile(filepath.Join("testdata", name+".vars.json")); err == nil {
		if err := json.Unmarshal(b, &vars); err != nil {
			e.t.Fatalf("%s.vars.json: %v", name, err)
		}
	}
	return e.goldenWith(name, token, vars)
}

// goldenWith is golden with variables given by the test (fixtures found at
// run time) instead of a .vars.json file.
func (e *env) goldenWith(name, token string, vars map[string]any) *response {
	e.t.Helper()
	q, err := os.ReadFile(filepath.Join("testdata", name+".graphql"))
	if err != nil {
		e.t.Fatal(err)
	}
	r := e.do(request{token: token, query: string(q), vars: vars})
	got := indentJSON(e.t, r.raw)
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			e.t.Fatal(err)
		}
		return r
	}
	want, err := os.ReadFile(path)
	if err != nil {
		e.t.Fatalf("%v (run go test ./graph -update to create it)", err)
	}
	if diff := cmp.Diff(strings.TrimSpace(string(want)), strings.TrimSpace(string(got))); diff != "" {
		e.t.Errorf("%s: response differs from golden file (-want +got):\n%s", name, diff)
	}
	return r
}

// isNumber reports whether v, a value of a decoded answer (json.Number as
// the harness decodes, or float64), is a number equal to want: numbers are
// compared as numbers, so 3, 3.0 and 3e0 are all 3.
func isNumber(v any, want float64) bool {
	switch n := v.(type) {
	case json.Number:
		f, err := n.Float64()
		return err == nil && f == want
	case float64:
		return n == want
	}
	return false
}

// dig walks decoded JSON by map keys and slice indexes; nil when absent.
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			s, ok := v.([]any)
			if !ok || k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

func indentJSON(t testing.TB, raw []byte) []byte {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}
