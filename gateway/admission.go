package gateway

import (
	"bssgraph/internal/errcodes"
	"net/http"
	"sync/atomic"
)

// admission bounds the GraphQL requests executing at once. Each executing
// request holds its execution state, decoded upstream answers, response
// buffer and gqlgen's field goroutines (about 100 KB and several stacks), so
// memory grows with the requests in flight, not with the clients connected.
// Requests past the bound wait in a queue of bounded length, in arrival
// order, until a slot frees or their deadline passes; requests past the
// queue are refused at once, so that a flood costs a connection and a short
// answer each.
type admission struct {
	slots     chan struct{}
	queued    atomic.Int64
	maxQueued int64
}

// retryAfterSeconds is the Retry-After of a refused request: a slot frees
// within a request's time, and a second keeps a retrying client from
// spinning.
const retryAfterSeconds = "1"

// admit runs next when a slot is free, queues the request when the queue
// has room, and otherwise answers 503 THROTTLED with Retry-After.
func (g *gateway) admit(next http.Handler) http.Handler {
	a := &admission{slots: make(chan struct{}, g.o.MaxConcurrent), maxQueued: int64(g.o.MaxQueued)}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case a.slots <- struct{}{}:
		default:
			if !a.wait(g, w, r) {
				return
			}
		}
		defer func() { <-a.slots }()
		next.ServeHTTP(w, r)
	})
}

// wait queues r for a slot. It reports whether r got one; when not, it has
// answered r.
func (a *admission) wait(g *gateway, w http.ResponseWriter, r *http.Request) bool {
	defer a.queued.Add(-1)
	if a.queued.Add(1) > a.maxQueued {
		g.refuseBusy(w, r, errcodes.Throttled, "the gateway is executing BSSGRAPH_MAX_CONCURRENT requests and BSSGRAPH_MAX_QUEUED more are waiting; try again shortly")
		return false
	}
	defer g.metrics.RequestQueued()()
	select {
	case a.slots <- struct{}{}:
		return true
	case <-r.Context().Done():
		g.refuseBusy(w, r, errcodes.Timeout, "the request passed its deadline (BSSGRAPH_REQUEST_TIMEOUT) while waiting for the gateway to take it; try again shortly")
		return false
	}
}

// refuseBusy answers a request the gateway did not execute: 503, retryable.
func (g *gateway) refuseBusy(w http.ResponseWriter, r *http.Request, code, msg string) {
	media, ok := negotiate(r.Header.Get("Accept"))
	if !ok {
		media = mediaJSON
	}
	e := codedError(code, msg)
	e.Extensions["retryable"] = true
	w.Header().Set("Retry-After", retryAfterSeconds)
	g.writeErrors(w, r, media, http.StatusServiceUnavailable, e)
}
