package telemetry

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"

	"bssgraph/upstream"
)

// Upstream answers served without a call of their own (upstream/economy.go):
// from the request memo, an identical call in flight, or a cache.

var (
	_ upstream.SharedObserver = (*Metrics)(nil)
	_ upstream.SharedObserver = observers(nil)
)

func newSharedAnswers() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "bssgraph_upstream_shared_total",
		Help: "Upstream reads answered without a call of their own, by operation and source: request (the same read earlier in the request), coalesced (an identical read in flight), final (the final-state cache), read (the read cache).",
	}, []string{"operation", "source"})
}

// ObserveShared implements upstream.SharedObserver.
func (m *Metrics) ObserveShared(_ context.Context, op *upstream.Operation, source string) {
	if m == nil {
		return
	}
	m.sharedAnswers.WithLabelValues(op.Name, source).Inc()
}

// ObserveShared implements upstream.SharedObserver for each observer that
// does.
func (o observers) ObserveShared(ctx context.Context, op *upstream.Operation, source string) {
	for _, x := range o {
		if so, ok := x.(upstream.SharedObserver); ok {
			so.ObserveShared(ctx, op, source)
		}
	}
}
