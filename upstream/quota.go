package upstream

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Limiter holds each (credential, operation) to the operation's documented
// quota. Wait blocks until a call may be sent and returns how long it waited;
// it returns an error matching ErrRateLimited, without waiting, when the slot
// lies beyond ctx's deadline, because such a call could not finish in time.
type Limiter interface {
	Wait(ctx context.Context, credential string, op *Operation) (time.Duration, error)
}

// QuotaError is returned when a call cannot get a quota slot before the
// request's deadline.
type QuotaError struct {
	Operation string
	Wait      time.Duration // how long the call would have had to wait
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("bss: %s: quota of this credential exhausted; next slot in %s, beyond the request deadline", e.Operation, e.Wait.Round(time.Millisecond))
}

// Is makes a QuotaError match ErrRateLimited.
func (e *QuotaError) Is(target error) bool { return target == ErrRateLimited }

// WindowLimiter is an in-memory Limiter. For each (credential, operation) it
// admits at most Quota calls in any window of one second plus Margin: a
// sliding log, stricter than a token bucket, which could let 2×Quota calls
// through in one second after an idle spell. Margin absorbs the jitter
// between leaving this process and arriving at the gateway.
type WindowLimiter struct {
	// Scale multiplies every quota (0 or 1 = as documented). Tests and load
	// harnesses against the sandbox may raise it; a negative Scale disables
	// limiting.
	Scale  float64
	Margin time.Duration

	mu      sync.Mutex
	windows map[windowKey]*window
	inserts int
	now     func() time.Time
}

type windowKey struct {
	credential string
	op         string
}

// window is a ring of the most recent Quota admission times (in the past or
// reserved in the future), oldest at head.
type window struct {
	slots []time.Time
	head  int
	last  time.Time
}

// NewWindowLimiter returns a WindowLimiter with the given quota scale and a
// 50 ms margin.
func NewWindowLimiter(scale float64) *WindowLimiter {
	return &WindowLimiter{Scale: scale, Margin: 50 * time.Millisecond, windows: make(map[windowKey]*window), now: time.Now}
}

// Wait implements Limiter.
func (l *WindowLimiter) Wait(ctx context.Context, credential string, op *Operation) (time.Duration, error) {
	if l.Scale < 0 {
		return 0, nil
	}
	quota := op.Quota
	if l.Scale > 0 {
		quota = int(float64(quota) * l.Scale)
	}
	if quota < 1 {
		quota = 1
	}
	span := time.Second + l.Margin

	l.mu.Lock()
	now := l.now()
	k := windowKey{credential, op.Name}
	w := l.windows[k]
	if w == nil || len(w.slots) != quota {
		l.inserts++
		if l.inserts%1024 == 0 {
			l.sweep(now, span)
		}
		w = &window{slots: make([]time.Time, quota)}
		l.windows[k] = w
	}
	slot := now
	if oldest := w.slots[w.head]; !oldest.IsZero() && oldest.Add(span).After(now) {
		slot = oldest.Add(span)
	}
	wait := slot.Sub(now)
	if dl, ok := ctx.Deadline(); ok && slot.After(dl) {
		l.mu.Unlock()
		return 0, &QuotaError{Operation: op.Name, Wait: wait}
	}
	w.slots[w.head] = slot
	w.head = (w.head + 1) % len(w.slots)
	w.last = slot
	l.mu.Unlock()

	if wait <= 0 {
		return 0, nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return wait, nil
	case <-ctx.Done():
		return wait, ctx.Err()
	}
}

// sweep drops windows idle for longer than span, so that a gateway seeing
// many short-lived tokens does not grow without bound. Called with mu held.
func (l *WindowLimiter) sweep(now time.Time, span time.Duration) {
	for k, w := range l.windows {
		if now.Sub(w.last) > span {
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
