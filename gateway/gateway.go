// Package gateway is the HTTP face of bssgraph: the /graphql endpoint and the
// operational endpoints, with the middleware every request passes through
// (request id, tracing, access log, metrics, recovery, CORS, limits, the
// caller's credential).
package gateway

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/rs/zerolog"

	"bssgraph/internal/defaults"
	"bssgraph/telemetry"
	"bssgraph/upstream"
)

// Options are the dependencies, limits and switches of the gateway. The
// zero value of each limit means its default; the switches are off unless
// set, and the configuration (package main) turns introspection and GraphiQL
// on by default.
type Options struct {
	Schema  graphql.ExecutableSchema
	Log     zerolog.Logger
	Metrics *telemetry.Metrics // nil: no metrics, /metrics answers 404
	Tracing *telemetry.Tracing // nil: no spans and no trace propagation

	// RequestTimeout bounds one GraphQL request, upstream calls included.
	RequestTimeout time.Duration // zero: defaults.RequestTimeout
	// MaxBodyBytes bounds a POST body; larger requests get 413.
	MaxBodyBytes int64 // zero: defaults.MaxBodyBytes
	// MaxConcurrent bounds the GraphQL requests executing at once; memory
	// grows with them. MaxQueued more wait for a slot until their deadline;
	// past that, requests get 503 THROTTLED with Retry-After.
	MaxConcurrent int // zero: defaults.MaxConcurrent
	MaxQueued     int // zero: defaults.MaxQueued
	// ParserTokenLimit bounds the tokens of one query document, so that a
	// huge query is refused before it costs parse and validation time.
	ParserTokenLimit int // zero: defaults.ParserTokenLimit
	// QueryCacheSize is the number of parsed and validated documents kept.
	QueryCacheSize int // zero: defaults.QueryCacheSize
	// APQCacheSize is the number of persisted queries (APQ) kept by hash.
	APQCacheSize int // zero: defaults.APQCacheSize
	// APQCache replaces the in-memory APQ store, for example with one
	// shared by replicas (shared.APQ). Nil: an LRU of APQCacheSize.
	APQCache graphql.Cache[string]

	// Introspection enables __schema and __type; with it off, validation
	// errors also stop suggesting field names.
	Introspection bool
	// GraphiQL serves the GraphiQL IDE at /.
	GraphiQL bool
	// ExampleQuery opens GraphiQL's first tab.
	ExampleQuery string // default "{ __typename }", valid in any schema
	// GraphiQLHeaders open GraphiQL's headers editor (the sandbox token in
	// sandbox mode). They are written into the page, so never put a real
	// credential here.
	GraphiQLHeaders map[string]string
	// CORSOrigins are the browser origins allowed to call /graphql from other
	// sites; "*" allows any. Empty allows none (same-origin GraphiQL works).
	CORSOrigins []string

	// SignsRequests is AK/SK mode: the upstream client signs every call with
	// the gateway's key, so callers' tokens are never forwarded and callers
	// must present one of APIKeys.
	SignsRequests bool
	// APIKeys, when set, are required of every caller as X-Api-Key. AK/SK
	// mode needs at least one.
	APIKeys []upstream.Secret

	// Ready reports whether the upstream is reachable, for /readyz. Its
	// answer is cached briefly. Nil means always ready.
	Ready func(context.Context) error
	// Degraded reports why the gateway serves with less than its full
	// setup (Redis unreachable: local quotas and caches). /readyz still
	// answers 200 then, because the replica serves every request, but says
	// so in its body. Nil: never degraded.
	Degraded func() error

	// Configure runs on the GraphQL server after the gateway's own setup, so
	// the graph layer can add its error presenter, recover func, complexity
	// limits and response extensions.
	Configure func(*handler.Server)
	// RequestMiddleware wraps the GraphQL handler, innermost last. It runs
	// after the caller, the request id and the upstream stats are in the
	// context (for example the loaders' middleware).
	RequestMiddleware []func(http.Handler) http.Handler
}

// gateway is the state shared by the handlers of one Handler.
type gateway struct {
	o       Options
	log     zerolog.Logger
	metrics *telemetry.Metrics
	tracing *telemetry.Tracing
	keys    [][32]byte // SHA-256 of each API key, compared in constant time
}

// Handler returns the gateway's root handler.
func Handler(o Options) (http.Handler, error) {
	if o.Schema == nil {
		return nil, errors.New("gateway: no schema")
	}
	if o.SignsRequests && len(o.APIKeys) == 0 {
		// The gateway's own key pair would serve anyone who can reach it.
		return nil, errors.New("gateway: AK/SK mode needs API keys; it is never open")
	}
	defaults.Fill(&o.RequestTimeout, defaults.RequestTimeout)
	defaults.Fill(&o.MaxBodyBytes, defaults.MaxBodyBytes)
	defaults.Fill(&o.MaxConcurrent, defaults.MaxConcurrent)
	defaults.Fill(&o.MaxQueued, defaults.MaxQueued)
	defaults.Fill(&o.ParserTokenLimit, defaults.ParserTokenLimit)
	defaults.Fill(&o.QueryCacheSize, defaults.QueryCacheSize)
	defaults.Fill(&o.APQCacheSize, defaults.APQCacheSize)
	if o.ExampleQuery == "" {
		o.ExampleQuery = "{ __typename }"
	}
	g := &gateway{o: o, log: o.Log, metrics: o.Metrics, tracing: o.Tracing, keys: hashKeys(o.APIKeys)}

	var api http.Handler = g.graphQLServer()
	for i := len(o.RequestMiddleware) - 1; i >= 0; i-- {
		api = o.RequestMiddleware[i](api)
	}
	api = g.cors(g.allowMethods(g.limitBody(g.withTimeout(g.admit(g.withCaller(api))))))

	mux := http.NewServeMux()
	mux.Handle("/graphql", g.instrument("graphql", api))
	mux.Handle("GET /healthz", g.instrument("healthz", http.HandlerFunc(healthz)))
	mux.Handle("GET /readyz", g.instrument("readyz", newReadiness(o.Ready, o.Degraded, g.log)))
	if o.Metrics != nil {
		mux.Handle("GET /metrics", g.instrument("metrics", o.Metrics.Handler()))
	}
	if o.GraphiQL {
		page, err := g.graphiQL()
		if err != nil {
			return nil, err
		}
		mux.Handle("GET /{$}", g.instrument("graphiql", page))
		mux.Handle("GET /graphiql/", g.instrument("assets", http.StripPrefix("/graphiql/", assets())))
	}
	mux.Handle("/", g.instrument("other", http.NotFoundHandler()))
	return mux, nil
}

// healthz answers 200 while the process can serve HTTP at all.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte("ok\n"))
}
