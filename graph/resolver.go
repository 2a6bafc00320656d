// Package graph holds the GraphQL resolvers of bssgraph: thin functions that
// turn arguments into upstream calls or loader look-ups and map the answers
// onto the schema's types (the mappers live in the <domain>.go files beside
// the resolvers; errors.go is the one error exit).
package graph

// From scratch: gqlgen would leave the executor file of a removed schema
// file behind (go generate expands no globs, hence sh).
//go:generate sh -c "rm -f generated/*.go"
//go:generate go run github.com/99designs/gqlgen generate

import (
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/rs/zerolog"

	"bssgraph/graph/generated"
	"bssgraph/internal/defaults"
	"bssgraph/loaders"
	"bssgraph/upstream"
)

// Options are the long-lived dependencies of the resolvers.
type Options struct {
	BSS *upstream.Client
	// IAM finds the account id behind a caller's token (identity.go); nil
	// means the gateway cannot verify it: the viewer is then the "self"
	// Customer and X-Domain-Id only a hint that BSS checks.
	IAM *upstream.IAM
	Log zerolog.Logger
	// Budget is the most upstream calls one operation may be estimated to
	// cost (BSSGRAPH_UPSTREAM_BUDGET); 0 means 200.
	Budget int
	// Limits of one operation (BSSGRAPH_MAX_DEPTH, BSSGRAPH_MAX_ALIASES,
	// BSSGRAPH_MAX_RESULT_NODES, BSSGRAPH_MAX_RESPONSE_BYTES); 0 means the
	// default of DefaultLimits.
	Limits Limits
	// ParserTokenLimit is the gateway's token limit, which the document
	// limits apply when they parse a query before validation; 0 means 15000.
	ParserTokenLimit int
	// Catalog is the shared cache of the public product catalog; nil
	// creates one with a one-hour TTL.
	Catalog *loaders.Catalog
	// Now is BSS time as the gateway sees it (Query.serverTime): the
	// embedded sandbox's clock in sandbox mode; nil means time.Now.
	Now func() time.Time
}

// Resolver is the root resolver. It holds dependencies shared by all
// requests; request-scoped state (dataloaders, the caller) travels in the
// context.
type Resolver struct {
	bss     *upstream.Client
	iam     *upstream.IAM
	log     zerolog.Logger
	catalog *loaders.Catalog
	now     func() time.Time
}

func newResolver(o Options) *Resolver {
	if o.Catalog == nil {
		o.Catalog = loaders.NewCatalog(o.BSS, time.Hour)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Resolver{bss: o.BSS, iam: o.IAM, log: o.Log, catalog: o.Catalog, now: o.Now}
}

// NewSchema returns the executable schema.
func NewSchema(o Options) graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: newResolver(o)})
}

// Configure adds the graph layer's parts to a gqlgen server: the error
// presenter, panic recovery, the credential check, the custom scalars of
// variables, the operation limits, the execution guard and the
// extensions.upstream report. The HTTP layer (package gateway) owns
// transports, caches and limits of the protocol itself.
func Configure(o Options) func(*handler.Server) {
	budget := o.Budget
	defaults.Fill(&budget, defaults.UpstreamBudget)
	l := o.Limits.withDefaults()
	tokens := o.ParserTokenLimit
	defaults.Fill(&tokens, defaults.ParserTokenLimit)
	return func(srv *handler.Server) {
		srv.SetErrorPresenter(ErrorPresenter(o.Log))
		srv.SetRecoverFunc(RecoverFunc(o.Log))
		srv.Use(credentialExtension{signs: o.BSS.SignsRequests()})
		srv.Use(&scalarVariables{})
		srv.Use(documentLimits{maxDepth: l.MaxDepth, maxAliases: l.MaxAliases, maxResultNodes: l.MaxResultNodes, tokenLimit: tokens,
			passed: lru.New[struct{}](defaults.QueryCacheSize)})
		srv.Use(estimateLimits{budget: budget, maxResultNodes: l.MaxResultNodes, bss: o.BSS})
		srv.Use(executionGuard{maxResponseBytes: l.MaxResponseBytes, maxResultNodes: int64(l.MaxResultNodes)})
		srv.Use(upstreamExtension{})
	}
}
