package telemetry

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"bssgraph/upstream"
)

// TracingOptions configure NewTracing.
type TracingOptions struct {
	// Endpoint is the OTLP/HTTP base URL of a collector, for example
	// http://otel-collector:4318 (BSSGRAPH_OTLP_ENDPOINT). "/v1/traces" is
	// appended when the URL has no path, as the OTLP specification does for
	// OTEL_EXPORTER_OTLP_ENDPOINT.
	Endpoint string
	// FromEnvironment enables the exporter with the standard OTEL_EXPORTER_OTLP_*
	// variables, which the exporter reads itself. Endpoint wins when both are set.
	FromEnvironment bool
	// ServiceVersion is reported as the service.version resource attribute.
	ServiceVersion string
	// Exporter replaces the OTLP exporter; tests use an in-memory one.
	Exporter sdktrace.SpanExporter
}

// Tracing starts a span per GraphQL request, a child span per upstream
// attempt, and yields the W3C traceparent sent upstream. Without an exporter
// it records nothing: incoming trace context is still passed on to BSS, but
// no span is built, so tracing costs nothing unless configured.
type Tracing struct {
	tracer   trace.Tracer
	provider *sdktrace.TracerProvider // nil when disabled
}

var _ upstream.Observer = (*Tracing)(nil)

// propagator reads and writes only the W3C traceparent/tracestate headers.
var propagator = propagation.TraceContext{}

// NewTracing returns tracing exported over OTLP/HTTP when opts names an
// exporter, and a no-op tracing otherwise.
func NewTracing(ctx context.Context, opts TracingOptions) (*Tracing, error) {
	exp := opts.Exporter
	if exp == nil && (opts.Endpoint != "" || opts.FromEnvironment) {
		var eopts []otlptracehttp.Option
		if opts.Endpoint != "" {
			u, err := url.Parse(opts.Endpoint)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return nil, fmt.Errorf("OTLP endpoint %q: want http(s)://host[:port][/path]", opts.Endpoint)
			}
			if u.Path == "" || u.Path == "/" {
				u.Path = "/v1/traces"
			}
			eopts = append(eopts, otlptracehttp.WithEndpointURL(u.String()))
		}
		var err error
		if exp, err = otlptracehttp.New(ctx, eopts...); err != nil {
			return nil, fmt.Errorf("creating OTLP exporter: %w", err)
		}
	}
	if exp == nil {
		return &Tracing{tracer: noop.NewTracerProvider().Tracer("bssgraph")}, nil
	}
	res := resource.NewSchemaless(semconv.ServiceName("bssgraph"), semconv.ServiceVersion(opts.ServiceVersion))
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	return &Tracing{tracer: tp.Tracer("bssgraph"), provider: tp}, nil
}

// Enabled reports whether spans are recorded and exported.
func (t *Tracing) Enabled() bool { return t != nil && t.provider != nil }

// Shutdown flushes the spans not yet exported. It is a no-op when disabled.
func (t *Tracing) Shutdown(ctx context.Context) error {
	if !t.Enabled() {
		return nil
	}
	return t.provider.Shutdown(ctx)
}

// StartRequest continues the caller's trace (W3C traceparent) and, when
// tracing is enabled, starts the server span of r. The caller must end the
// span.
func (t *Tracing) StartRequest(r *http.Request, name string) (context.Context, trace.Span) {
	ctx := r.Context()
	if r.Header.Get("Traceparent") != "" {
		ctx = propagator.Extract(ctx, propagation.HeaderCarrier(r.Header))
	}
	if !t.Enabled() {
		// The no-op tracer returns a span that carries the caller's span
		// context, so the trace is still propagated upstream.
		return ctx, trace.SpanFromContext(ctx)
	}
	return t.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(semconv.HTTPRequestMethodKey.String(r.Method), semconv.URLPath(r.URL.Path)))
}

// TraceParent returns the W3C traceparent header of the span in ctx, or ""
// when there is none.
func TraceParent(ctx context.Context) string {
	if !trace.SpanContextFromContext(ctx).IsValid() {
		return ""
	}
	c := propagation.MapCarrier{}
	propagator.Inject(ctx, c)
	return c["traceparent"]
}

// ObserveCall records a client span for one upstream attempt. The client
// reports an attempt after it ends, so the span is written with the
// attempt's own start and end times.
func (t *Tracing) ObserveCall(ctx context.Context, info upstream.CallInfo) {
	if !t.Enabled() || !trace.SpanFromContext(ctx).IsRecording() {
		return
	}
	end := time.Now()
	_, span := t.tracer.Start(ctx, "bss "+info.Operation.Name,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithTimestamp(end.Add(-info.Duration)),
		trace.WithAttributes(
			attribute.String("bss.operation", info.Operation.Name),
			attribute.Int("bss.attempt", info.Attempt),
			semconv.HTTPRequestMethodKey.String(info.Operation.Method),
			semconv.HTTPResponseStatusCode(info.HTTPStatus),
		))
	if info.Code != "" {
		span.SetAttributes(attribute.String("bss.error_code", info.Code))
	}
	if info.Err != nil {
		// The error text names the operation and path, never credentials
		// (upstream.Error), so it is safe to export.
		span.SetStatus(codes.Error, info.Err.Error())
	}
	span.End(trace.WithTimestamp(end))
}

// ObserveThrottle adds the quota wait to the request's span as an event.
func (t *Tracing) ObserveThrottle(ctx context.Context, op *upstream.Operation, wait time.Duration) {
	if !t.Enabled() {
		return
	}
	span := trace.SpanFromContext(ctx)
	if span.IsRecording() {
		span.AddEvent("bss quota wait", trace.WithAttributes(
			attribute.String("bss.operation", op.Name), attribute.Int64("wait_ms", wait.Milliseconds())))
	}
}
