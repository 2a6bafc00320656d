package shared

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/redis/go-redis/v9"

	"bssgraph/upstream"
)

// windowScript is the whole of the shared quota, run atomically by Redis.
// KEYS[1] is the sorted set of one (credential hash, operation): a member
// per call, scored with the time (Redis's own clock, in ms) it stops
// counting. This is upstream.WindowLimiter's rule across all replicas: a
// call counts from when it is sent until one second after it completes.
//
// "acquire" (ARGV: quota, call id, lease ms) drops expired members and
// admits the call when fewer than quota remain, scored at now+lease (a
// replica that dies mid-call frees its slot after the lease); it returns -1,
// or else the ms until the earliest member expires, capped at 1000 because
// a call in flight frees its slot one second after it completes.
// "release" (ARGV: call id) scores the call now+1000.
var windowScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if ARGV[1] == 'release' then
  redis.call('ZADD', KEYS[1], 'XX', now + 1000, ARGV[2])
  return 0
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  local lease = tonumber(ARGV[4])
  redis.call('ZADD', KEYS[1], now + lease, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], lease + 1000)
  return -1
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.min(1000, tonumber(first[2]) - now))
`)

// Limiter is an upstream.Limiter shared by every replica through Redis.
// While Redis is unreachable it falls back to a local WindowLimiter at
// quota ÷ replicas, so the replicas together still stay within the quota.
// Calls admitted through Redis are recorded in the local window too, so a
// replica that falls back mid-second counts its own calls of that second.
type Limiter struct {
	r     *Redis
	scale float64
	lease time.Duration
	local *upstream.WindowLimiter
}

var (
	_ upstream.Limiter      = (*Limiter)(nil)
	_ upstream.QuotaPlanner = (*Limiter)(nil)
)

// NewLimiter returns the shared limiter. scale multiplies the documented
// quotas as upstream.WindowLimiter's Scale does (negative: no limit);
// replicas is how many gateways share the quota when Redis is down; lease
// bounds how long a call may hold its slot (the upstream call timeout and
// then some).
func NewLimiter(r *Redis, scale float64, replicas int, lease time.Duration) *Limiter {
	if scale == 0 {
		scale = 1
	}
	local := scale
	if scale > 0 {
		local = scale / float64(max(1, replicas))
	}
	return &Limiter{r: r, scale: scale, lease: lease, local: upstream.NewWindowLimiter(local)}
}

func (l *Limiter) quota(op *upstream.Operation) int { return op.QuotaAt(l.scale) }

// Wait implements upstream.Limiter. credential is already the credential's
// keyed hash (upstream.CredentialHash).
func (l *Limiter) Wait(ctx context.Context, credential string, op *upstream.Operation) (func(), time.Duration, error) {
	if l.scale < 0 {
		return func() {}, 0, nil
	}
	key := "bssgraph:quota:1:" + credential + ":" + op.Name
	id := callID()
	start := time.Now()
	for {
		wait, err := l.acquire(ctx, key, id, op)
		if err != nil {
			release, waited, err := l.local.Wait(ctx, credential, op)
			return release, time.Since(start) + waited, err
		}
		if wait < 0 {
			local := l.local.Record(credential, op)
			shared := l.releaser(ctx, key, id)
			return func() { shared(); local() }, time.Since(start), nil
		}
		if dl, ok := ctx.Deadline(); ok && time.Now().Add(wait).After(dl) {
			return func() {}, time.Since(start), &upstream.QuotaError{Operation: op.Name, Wait: wait}
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return func() {}, time.Since(start), &upstream.QuotaError{Operation: op.Name}
		}
	}
}

// acquire runs the script once: a negative wait means admitted.
func (l *Limiter) acquire(ctx context.Context, key, id string, op *upstream.Operation) (time.Duration, error) {
	rctx, cancel, err := l.r.bounded(ctx)
	if err != nil {
		return 0, err
	}
	defer cancel()
	ms, err := windowScript.Run(rctx, l.r.client, []string{key}, "acquire", l.quota(op), id, l.lease.Milliseconds()).Int64()
	if err := l.r.check(rctx, err); err != nil {
		return 0, err
	}
	if ms < 0 {
		return -1, nil
	}
	return time.Duration(ms) * time.Millisecond, nil
}

func (l *Limiter) releaser(ctx context.Context, key, id string) func() {
	return func() {
		rctx, cancel, err := l.r.bounded(ctx)
		if err != nil {
			return // the slot frees itself when its lease ends
		}
		defer cancel()
		l.r.check(rctx, windowScript.Run(rctx, l.r.client, []string{key}, "release", id).Err())
	}
}

// PlanWait implements upstream.QuotaPlanner from this replica's view: the
// calls of other replicas are not counted, so it errs towards admitting a
// request, which then waits for its slots as usual.
func (l *Limiter) PlanWait(credential string, op *upstream.Operation, n int) time.Duration {
	if l.scale < 0 || n <= 0 {
		return 0
	}
	if !l.r.Up() {
		return l.local.PlanWait(credential, op, n)
	}
	q := l.quota(op)
	return time.Duration((n+q-1)/q-1) * time.Second
}

func callID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
