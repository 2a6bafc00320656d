// Package shared keeps the state several gateway replicas must share in
// Redis (issue F10): the per-(credential, operation) quota, the upstream
// answer caches, the APQ store and the public catalog. Every use goes
// through Redis, which bounds each command and trips a circuit breaker on
// the first failure, so a dead Redis costs a replica nothing per call: its
// callers fall back to local state until a background probe finds Redis
// again.
package shared

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/rs/zerolog"
)

// Options tune a Redis connection.
type Options struct {
	Log zerolog.Logger
	// Timeout bounds one Redis command (default 100ms): past it the call
	// falls back to local state rather than holding a request.
	Timeout time.Duration
	// ProbeEvery is how often a broken connection is retried (default 500ms).
	ProbeEvery time.Duration
	// OnChange is told when Redis becomes unreachable (false) or reachable
	// again (true), for example to set a gauge.
	OnChange func(up bool)
}

// ErrDown is returned by Redis while its circuit breaker is open.
var ErrDown = errors.New("redis unavailable; using local state")

// Redis is a connection with bounded commands and a circuit breaker.
type Redis struct {
	client  *redis.Client
	o       Options
	down    atomic.Bool
	lastErr atomic.Value // error that opened the breaker

	mu      sync.Mutex
	probing bool
	closed  chan struct{}
	wg      sync.WaitGroup
}

// Connect parses url (redis://[:password@]host:port[/db]) and returns a
// connection. It does not fail when Redis is unreachable: the breaker opens
// and the gateway starts in local mode, connecting later by itself.
func Connect(url string, o Options) (*Redis, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		// The URL may hold a password: say what is wrong, not what it is.
		return nil, errors.New("BSSGRAPH_REDIS_URL: want redis://[:password@]host:port[/db]")
	}
	if o.Timeout <= 0 {
		o.Timeout = 100 * time.Millisecond
	}
	if o.ProbeEvery <= 0 {
		o.ProbeEvery = 500 * time.Millisecond
	}
	opts.DialTimeout, opts.ReadTimeout, opts.WriteTimeout, opts.PoolTimeout = o.Timeout, o.Timeout, o.Timeout, o.Timeout
	opts.MaxRetries = -1 // the breaker, not retries, handles failures
	opts.Protocol = 2
	r := &Redis{client: redis.NewClient(opts), o: o, closed: make(chan struct{})}
	ctx, cancel := context.WithTimeout(context.Background(), 4*o.Timeout)
	defer cancel()
	r.check(ctx, r.client.Ping(ctx).Err())
	return r, nil
}

// Close stops the probe and closes the connection pool.
func (r *Redis) Close() error {
	r.mu.Lock()
	select {
	case <-r.closed:
	default:
		close(r.closed)
	}
	r.mu.Unlock()
	r.wg.Wait()
	return r.client.Close()
}

// Up reports whether the breaker is closed (Redis in use).
func (r *Redis) Up() bool { return !r.down.Load() }

// Err is nil while Redis is in use, else why it is not.
func (r *Redis) Err() error {
	if r.Up() {
		return nil
	}
	err, _ := r.lastErr.Load().(error)
	return fmt.Errorf("%w: %v", ErrDown, err)
}

// bounded returns ctx bounded by the command timeout, or ErrDown while
// the breaker is open.
func (r *Redis) bounded(ctx context.Context) (context.Context, context.CancelFunc, error) {
	if r.down.Load() {
		return nil, nil, ErrDown
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.o.Timeout)
	return ctx, cancel, nil
}

// check opens the breaker on err (a missing key is no failure) and returns
// err.
func (r *Redis) check(_ context.Context, err error) error {
	if err == nil || errors.Is(err, redis.Nil) {
		return err
	}
	r.lastErr.Store(err)
	if r.down.CompareAndSwap(false, true) {
		r.o.Log.Warn().Err(err).Msg("redis unreachable: quotas fall back to a local share, caches to this replica; retrying in the background")
		if r.o.OnChange != nil {
			r.o.OnChange(false)
		}
	}
	r.probe()
	return err
}

// probe pings Redis until it answers, then closes the breaker.
func (r *Redis) probe() {
	r.mu.Lock()
	defer r.mu.Unlock()
	select {
	case <-r.closed:
		return
	default:
	}
	if r.probing {
		return
	}
	r.probing = true
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		t := time.NewTicker(r.o.ProbeEvery)
		defer t.Stop()
		for {
			select {
			case <-r.closed:
				return
			case <-t.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), 4*r.o.Timeout)
			err := r.client.Ping(ctx).Err()
			cancel()
			if err != nil {
				r.lastErr.Store(err)
				continue
			}
			r.mu.Lock()
			r.probing = false
			r.down.Store(false)
			r.mu.Unlock()
			r.o.Log.Info().Msg("redis reachable again: shared quotas and caches resumed")
			if r.o.OnChange != nil {
				r.o.OnChange(true)
			}
			return
		}
	}()
}

// frameVersion prefixes every value kept in Redis: a change of encoding
// bumps it, and a value of another version reads as a miss, never wrongly.
const frameVersion byte = 1

func frame(v []byte) []byte {
	return append([]byte{frameVersion}, v...)
}

func unframe(b []byte) ([]byte, bool) {
	if len(b) == 0 || b[0] != frameVersion {
		return nil, false
	}
	return b[1:], true
}
