package sandbox

import (
	"sync"
	"time"

	"bssgraph/upstream"
)

// quotaCounter enforces the documented per-(credential, API) quotas of §3.3
// over a sliding one-second window, as the API gateway does, answering 429
// APIGW.0308 beyond them.
type quotaCounter struct {
	mu      sync.Mutex
	scale   float64
	windows map[string][]time.Time
	now     func() time.Time
}

func newQuotaCounter(scale float64) *quotaCounter {
	return &quotaCounter{scale: scale, windows: make(map[string][]time.Time), now: time.Now}
}

// limit returns the enforced quota of op (0 when enforcement is off).
func (q *quotaCounter) limit(op *upstream.Operation) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.limitLocked(op)
}

func (q *quotaCounter) limitLocked(op *upstream.Operation) int {
	switch {
	case q.scale < 0:
		return 0
	case q.scale == 0:
		return op.Quota
	}
	return max(1, int(float64(op.Quota)*q.scale))
}

// allow records a call and reports whether it is within quota. Rejected
// calls are not recorded, as the gateway does not count them either.
func (q *quotaCounter) allow(credential string, op *upstream.Operation) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := q.limitLocked(op)
	if n == 0 {
		return true
	}
	now := q.now()
	key := credential + "|" + op.Name
	w := q.windows[key]
	cut := 0
	for cut < len(w) && now.Sub(w[cut]) >= time.Second {
		cut++
	}
	w = w[cut:]
	if len(w) >= n {
		q.windows[key] = w
		return false
	}
	q.windows[key] = append(w, now)
	return true
}

func (q *quotaCounter) setScale(scale float64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.scale = scale
}

func (q *quotaCounter) reset() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.windows = make(map[string][]time.Time)
}
