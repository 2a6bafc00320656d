package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"bssgraph/upstream"
)

// upstreamExtension reports the upstream work of each operation in
// extensions.upstream {calls, cacheHits, coalesced, throttledMs,
// byOperation}, so
// clients see what a query cost (DESIGN §3.10).
type upstreamExtension struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.ResponseInterceptor
} = upstreamExtension{}

func (upstreamExtension) ExtensionName() string                   { return "UpstreamStats" }
func (upstreamExtension) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation makes sure the operation has a Stats to count into
// (the HTTP layer normally installs one per request for its access log),
// and gives it a memo so that each identical read is made once.
func (upstreamExtension) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if upstream.StatsFrom(ctx) == nil {
		ctx = upstream.WithStats(ctx, new(upstream.Stats))
	}
	return next(upstream.WithRequestMemo(ctx))
}

// InterceptResponse adds the counters once the operation has run.
func (upstreamExtension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return nil
	}
	if resp.Extensions == nil {
		resp.Extensions = map[string]any{}
	}
	resp.Extensions["upstream"] = upstream.StatsFrom(ctx).Snapshot()
	return resp
}
