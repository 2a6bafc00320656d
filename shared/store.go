package shared

import (
	"context"
	"time"

	"bssgraph/upstream"
)

// Store is an upstream.Store in Redis: the final-state and read caches and
// the per-credential generations of every replica (upstream/economy.go).
// Its keys hold the credential's keyed hash (upstream.CredentialHash),
// never the credential. While Redis is unreachable every Get misses and
// every Set is dropped: a replica then calls BSS rather than serve an
// answer another replica may have invalidated meanwhile.
type Store struct {
	r *Redis
}

var _ upstream.Store = Store{}

// NewStore returns the shared store of r.
func NewStore(r *Redis) Store { return Store{r} }

// Get implements upstream.Store.
func (s Store) Get(ctx context.Context, key string) ([]byte, bool) {
	ctx, cancel, err := s.r.bounded(ctx)
	if err != nil {
		return nil, false
	}
	defer cancel()
	b, err := s.r.client.Get(ctx, key).Bytes()
	if s.r.check(ctx, err) != nil {
		return nil, false
	}
	return unframe(b)
}

// Set implements upstream.Store.
func (s Store) Set(ctx context.Context, key string, value []byte, ttl time.Duration) {
	if ttl <= 0 {
		return
	}
	ctx, cancel, err := s.r.bounded(ctx)
	if err != nil {
		return
	}
	defer cancel()
	s.r.check(ctx, s.r.client.Set(ctx, key, frame(value), ttl).Err())
}
