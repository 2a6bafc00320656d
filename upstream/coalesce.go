package upstream

import (
	"context"
	"sync"
	"time"
)

// Coalescer lets identical reads in flight share one upstream call. Keys
// are built by readKey: they hold the credential's keyed hash, so two
// credentials never share a call. An implementation shared by several
// replicas may replace the in-memory one.
type Coalescer interface {
	// Do runs fn, unless a call with the same key is already running, in
	// which case it waits for that call's answer instead; shared reports
	// the latter. fn runs with the context of the caller that started it.
	Do(ctx context.Context, key string, fn func() ([]byte, error)) (value []byte, shared bool, err error)
}

// flightGroup is the in-memory Coalescer. With keep set it also remembers
// each successful answer for its own lifetime: the per-request memo, which
// makes an identical read once per GraphQL request, loaders or not.
type flightGroup struct {
	keep  bool
	start time.Time // when the request of a memo began

	mu      sync.Mutex
	flights map[string]*flight
}

type flight struct {
	done  chan struct{}
	value []byte
	err   error
}

// NewCoalescer returns the in-memory Coalescer.
func NewCoalescer() Coalescer { return &flightGroup{flights: map[string]*flight{}} }

// Do implements Coalescer.
func (g *flightGroup) Do(ctx context.Context, key string, fn func() ([]byte, error)) ([]byte, bool, error) {
	g.mu.Lock()
	if f, ok := g.flights[key]; ok {
		g.mu.Unlock()
		select {
		case <-f.done:
			return f.value, true, f.err
		case <-ctx.Done():
			return nil, true, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	g.flights[key] = f
	g.mu.Unlock()

	defer func() {
		// Failures are never remembered: a later identical read tries again.
		if !g.keep || f.err != nil {
			g.mu.Lock()
			if g.flights[key] == f {
				delete(g.flights, key)
			}
			g.mu.Unlock()
		}
		close(f.done)
	}()
	f.value, f.err = fn()
	return f.value, false, f.err
}

// forget drops every remembered answer (after a mutation in the request).
func (g *flightGroup) forget() {
	g.mu.Lock()
	g.flights = map[string]*flight{}
	g.mu.Unlock()
}

type memoKey struct{}

// WithRequestMemo returns a context in which identical reads are made once:
// the gateway installs one per GraphQL operation. Answers are held until the
// context is dropped, or until a mutation is made through it. The request
// may also use answers of calls other requests began after it did.
func WithRequestMemo(ctx context.Context) context.Context {
	return context.WithValue(ctx, memoKey{}, &flightGroup{keep: true, start: time.Now(), flights: map[string]*flight{}})
}

func memoFrom(ctx context.Context) *flightGroup {
	g, _ := ctx.Value(memoKey{}).(*flightGroup)
	return g
}
