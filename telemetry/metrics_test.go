package telemetry_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"bssgraph/internal/metrictext"
	"bssgraph/telemetry"
	"bssgraph/upstream"
)

// scrape returns the exposition text of m's /metrics handler.
func scrape(t *testing.T, m *telemetry.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestMetrics_Exposition(t *testing.T) {
	t.Parallel()
	m := telemetry.NewMetrics()
	ctx := t.Context()

	done := m.RequestStarted()
	m.ObserveRequest("graphql", 200, 30*time.Millisecond)
	m.ObserveOperation("query")
	m.ObserveGraphQLError("UPSTREAM_ERROR")
	m.ObserveGraphQLError("")
	m.ObserveGraphQLError("not a code; drop table")
	m.ObserveCall(ctx, upstream.CallInfo{Operation: upstream.OpListServiceTypes, HTTPStatus: 200, Duration: 12 * time.Millisecond})
	m.ObserveCall(ctx, upstream.CallInfo{Operation: upstream.OpListServiceTypes, Err: errors.New("dial"), Duration: time.Millisecond})
	m.ObserveThrottle(ctx, upstream.OpListServiceTypes, 150*time.Millisecond)
	m.ObserveCacheHit("query")
	m.ObserveBatch("ResourceByID", 37)

	got := scrape(t, m)
	metrictext.Check(t, got, map[string]float64{
		`bssgraph_http_requests_total{code="200",handler="graphql"}`:                  1,
		`bssgraph_http_request_duration_seconds_count{handler="graphql"}`:             1,
		`bssgraph_http_requests_in_flight`:                                            1,
		`bssgraph_graphql_operations_total{type="query"}`:                             1,
		`bssgraph_graphql_errors_total{code="UPSTREAM_ERROR"}`:                        1,
		`bssgraph_graphql_errors_total{code="NONE"}`:                                  1,
		`bssgraph_graphql_errors_total{code="OTHER"}`:                                 1,
		`bssgraph_upstream_calls_total{operation="ListServiceTypes",status="200"}`:    1,
		`bssgraph_upstream_calls_total{operation="ListServiceTypes",status="error"}`:  1,
		`bssgraph_upstream_call_duration_seconds_count{operation="ListServiceTypes"}`: 2,
		`bssgraph_upstream_throttle_wait_seconds_sum{operation="ListServiceTypes"}`:   0.15,
		`bssgraph_cache_hits_total{cache="query"}`:                                    1,
		`bssgraph_loader_batch_size_bucket{loader="ResourceByID",le="50"}`:            1,
	})
	if !strings.Contains(got, "\ngo_goroutines ") {
		t.Errorf("/metrics lacks the Go runtime's go_goroutines")
	}
	done()
	if n, _ := metrictext.Value(scrape(t, m), "bssgraph_http_requests_in_flight"); n != 0 {
		t.Errorf("in-flight gauge is %v after done(), want 0", n)
	}
}

func TestMetrics_NilIsSilent(t *testing.T) {
	t.Parallel()
	var m *telemetry.Metrics
	ctx := context.Background()
	m.RequestStarted()()
	m.ObserveRequest("graphql", 200, time.Second)
	m.ObserveOperation("query")
	m.ObserveGraphQLError("X")
	m.ObserveCall(ctx, upstream.CallInfo{Operation: upstream.OpListServiceTypes})
	m.ObserveThrottle(ctx, upstream.OpListServiceTypes, time.Second)
	m.ObserveCacheHit("apq")
	m.ObserveBatch("x", 1)
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 404 {
		t.Errorf("nil Metrics handler status = %d, want 404", rec.Code)
	}
}

type countingObserver struct{ calls, throttles int }

func (c *countingObserver) ObserveCall(context.Context, upstream.CallInfo) { c.calls++ }
func (c *countingObserver) ObserveThrottle(context.Context, *upstream.Operation, time.Duration) {
	c.throttles++
}

func TestObservers_FanOut(t *testing.T) {
	t.Parallel()
	a, b := &countingObserver{}, &countingObserver{}
	o := telemetry.Observers(a, b)
	o.ObserveCall(t.Context(), upstream.CallInfo{Operation: upstream.OpListServiceTypes})
	o.ObserveThrottle(t.Context(), upstream.OpListServiceTypes, time.Millisecond)
	if a.calls != 1 || b.calls != 1 || a.throttles != 1 || b.throttles != 1 {
		t.Errorf("Observers fan-out: a=%+v b=%+v, want one call and one throttle each", a, b)
	}
}

// TestObservers_SkipDisabledTracing: without an exporter, tracing is not
// among the observers an upstream call reports to.
func TestObservers_SkipDisabledTracing(t *testing.T) {
	t.Parallel()
	tr, err := telemetry.NewTracing(t.Context(), telemetry.TracingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m := telemetry.NewMetrics()
	if o := telemetry.Observers(m, tr); o != upstream.Observer(m) {
		t.Errorf("Observers(metrics, disabled tracing) = %T, want the metrics alone", o)
	}
	var nilMetrics *telemetry.Metrics
	a := &countingObserver{}
	if o := telemetry.Observers(nilMetrics, tr, a); o != upstream.Observer(a) {
		t.Errorf("Observers(nil metrics, disabled tracing, a) = %T, want a alone", o)
	}
}
