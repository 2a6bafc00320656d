package upstream

import (
	"context"
	"sync"
	"time"
)

// Stats counts the upstream work done for one GraphQL request. It is safe for
// concurrent use; the gateway reports it in extensions.upstream.
type Stats struct {
	mu          sync.Mutex
	calls       int
	cacheHits   int
	coalesced   int
	throttled   time.Duration
	byOperation map[string]int
}

// StatsSnapshot is a copy of Stats at one moment.
type StatsSnapshot struct {
	Calls     int `json:"calls"`
	CacheHits int `json:"cacheHits"`
	// Coalesced counts answers shared with an identical read made earlier
	// in the request or in flight for another request of the credential.
	Coalesced   int            `json:"coalesced"`
	ThrottledMs int64          `json:"throttledMs"`
	ByOperation map[string]int `json:"byOperation"`
}

type statsKey struct{}

// WithStats returns a context whose upstream calls are counted in s.
func WithStats(ctx context.Context, s *Stats) context.Context {
	return context.WithValue(ctx, statsKey{}, s)
}

// StatsFrom returns the Stats in ctx, or nil.
func StatsFrom(ctx context.Context) *Stats {
	s, _ := ctx.Value(statsKey{}).(*Stats)
	return s
}

func (s *Stats) addCall(op string) {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.calls++
	if s.byOperation == nil {
		s.byOperation = make(map[string]int)
	}
	s.byOperation[op]++
	s.mu.Unlock()
}

func (s *Stats) addThrottle(d time.Duration) {
	if s == nil || d <= 0 {
		return
	}
	s.mu.Lock()
	s.throttled += d
	s.mu.Unlock()
}

// AddCacheHit counts one answer served from a cache instead of upstream.
func (s *Stats) AddCacheHit() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.cacheHits++
	s.mu.Unlock()
}

func (s *Stats) addCoalesced() {
	if s == nil {
		return
	}
	s.mu.Lock()
	s.coalesced++
	s.mu.Unlock()
}

// Snapshot returns a copy of the counters.
func (s *Stats) Snapshot() StatsSnapshot {
	if s == nil {
		return StatsSnapshot{ByOperation: map[string]int{}}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	by := make(map[string]int, len(s.byOperation))
	for k, v := range s.byOperation {
		by[k] = v
	}
	return StatsSnapshot{Calls: s.calls, CacheHits: s.cacheHits, Coalesced: s.coalesced, ThrottledMs: s.throttled.Milliseconds(), ByOperation: by}
}

// CallInfo describes one HTTP attempt, for metrics and tracing.
type CallInfo struct {
	Operation  *Operation
	Attempt    int // 1 for the first try
	HTTPStatus int // 0 when no response arrived
	Code       string
	Duration   time.Duration
	Err        error
}

// Observer is told about every upstream attempt and every quota wait. The
// gateway's metrics implement it; methods must be cheap and safe for
// concurrent use.
type Observer interface {
	ObserveCall(ctx context.Context, info CallInfo)
	ObserveThrottle(ctx context.Context, op *Operation, wait time.Duration)
}

type nopObserver struct{}

func (nopObserver) ObserveCall(context.Context, CallInfo)                      {}
func (nopObserver) ObserveThrottle(context.Context, *Operation, time.Duration) {}
