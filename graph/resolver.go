// Package graph holds the GraphQL resolvers of bssgraph: thin functions that
// turn arguments into upstream calls or loader look-ups and map the answers
// onto the schema's types (see the <domain>.go files beside them).
package graph

//go:generate go run github.com/99designs/gqlgen generate

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/rs/zerolog"

	"bssgraph/graph/generated"
	"bssgraph/upstream"
)

// Resolver is the root resolver. It holds dependencies shared by all
// requests; request-scoped state (dataloaders, the caller) travels in the
// context.
type Resolver struct {
	bss *upstream.Client
	log zerolog.Logger
}

// NewSchema returns the executable schema.
func NewSchema(bss *upstream.Client, log zerolog.Logger) graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{bss: bss, log: log}})
}
