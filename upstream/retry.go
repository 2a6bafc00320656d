package upstream

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy bounds how the client repeats failed calls. Reads are retried
// on throttling, 5xx and connection errors; mutations only when the API
// gateway answered 429 APIGW.0308/APIG.0308, which proves they did not run
// (DESIGN §3.3). Every wait is bounded by the request's deadline.
type RetryPolicy struct {
	MaxAttempts int           // total tries, including the first; 1 disables retries
	BaseDelay   time.Duration // backoff before the second try; doubles each time
	MaxDelay    time.Duration // cap of one jittered backoff
}

// DefaultRetryPolicy follows the reference's advice (§3.3 and the APIG FAQ):
// exponential backoff with full jitter, starting near one second.
var DefaultRetryPolicy = RetryPolicy{MaxAttempts: 4, BaseDelay: 500 * time.Millisecond, MaxDelay: 8 * time.Second}

// backoff returns the wait before try number attempt+1 (attempt ≥ 1): full
// jitter over an exponentially growing ceiling, or the server's Retry-After
// when it gave one.
func (p RetryPolicy) backoff(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		// The server said when; do() still gives up if that is past the deadline.
		return retryAfter
	}
	ceiling := p.BaseDelay << (attempt - 1)
	if ceiling <= 0 || ceiling > p.MaxDelay {
		ceiling = p.MaxDelay
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling + 1)
}

// retryable reports whether a failed attempt of op may be repeated.
func retryable(op *Operation, err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, errAttemptTimeout) {
		return false
	}
	var ue *Error
	if errors.As(err, &ue) {
		if op.Mutation {
			return ue.GatewayThrottled()
		}
		return ue.Temporary()
	}
	if op.Mutation {
		return false
	}
	// Connection errors, attempt timeouts, and bodies cut short.
	return true
}

// errAttemptTimeout marks an attempt that ran out of its own per-call
// timeout while the request as a whole still had time.
var errAttemptTimeout = errors.New("upstream call timed out")

// retryAfter parses a Retry-After header: delta-seconds or an HTTP date.
func retryAfter(v string) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}

func retryAfterSeconds(v string) int { return int(retryAfter(v) / time.Second) }

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
