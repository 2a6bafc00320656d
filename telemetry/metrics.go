// Package telemetry holds bssgraph's Prometheus metrics and OpenTelemetry
// tracing. The gateway, the upstream client (through upstream.Observer) and
// the loaders report to it; nothing here knows GraphQL or BSS semantics.
package telemetry

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"bssgraph/upstream"
)

// Metrics is the set of Prometheus collectors of one gateway process. It
// implements upstream.Observer, and the loaders and caches report batch sizes
// and hits to it. A nil *Metrics discards everything, so tests and tools can
// run without one.
type Metrics struct {
	registry *prometheus.Registry

	requests      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	inFlight      prometheus.Gauge
	queued        prometheus.Gauge
	operations    *prometheus.CounterVec
	graphqlErrors *prometheus.CounterVec
	upstreamCalls *prometheus.CounterVec
	upstreamTime  *prometheus.HistogramVec
	throttleWait  *prometheus.HistogramVec
	cacheHits     *prometheus.CounterVec
	batchSize     *prometheus.HistogramVec
	sharedAnswers *prometheus.CounterVec // economy.go
}

var _ upstream.Observer = (*Metrics)(nil)

// NewMetrics returns the collectors registered in a registry of their own
// (with the Go runtime and process collectors), so that tests can create
// as many as they like and /metrics shows only what this process owns.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bssgraph_http_requests_total",
			Help: "HTTP requests served, by handler and status code.",
		}, []string{"handler", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "bssgraph_http_request_duration_seconds",
			Help: "Time from the request's arrival to the end of its response, by handler.",
			// GraphQL requests fan out to a 10 req/s upstream, so the tail
			// reaches several seconds; the buckets reach the 30s request timeout.
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"handler"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "bssgraph_http_requests_in_flight",
			Help: "HTTP requests being served now.",
		}),
		queued: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "bssgraph_graphql_requests_queued",
			Help: "GraphQL requests waiting for a slot under BSSGRAPH_MAX_CONCURRENT.",
		}),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bssgraph_graphql_operations_total",
			Help: "GraphQL operations executed, by type (query, mutation).",
		}, []string{"type"}),
		graphqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bssgraph_graphql_errors_total",
			Help: "GraphQL errors returned to clients, by extensions.code.",
		}, []string{"code"}),
		upstreamCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bssgraph_upstream_calls_total",
			Help: "HTTP attempts made to the BSS API, by operation and HTTP status (\"error\" when no response arrived).",
		}, []string{"operation", "status"}),
		upstreamTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bssgraph_upstream_call_duration_seconds",
			Help:    "Duration of one HTTP attempt to the BSS API, by operation.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation"}),
		throttleWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bssgraph_upstream_throttle_wait_seconds",
			Help:    "Time a call waited for the client-side quota limiter before being sent, by operation.",
			Buckets: []float64{.001, .01, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"operation"}),
		cacheHits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bssgraph_cache_hits_total",
			Help: "Answers served from a cache instead of being computed or fetched, by cache.",
		}, []string{"cache"}),
		batchSize: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "bssgraph_loader_batch_size",
			Help: "Keys per dataloader batch, by loader.",
			// BSS list limits are 10, 50 and 100 keys per call (DESIGN §4).
			Buckets: []float64{1, 2, 5, 10, 20, 50, 100},
		}, []string{"loader"}),
		sharedAnswers: newSharedAnswers(),
	}
	reg.MustRegister(m.requests, m.duration, m.inFlight, m.queued, m.operations, m.graphqlErrors,
		m.upstreamCalls, m.upstreamTime, m.throttleWait, m.cacheHits, m.batchSize, m.sharedAnswers,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// Registry returns the registry, for tests and for adding collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// RequestStarted counts a request in flight until the returned func runs.
func (m *Metrics) RequestStarted() (done func()) {
	if m == nil {
		return func() {}
	}
	m.inFlight.Inc()
	return m.inFlight.Dec
}

// RequestQueued counts a request waiting for an execution slot until the
// returned func runs.
func (m *Metrics) RequestQueued() (done func()) {
	if m == nil {
		return func() {}
	}
	m.queued.Inc()
	return m.queued.Dec
}

// ObserveRequest counts one finished HTTP request. handler is a fixed route
// name, never the raw path, so that scanners cannot grow the label set.
func (m *Metrics) ObserveRequest(handler string, status int, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(handler, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(handler).Observe(d.Seconds())
}

// ObserveOperation counts one executed GraphQL operation of the given type.
func (m *Metrics) ObserveOperation(opType string) {
	if m == nil {
		return
	}
	m.operations.WithLabelValues(opType).Inc()
}

// errorCode matches the shape of the codes of DESIGN §3.6 and of gqlgen's
// own (GRAPHQL_PARSE_FAILED); anything else is counted as OTHER, so that a
// resolver returning odd codes cannot grow the label set without bound.
var errorCode = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,47}$`)

// ObserveGraphQLError counts one GraphQL error by its extensions.code; an
// empty code counts as NONE.
func (m *Metrics) ObserveGraphQLError(code string) {
	if m == nil {
		return
	}
	switch {
	case code == "":
		code = "NONE"
	case !errorCode.MatchString(code):
		code = "OTHER"
	}
	m.graphqlErrors.WithLabelValues(code).Inc()
}

// ObserveCall implements upstream.Observer.
func (m *Metrics) ObserveCall(_ context.Context, info upstream.CallInfo) {
	if m == nil {
		return
	}
	status := "error"
	if info.HTTPStatus > 0 {
		status = strconv.Itoa(info.HTTPStatus)
	}
	m.upstreamCalls.WithLabelValues(info.Operation.Name, status).Inc()
	m.upstreamTime.WithLabelValues(info.Operation.Name).Observe(info.Duration.Seconds())
}

// ObserveThrottle implements upstream.Observer.
func (m *Metrics) ObserveThrottle(_ context.Context, op *upstream.Operation, wait time.Duration) {
	if m == nil {
		return
	}
	m.throttleWait.WithLabelValues(op.Name).Observe(wait.Seconds())
}

// ObserveBatch records the number of keys one dataloader batch carried.
func (m *Metrics) ObserveBatch(loader string, size int) {
	if m == nil {
		return
	}
	m.batchSize.WithLabelValues(loader).Observe(float64(size))
}

// ObserveCacheHit counts one hit of the named cache (for example "query",
// "apq" or "catalog").
func (m *Metrics) ObserveCacheHit(cache string) {
	if m == nil {
		return
	}
	m.cacheHits.WithLabelValues(cache).Inc()
}

// Observers returns an upstream.Observer that reports to each of obs in
// order, so metrics and tracing can both watch the one upstream client.
// Tracing without an exporter and nil metrics are left out, so an upstream
// call does no tracing work at all unless tracing is configured.
func Observers(obs ...upstream.Observer) upstream.Observer {
	var kept observers
	for _, o := range obs {
		switch x := o.(type) {
		case *Tracing:
			if !x.Enabled() {
				continue
			}
		case *Metrics:
			if x == nil {
				continue
			}
		}
		kept = append(kept, o)
	}
	if len(kept) == 1 {
		return kept[0]
	}
	return kept
}

type observers []upstream.Observer

func (o observers) ObserveCall(ctx context.Context, info upstream.CallInfo) {
	for _, x := range o {
		x.ObserveCall(ctx, info)
	}
}

func (o observers) ObserveThrottle(ctx context.Context, op *upstream.Operation, wait time.Duration) {
	for _, x := range o {
		x.ObserveThrottle(ctx, op, wait)
	}
}
