package upstream

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Limiter holds each (credential, operation) to the operation's documented
// quota. Wait blocks until a call may be sent and returns a release func to
// call when the call has completed, and how long it waited. It returns an
// error matching ErrRateLimited, without waiting, when the slot is known to
// lie beyond ctx's deadline, because such a call could not finish in time.
type Limiter interface {
	Wait(ctx context.Context, credential string, op *Operation) (release func(), waited time.Duration, err error)
}

// QuotaError is returned when a call cannot get a quota slot before the
// request's deadline.
type QuotaError struct {
	Operation string
	Wait      time.Duration // how long the call would have had to wait (0: unknown)
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("bss: %s: quota of this credential exhausted; no slot before the request deadline (next in %s)", e.Operation, e.Wait.Round(time.Millisecond))
}

// Is makes a QuotaError match ErrRateLimited.
func (e *QuotaError) Is(target error) bool { return target == ErrRateLimited }

// WindowLimiter is an in-memory Limiter. For each (credential, operation) it
// admits a call only while fewer than Quota calls are in flight or completed
// within the last second. A call counts from when it is sent until one
// second after it completes: the gateway counts a call when it arrives,
// which is some time between the two, so no one-second window at the
// gateway can ever see more than Quota calls, however the network delays
// them. A token bucket could let 2×Quota through in a second after an idle
// spell.
type WindowLimiter struct {
	// Scale multiplies every quota (0 or 1 = as documented). Tests and load
	// harnesses against the sandbox may raise it; a negative Scale disables
	// limiting.
	Scale float64

	mu      sync.Mutex
	windows map[windowKey]*window
	inserts int
	now     func() time.Time
}

type windowKey struct {
	credential string
	op         string
}

type window struct {
	inflight int
	waiting  int           // callers blocked for a slot (PlanWait counts them)
	done     []time.Time   // completion times within the last second, oldest first
	changed  chan struct{} // closed and replaced whenever a call completes
}

// NewWindowLimiter returns a WindowLimiter with the given quota scale.
func NewWindowLimiter(scale float64) *WindowLimiter {
	return &WindowLimiter{Scale: scale, windows: make(map[windowKey]*window), now: time.Now}
}

func (l *WindowLimiter) quota(op *Operation) int { return op.QuotaAt(l.Scale) }

func nop() {}

// Wait implements Limiter.
func (l *WindowLimiter) Wait(ctx context.Context, credential string, op *Operation) (func(), time.Duration, error) {
	if l.Scale < 0 {
		return nop, 0, nil
	}
	n := l.quota(op)
	k := windowKey{credential, op.Name}
	start := l.now()
	for {
		l.mu.Lock()
		now := l.now()
		w := l.window(k, now)
		w.prune(now)
		if w.inflight+len(w.done) < n {
			w.inflight++
			l.mu.Unlock()
			return l.releaser(k, w), now.Sub(start), nil
		}
		// Full: wait for the oldest completion to leave the window, or for
		// a call in flight to complete.
		var wake time.Time
		if len(w.done) > 0 {
			wake = w.done[0].Add(time.Second)
		}
		changed := w.changed
		w.waiting++
		l.mu.Unlock()

		if dl, ok := ctx.Deadline(); ok && !wake.IsZero() && wake.After(dl) && w.inflightAtLeast(l, n) {
			l.unwait(w)
			return nop, now.Sub(start), &QuotaError{Operation: op.Name, Wait: wake.Sub(now)}
		}
		var timer <-chan time.Time
		if !wake.IsZero() {
			t := time.NewTimer(wake.Sub(now))
			defer t.Stop()
			timer = t.C
		}
		select {
		case <-timer:
		case <-changed:
		case <-ctx.Done():
			l.unwait(w)
			return nop, l.now().Sub(start), &QuotaError{Operation: op.Name}
		}
		l.unwait(w)
	}
}

// inflightAtLeast reports whether no call in flight could free a slot
// earlier than the oldest completion does: true when every slot is taken by
// completed calls. With calls in flight, one may complete and leave a slot
// free sooner, so giving up early would be wrong.
func (w *window) inflightAtLeast(l *WindowLimiter, n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return w.inflight == 0 || len(w.done) >= n
}

func (l *WindowLimiter) releaser(k windowKey, w *window) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			w.inflight--
			w.done = append(w.done, l.now())
			close(w.changed)
			w.changed = make(chan struct{})
			l.mu.Unlock()
		})
	}
}

// prune drops completions older than one second.
func (w *window) prune(now time.Time) {
	cut := 0
	for cut < len(w.done) && now.Sub(w.done[cut]) >= time.Second {
		cut++
	}
	if cut > 0 {
		w.done = append(w.done[:0], w.done[cut:]...)
	}
}

// sweep drops idle windows, so that a gateway seeing many short-lived tokens
// does not grow without bound. Called with mu held.
func (l *WindowLimiter) sweep(now time.Time) {
	for k, w := range l.windows {
		w.prune(now)
		if w.inflight == 0 && len(w.done) == 0 && w.waiting == 0 {
			delete(l.windows, k)
		}
	}
}

// Len returns the number of live windows (for tests and metrics).
func (l *WindowLimiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.windows)
}

// Record counts a call admitted elsewhere (a limiter shared by replicas)
// in (credential, op)'s window without waiting, so that this limiter, used
// as the fallback, knows the calls of the last second when it takes over.
// Call the returned func when the call has completed.
func (l *WindowLimiter) Record(credential string, op *Operation) func() {
	if l.Scale < 0 {
		return nop
	}
	k := windowKey{credential, op.Name}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.window(k, l.now()).inflight++
	return l.releaser(k, l.windows[k])
}

// window returns k's window, creating it. Called with mu held.
func (l *WindowLimiter) window(k windowKey, now time.Time) *window {
	w := l.windows[k]
	if w == nil {
		l.inserts++
		if l.inserts%1024 == 0 {
			l.sweep(now)
		}
		w = &window{changed: make(chan struct{})}
		l.windows[k] = w
	}
	return w
}
