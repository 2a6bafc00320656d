// Package gateway is the HTTP face of bssgraph: the /graphql endpoint and the
// operational endpoints, with the middleware every request passes through
// (request id, access log, recovery, limits, the caller's credential).
package gateway

import (
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"

	"bssgraph/upstream"
)

// Options are the dependencies and limits of the gateway's handler.
type Options struct {
	Schema graphql.ExecutableSchema
	Log    zerolog.Logger
}

// Handler returns the gateway's root handler.
func Handler(o Options) http.Handler {
	gql := handler.New(o.Schema)
	gql.AddTransport(transport.GET{})
	gql.AddTransport(transport.POST{})

	mux := http.NewServeMux()
	mux.Handle("/graphql", withCaller(gql))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	return mux
}

// withCaller puts the caller's credential and preferences in the context,
// where every upstream call finds them.
func withCaller(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := upstream.Caller{
			Token:     upstream.Secret(callerToken(r)),
			DomainID:  r.Header.Get("X-Domain-Id"),
			Language:  r.Header.Get("X-Language"),
			RequestID: r.Header.Get("X-Request-Id"),
		}
		next.ServeHTTP(w, r.WithContext(upstream.WithCaller(r.Context(), c)))
	})
}

// callerToken returns the IAM token from X-Auth-Token or a Bearer
// Authorization header.
func callerToken(r *http.Request) string {
	if t := r.Header.Get("X-Auth-Token"); t != "" {
		return t
	}
	if a := r.Header.Get("Authorization"); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		return strings.TrimSpace(a[7:])
	}
	return ""
}
