package gateway_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"bssgraph/gateway"
	"bssgraph/internal/metrictext"
	"bssgraph/telemetry"
	"bssgraph/upstream"
)

// fakeBSS answers the measurement-units API and records the headers of
// each call.
type fakeBSS struct {
	*httptest.Server
	mu      sync.Mutex
	headers []http.Header
}

func newFakeBSS(t *testing.T) *fakeBSS {
	t.Helper()
	f := &fakeBSS{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.headers = append(f.headers, r.Header.Clone())
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"measure_units":[{"measure_id":10,"measure_name":"GB"},{"measure_id":11,"measure_name":"MB"}]}`))
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeBSS) last(t *testing.T) http.Header {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.headers) == 0 {
		t.Fatal("the fake BSS got no call")
	}
	return f.headers[len(f.headers)-1]
}

func newClient(t *testing.T, url string, opts ...upstream.Option) *upstream.Client {
	t.Helper()
	c, err := upstream.NewClient(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// keepSpans keeps exported spans readable after the provider shuts down.
type keepSpans struct{ *tracetest.InMemoryExporter }

func (keepSpans) Shutdown(context.Context) error { return nil }

func TestCaller_ReachesUpstream(t *testing.T) {
	t.Parallel()
	bss := newFakeBSS(t)
	metrics := telemetry.NewMetrics()
	tracing, err := telemetry.NewTracing(t.Context(), telemetry.TracingOptions{Exporter: keepSpans{tracetest.NewInMemoryExporter()}})
	if err != nil {
		t.Fatal(err)
	}
	// Stops the batch span processor's goroutine (goleak, main_test.go).
	t.Cleanup(func() { tracing.Shutdown(context.Background()) })
	client := newClient(t, bss.URL, upstream.WithObserver(telemetry.Observers(metrics, tracing)))
	e := newEnv(t, func(o *gateway.Options) {
		o.Schema = newTestSchema(client)
		o.Metrics = metrics
		o.Tracing = tracing
	})
	const token = "tok-very-secret-123"
	r := e.post(t, `{"query":"query Units { unitCount }","operationName":"Units"}`, grj,
		"Authorization", "Bearer "+token,
		"Accept-Language", "fr;q=1, zh-CN;q=0.9, en;q=0.8",
		"X-Domain-Id", "dom-1",
		"X-Request-Id", "req-abc",
		"Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	data, _ := r.body["data"].(map[string]any)
	if r.status != 200 || r.errorCode() != "" || data["unitCount"] != 2.0 {
		t.Fatalf("query: %d %s", r.status, r.raw)
	}
	if got := r.header.Get("X-Request-Id"); got != "req-abc" {
		t.Errorf("response X-Request-Id = %q, want the caller's req-abc", got)
	}
	h := bss.last(t)
	for name, want := range map[string]string{"X-Auth-Token": token, "X-Language": "zh_CN", "X-Domain-Id": "dom-1", "X-Request-Id": "req-abc"} {
		if got := h.Get(name); got != want {
			t.Errorf("upstream %s = %q, want %q", name, got, want)
		}
	}
	if tp := h.Get("Traceparent"); !strings.HasPrefix(tp, "00-4bf92f3577b34da6a3ce929d0e0e4736-") || strings.Contains(tp, "00f067aa0ba902b7") {
		t.Errorf("upstream Traceparent = %q, want the caller's trace with the gateway's span", tp)
	}

	metrictext.Check(t, scrape(t, e), map[string]float64{
		`bssgraph_upstream_calls_total{operation="ListMeasureUnits",status="200"}`: 1,
		`bssgraph_graphql_operations_total{type="query"}`:                          1,
		`bssgraph_http_requests_total{code="200",handler="graphql"}`:               1,
	})
	lines := e.log.logLines(t, "request")
	var line map[string]any
	for _, l := range lines {
		if l["path"] == "/graphql" {
			line = l
		}
	}
	if line == nil {
		t.Fatalf("no access log line for /graphql in %s", e.log)
	}
	for k, want := range map[string]any{"request_id": "req-abc", "operation": "Units", "operation_type": "query", "status": 200.0, "upstream_calls": 1.0} {
		if line[k] != want {
			t.Errorf("access log %s = %v, want %v", k, line[k], want)
		}
	}
	if strings.Contains(e.log.String(), token) {
		t.Errorf("the log contains the caller's token")
	}
}

func TestCaller_AKSKMode(t *testing.T) {
	t.Parallel()
	bss := newFakeBSS(t)
	client := newClient(t, bss.URL, upstream.WithCredentials("AKEXAMPLE", "sk-very-secret"))
	keys := []upstream.Secret{"key-one-secret", "key-two-secret"}
	e := newEnv(t, func(o *gateway.Options) {
		o.Schema = newTestSchema(client)
		o.SignsRequests = true
		o.APIKeys = keys
	})
	const token = "tok-must-not-travel"
	for _, key := range []string{"", "key-three", "key-one-secre", "key-one-secretx"} {
		r := e.post(t, `{"query":"{ unitCount }"}`, grj, "X-Api-Key", key)
		if r.status != 401 || r.errorCode() != "UNAUTHENTICATED" || r.hasData() {
			t.Errorf("X-Api-Key %q: %d %s, want 401 UNAUTHENTICATED", key, r.status, r.raw)
		}
		if r.header.Get("WWW-Authenticate") == "" {
			t.Errorf("X-Api-Key %q: 401 without WWW-Authenticate", key)
		}
	}
	r := e.post(t, `{"query":"{ unitCount }"}`, grj, "X-Api-Key", "key-two-secret", "X-Auth-Token", token)
	if r.status != 200 || r.errorCode() != "" {
		t.Fatalf("valid key: %d %s", r.status, r.raw)
	}
	h := bss.last(t)
	if h.Get("X-Auth-Token") != "" {
		t.Errorf("AK/SK mode forwarded the caller's token upstream")
	}
	if !strings.HasPrefix(h.Get("Authorization"), "SDK-HMAC-SHA256") {
		t.Errorf("upstream Authorization = %q, want an AK/SK signature", h.Get("Authorization"))
	}
	log := e.log.String()
	for _, secret := range []string{token, "key-two-secret", "key-one-secret", "sk-very-secret"} {
		if strings.Contains(log, secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
}

func TestHandler_AKSKNeedsKeys(t *testing.T) {
	t.Parallel()
	_, err := gateway.Handler(gateway.Options{Schema: newTestSchema(nil), SignsRequests: true})
	if err == nil {
		t.Error("Handler in AK/SK mode without API keys succeeded; the gateway must never be open")
	}
}

func TestAPIKeysWithoutAKSK(t *testing.T) {
	t.Parallel()
	// Keys configured in token mode are still required, and the token still travels.
	bss := newFakeBSS(t)
	e := newEnv(t, func(o *gateway.Options) {
		o.Schema = newTestSchema(newClient(t, bss.URL))
		o.APIKeys = []upstream.Secret{"k1"}
	})
	if r := e.post(t, `{"query":"{ ping }"}`, grj); r.status != 401 {
		t.Errorf("no key: status %d, want 401", r.status)
	}
	if r := e.post(t, `{"query":"{ unitCount }"}`, grj, "X-Api-Key", "k1", "X-Auth-Token", "t1"); r.status != 200 {
		t.Errorf("key: status %d %s", r.status, r.raw)
	}
	if got := bss.last(t).Get("X-Auth-Token"); got != "t1" {
		t.Errorf("upstream X-Auth-Token = %q, want t1", got)
	}
}

func TestRequestMiddlewareAndConfigure(t *testing.T) {
	t.Parallel()
	var sawCaller upstream.Caller
	var sawStats bool
	e := newEnv(t, func(o *gateway.Options) {
		o.RequestMiddleware = []func(http.Handler) http.Handler{func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				sawCaller = upstream.CallerFrom(r.Context())
				sawStats = upstream.StatsFrom(r.Context()) != nil
				next.ServeHTTP(w, r)
			})
		}}
		o.Configure = func(s *handler.Server) {
			s.AroundResponses(func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
				graphql.RegisterExtension(ctx, "configured", true)
				return next(ctx)
			})
		}
	})
	r := e.post(t, `{"query":"{ ping }"}`, grj, "X-Auth-Token", "t", "X-Language", "en-us")
	if r.status != 200 || !strings.Contains(r.raw, `"extensions":{"configured":true}`) {
		t.Errorf("Configure's extension missing: %d %s", r.status, r.raw)
	}
	if sawCaller.Token.Reveal() != "t" || sawCaller.Language != "en_US" || sawCaller.RequestID == "" || !sawStats {
		t.Errorf("RequestMiddleware saw caller %+v (request id %q), stats %v; want token, en_US, request id and stats", sawCaller, sawCaller.RequestID, sawStats)
	}
}

func TestRecover(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *gateway.Options) {
		o.RequestMiddleware = []func(http.Handler) http.Handler{func(http.Handler) http.Handler {
			return http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom at a secret place") })
		}}
	})
	r := e.post(t, `{"query":"{ ping }"}`, grj)
	if r.status != 500 || r.errorCode() != "INTERNAL" || strings.Contains(r.raw, "boom") || strings.Contains(r.raw, "goroutine") {
		t.Errorf("panic: %d %s, want 500 INTERNAL with no detail", r.status, r.raw)
	}
	if !strings.Contains(e.log.String(), "boom at a secret place") || !strings.Contains(e.log.String(), "stack") {
		t.Errorf("the panic and its stack are not logged")
	}
	// The server goes on serving.
	if r := e.do(t, "GET", "/healthz", ""); r.status != 200 {
		t.Errorf("healthz after panic: %d", r.status)
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *gateway.Options) { o.CORSOrigins = []string{"https://app.example.com"} })
	pre := e.do(t, "OPTIONS", "/graphql", "", "Origin", "https://app.example.com", "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type, x-auth-token")
	if pre.status != 204 || pre.header.Get("Access-Control-Allow-Origin") != "https://app.example.com" ||
		!strings.Contains(pre.header.Get("Access-Control-Allow-Headers"), "X-Auth-Token") {
		t.Errorf("allowed preflight: %d %v", pre.status, pre.header)
	}
	r := e.post(t, `{"query":"{ ping }"}`, grj, "Origin", "https://app.example.com")
	if r.header.Get("Access-Control-Allow-Origin") != "https://app.example.com" || r.header.Get("Access-Control-Expose-Headers") != "X-Request-Id" {
		t.Errorf("allowed request: CORS headers %v", r.header)
	}
	bad := e.do(t, "OPTIONS", "/graphql", "", "Origin", "https://evil.example.net", "Access-Control-Request-Method", "POST")
	if bad.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("disallowed origin got Access-Control-Allow-Origin")
	}
	anyOrigin := newEnv(t, func(o *gateway.Options) { o.CORSOrigins = []string{"*"} })
	if r := anyOrigin.post(t, `{"query":"{ ping }"}`, grj, "Origin", "https://x.example"); r.header.Get("Access-Control-Allow-Origin") != "https://x.example" {
		t.Errorf("\"*\" did not allow an origin")
	}
}

func TestRequestID(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, given := range []string{"", "has space", strings.Repeat("a", 129), "quote\"d<x>"} {
		r := e.post(t, `{"query":"{ ping }"}`, grj, "X-Request-Id", given)
		id := r.header.Get("X-Request-Id")
		if id == given || len(id) != 32 {
			t.Errorf("X-Request-Id %q answered %q, want a fresh 32-hex id", given, id)
		}
	}
	if id := e.post(t, `{"query":"{ ping }"}`, grj, "X-Request-Id", "abc-123_x.y:z").header.Get("X-Request-Id"); id != "abc-123_x.y:z" {
		t.Errorf("a valid X-Request-Id was replaced by %q", id)
	}
}
