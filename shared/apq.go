package shared

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// APQ is gqlgen's automatic-persisted-query cache shared through Redis, in
// front of a local one: a query registered on one replica is found by hash
// on every other, and each replica still serves the queries it has seen
// while Redis is unreachable. It holds query text only, never results, so
// it is shared by all callers.
type APQ struct {
	Local graphql.Cache[string]
	R     *Redis
	TTL   time.Duration // default 24h
}

const apqPrefix = "bssgraph:apq:"

// Get implements graphql.Cache.
func (c APQ) Get(ctx context.Context, hash string) (string, bool) {
	if q, ok := c.Local.Get(ctx, hash); ok {
		return q, true
	}
	b, ok := NewStore(c.R).Get(ctx, apqPrefix+hash)
	if ok {
		c.Local.Add(ctx, hash, string(b))
	}
	return string(b), ok
}

// Add implements graphql.Cache. gqlgen has checked that hash is the
// query's SHA-256 before it adds it.
func (c APQ) Add(ctx context.Context, hash, query string) {
	c.Local.Add(ctx, hash, query)
	ttl := c.TTL
	if ttl <= 0 {
		ttl = 24 * time.Hour
	}
	NewStore(c.R).Set(ctx, apqPrefix+hash, []byte(query), ttl)
}
