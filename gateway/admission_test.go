package gateway_test

import (
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"bssgraph/gateway"
	"bssgraph/internal/metrictext"
)

// holdRequests is a request middleware that keeps each request executing
// until release closes, whatever its deadline, counting the requests
// inside it at once.
type holdRequests struct {
	release   chan struct{}
	entered   chan struct{}
	inside    atomic.Int32
	maxInside atomic.Int32
}

func newHold() *holdRequests {
	return &holdRequests{release: make(chan struct{}), entered: make(chan struct{}, 64)}
}

func (h *holdRequests) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := h.inside.Add(1)
		for m := h.maxInside.Load(); n > m && !h.maxInside.CompareAndSwap(m, n); m = h.maxInside.Load() {
		}
		h.entered <- struct{}{}
		select {
		case <-h.release:
		case <-time.After(10 * time.Second): // a test that fails does not hang
		}
		h.inside.Add(-1)
		next.ServeHTTP(w, r)
	})
}

// The requests run in memory inside a synctest bubble: synctest.Wait
// returns once every request is blocked, so the test knows where each one
// is without polling or sleeping.
func TestAdmissionBoundsRequestsExecuting(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		h := newHold()
		e := newInMemoryEnv(t, func(o *gateway.Options) {
			o.MaxConcurrent, o.MaxQueued = 2, 1
			o.RequestTimeout = 20 * time.Second
			o.RequestMiddleware = []func(http.Handler) http.Handler{h.middleware}
		})
		released := sync.OnceFunc(func() { close(h.release) })
		defer released()

		const query = `{"query":"{ ping }"}`
		var wg sync.WaitGroup
		statuses := make(chan int, 3)
		send := func() {
			wg.Go(func() { statuses <- e.post(t, query, grj, "X-Auth-Token", "t").status })
		}
		send()
		send()
		<-h.entered
		<-h.entered
		send() // past the 2 slots: waits in the queue
		synctest.Wait()
		metrictext.Check(t, scrape(t, e), map[string]float64{"bssgraph_graphql_requests_queued": 1}) // one request waits

		// Past the slots and the queue: refused at once, without executing.
		r := e.post(t, query, grj, "X-Auth-Token", "t")
		if r.status != http.StatusServiceUnavailable || r.errorCode() != "THROTTLED" || r.hasData() {
			t.Errorf("request past the queue: %d %s; want 503 THROTTLED without data", r.status, r.raw)
		}
		if got := r.header.Get("Retry-After"); got != "1" {
			t.Errorf("Retry-After = %q, want 1", got)
		}
		if !strings.Contains(r.raw, `"retryable":true`) {
			t.Errorf("THROTTLED is not marked retryable: %s", r.raw)
		}

		released()
		wg.Wait()
		close(statuses)
		for s := range statuses {
			if s != http.StatusOK {
				t.Errorf("an admitted or queued request answered %d, want 200", s)
			}
		}
		if got := h.maxInside.Load(); got != 2 {
			t.Errorf("%d requests executed at once, want the bound 2", got)
		}
		if got := len(h.entered); got != 1 {
			t.Errorf("%d more requests executed after the first two, want 1 (the queued one; the refused one never runs)", got)
		}
		metrictext.Check(t, scrape(t, e), map[string]float64{"bssgraph_graphql_requests_queued": 0}) // the queue emptied
	})
}

func TestAdmissionQueueEndsAtTheDeadline(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		h := newHold()
		released := sync.OnceFunc(func() { close(h.release) })
		defer released()
		e := newInMemoryEnv(t, func(o *gateway.Options) {
			o.MaxConcurrent, o.MaxQueued = 1, 10
			o.RequestTimeout = 300 * time.Millisecond
			o.RequestMiddleware = []func(http.Handler) http.Handler{h.middleware}
		})
		first := make(chan result, 1)
		go func() { first <- e.post(t, `{"query":"{ ping }"}`, grj, "X-Auth-Token", "t") }()
		<-h.entered
		// The first request holds the only slot past any deadline, so the
		// second waits in the queue until its deadline passes.
		start := time.Now()
		r := e.post(t, `{"query":"{ ping }"}`, grj, "X-Auth-Token", "t")
		if r.status != http.StatusServiceUnavailable || r.errorCode() != "TIMEOUT" || !strings.Contains(r.raw, `"retryable":true`) {
			t.Errorf("request whose deadline passed in the queue: %d %s; want 503 TIMEOUT, retryable", r.status, r.raw)
		}
		if waited := time.Since(start); waited != 300*time.Millisecond {
			t.Errorf("the queued request was refused after %s, want at its deadline (300ms)", waited)
		}
		if r.header.Get("Retry-After") == "" {
			t.Error("no Retry-After on a request refused in the queue")
		}
		released()
		<-first
		if len(h.entered) != 0 {
			t.Error("the request whose deadline passed in the queue executed anyway")
		}
	})
}
