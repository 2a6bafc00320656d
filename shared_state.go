package main

import (
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/rs/zerolog"

	"bssgraph/shared"
	"bssgraph/telemetry"
	"bssgraph/upstream"
)

// sharedState is what replicas share: in Redis when BSSGRAPH_REDIS_URL is
// set, else in this process (each field then keeps its in-memory default).
type sharedState struct {
	limiter  upstream.Limiter
	economy  upstream.EconomyOptions
	apq      graphql.Cache[string] // nil: the gateway's own LRU
	catalog  upstream.Store        // nil: the catalog stays in this process
	degraded func() error          // nil: never degraded
	close    func()
}

func connectShared(cfg *config, log zerolog.Logger, metrics *telemetry.Metrics) (*sharedState, error) {
	s := &sharedState{limiter: upstream.NewWindowLimiter(cfg.QuotaScale), economy: cfg.economy(), close: func() {}}
	if cfg.RedisURL == "" {
		return s, nil
	}
	r, err := shared.Connect(cfg.RedisURL, shared.Options{Log: log, Timeout: cfg.RedisTimeout})
	if err != nil {
		return nil, err
	}
	metrics.WatchRedis(r.Up)
	if r.Up() {
		log.Info().Int("replicas", cfg.Replicas).Msg("redis connected: quotas, caches and APQ are shared by the replicas")
	}
	// A call holds its slot at most its timeout, retries included; the
	// lease frees the slots of a replica that died mid-call.
	s.limiter = shared.NewLimiter(r, cfg.QuotaScale, cfg.Replicas, 3*cfg.UpstreamTimeout+5*time.Second)
	s.economy.Store = shared.NewStore(r)
	s.apq = shared.APQ{Local: lru.New[string](cfg.APQCacheSize), R: r}
	s.catalog = shared.NewStore(r)
	s.degraded = r.Err
	s.close = func() { _ = r.Close() }
	return s, nil
}
