package upstream

import (
	"context"
	"time"
)

// Quota-aware scheduling: before a GraphQL request runs, the gateway asks
// how long its planned calls would wait for the credential's quotas, and
// refuses it at once with THROTTLED when that is past its deadline, rather
// than letting it time out half-done.

// QuotaPlanner is an optional extension of Limiter: how long n more calls
// of op for credential would wait to be admitted, counting the calls that
// hold or wait for a slot now.
type QuotaPlanner interface {
	PlanWait(credential string, op *Operation, n int) time.Duration
}

// PlanWait implements QuotaPlanner. Calls are admitted Quota to a
// one-second window, so the last of n queued behind busy others goes out
// ⌈(busy+n)/Quota⌉−1 seconds from now.
func (l *WindowLimiter) PlanWait(credential string, op *Operation, n int) time.Duration {
	if l.Scale < 0 || n <= 0 {
		return 0
	}
	q := l.quota(op)
	l.mu.Lock()
	busy := 0
	if w := l.windows[windowKey{credential, op.Name}]; w != nil {
		w.prune(l.now())
		busy = w.inflight + len(w.done) + w.waiting
	}
	l.mu.Unlock()
	return time.Duration((busy+n+q-1)/q-1) * time.Second
}

func (l *WindowLimiter) unwait(w *window) {
	l.mu.Lock()
	w.waiting--
	l.mu.Unlock()
}

// PlanWait returns how long the planned calls (count per operation) of the
// caller in ctx would wait for their quotas, and the operation that waits
// longest. Operations have quotas of their own and run side by side, so the
// plan waits as long as its slowest operation. It is 0 when the limiter
// cannot tell.
func (c *Client) PlanWait(ctx context.Context, plan map[*Operation]int) (time.Duration, *Operation) {
	p, ok := c.limiter.(QuotaPlanner)
	if !ok {
		return 0, nil
	}
	cred := c.CredentialKey(ctx)
	var longest time.Duration
	var slowest *Operation
	for op, n := range plan {
		if d := p.PlanWait(cred, op, n); d > longest {
			longest, slowest = d, op
		}
	}
	return longest, slowest
}
