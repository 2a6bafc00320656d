package telemetry_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"bssgraph/telemetry"
	"bssgraph/upstream"
)

// keepSpans keeps the exported spans readable after Shutdown, which the
// in-memory exporter otherwise clears.
type keepSpans struct{ *tracetest.InMemoryExporter }

func (keepSpans) Shutdown(context.Context) error { return nil }

const incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

func TestTracing_Disabled_PropagatesCallerTrace(t *testing.T) {
	t.Parallel()
	tr, err := telemetry.NewTracing(t.Context(), telemetry.TracingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Enabled() {
		t.Fatal("tracing without exporter is enabled")
	}
	r := httptest.NewRequest("POST", "/graphql", nil)
	r.Header.Set("Traceparent", incoming)
	ctx, span := tr.StartRequest(r, "graphql")
	defer span.End()
	if span.IsRecording() {
		t.Error("disabled tracing records spans")
	}
	if got := telemetry.TraceParent(ctx); got != incoming {
		t.Errorf("TraceParent = %q, want the caller's %q", got, incoming)
	}

	ctx, span = tr.StartRequest(httptest.NewRequest("POST", "/graphql", nil), "graphql")
	defer span.End()
	if got := telemetry.TraceParent(ctx); got != "" {
		t.Errorf("TraceParent without caller trace = %q, want empty", got)
	}
	if err := tr.Shutdown(t.Context()); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

func TestTracing_Enabled_ContinuesTraceAndRecordsUpstreamSpans(t *testing.T) {
	t.Parallel()
	exp := tracetest.NewInMemoryExporter()
	tr, err := telemetry.NewTracing(t.Context(), telemetry.TracingOptions{Exporter: keepSpans{exp}, ServiceVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/graphql", nil)
	r.Header.Set("Traceparent", incoming)
	ctx, span := tr.StartRequest(r, "graphql")

	tp := telemetry.TraceParent(ctx)
	parts := strings.Split(tp, "-")
	if len(parts) != 4 || parts[1] != "4bf92f3577b34da6a3ce929d0e0e4736" || parts[2] == "00f067aa0ba902b7" {
		t.Errorf("TraceParent = %q, want the caller's trace id with the gateway's own span id", tp)
	}
	tr.ObserveThrottle(ctx, upstream.OpListServiceTypes, 20*time.Millisecond)
	tr.ObserveCall(ctx, upstream.CallInfo{Operation: upstream.OpListServiceTypes, Attempt: 1, HTTPStatus: 500, Code: "CBC.0999", Duration: 5 * time.Millisecond, Err: errors.New("bss: boom")})
	span.End()
	if err := tr.Shutdown(t.Context()); err != nil {
		t.Fatal(err)
	}

	spans := exp.GetSpans()
	if len(spans) != 2 {
		t.Fatalf("exported %d spans, want 2 (request and upstream attempt)", len(spans))
	}
	call, req := spans[0], spans[1]
	if call.Name != "bss ListServiceTypes" || call.SpanKind != trace.SpanKindClient {
		t.Errorf("upstream span = %q kind %v, want \"bss ListServiceTypes\" client", call.Name, call.SpanKind)
	}
	if call.Parent.SpanID() != req.SpanContext.SpanID() {
		t.Error("upstream span is not a child of the request span")
	}
	if req.Parent.TraceID().String() != "4bf92f3577b34da6a3ce929d0e0e4736" || !req.Parent.IsRemote() {
		t.Errorf("request span parent = %v, want the caller's remote span", req.Parent)
	}
	if len(req.Events) != 1 || req.Events[0].Name != "bss quota wait" {
		t.Errorf("request span events = %v, want one quota wait", req.Events)
	}
}

func TestNewTracing_BadEndpoint(t *testing.T) {
	t.Parallel()
	for _, ep := range []string{"collector:4318", "ftp://x", "http://"} {
		if _, err := telemetry.NewTracing(t.Context(), telemetry.TracingOptions{Endpoint: ep}); err == nil {
			t.Errorf("NewTracing(Endpoint: %q) = nil error, want one", ep)
		}
	}
}

func TestNewTracing_Endpoint(t *testing.T) {
	t.Parallel()
	// Creating the exporter does not connect, so this needs no collector.
	tr, err := telemetry.NewTracing(t.Context(), telemetry.TracingOptions{Endpoint: "http://127.0.0.1:4318"})
	if err != nil {
		t.Fatal(err)
	}
	if !tr.Enabled() {
		t.Error("tracing with an endpoint is disabled")
	}
	if err := tr.Shutdown(t.Context()); err != nil {
		t.Logf("Shutdown: %v (no collector listens; only the flush failed)", err)
	}
}
