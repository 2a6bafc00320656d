package gateway

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"

	"bssgraph/telemetry"
)

// graphQLServer builds the gqlgen server in production shape (STYLE G14):
// explicit transports, a parsed-query cache, APQ, a token limit, and
// introspection only when enabled. Configure runs last, so the graph layer
// sees and may extend all of it.
func (g *gateway) graphQLServer() *handler.Server {
	srv := handler.New(g.o.Schema)
	srv.AddTransport(postTransport{g})
	srv.AddTransport(getTransport{g})
	srv.SetQueryCache(countingCache[*ast.QueryDocument]{lru.New[*ast.QueryDocument](g.o.QueryCacheSize), g.metrics, "query"})
	srv.SetParserTokenLimit(g.o.ParserTokenLimit)
	// APQ stores query text only, never results, so one store can serve
	// every caller (DESIGN §3.2).
	var apq graphql.Cache[string] = lru.New[string](g.o.APQCacheSize)
	if g.o.APQCache != nil {
		apq = g.o.APQCache
	}
	srv.Use(persistedQueries{extension.AutomaticPersistedQuery{Cache: countingCache[string]{apq, g.metrics, "apq"}}})
	if g.o.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		// "Did you mean ...?" would reveal the schema that introspection hides.
		srv.SetDisableSuggestion(true)
	}
	if g.o.Configure != nil {
		g.o.Configure(srv)
	}
	return srv
}

// countingCache reports hits of a gqlgen cache to the metrics.
type countingCache[T any] struct {
	graphql.Cache[T]
	metrics *telemetry.Metrics
	name    string
}

func (c countingCache[T]) Get(ctx context.Context, key string) (T, bool) {
	v, ok := c.Cache.Get(ctx, key)
	if ok {
		c.metrics.ObserveCacheHit(c.name)
	}
	return v, ok
}
