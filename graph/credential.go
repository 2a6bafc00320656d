package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"bssgraph/internal/errcodes"
	"bssgraph/upstream"
)

// msgNoCredential is what a caller without a credential reads.
const msgNoCredential = "no credential: send X-Auth-Token (or Authorization: Bearer) with an IAM token"

// credentialExtension refuses, before any resolver runs and at no upstream
// cost, an operation that needs a credential from a caller that sent none.
// Every field but introspection reads BSS data for the credential's
// account, so nothing of it can be answered; the gateway answers this
// refusal with HTTP 401. In AK/SK mode the gateway's own key is the
// credential (callers prove themselves with X-Api-Key before this).
type credentialExtension struct{ signs bool }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = credentialExtension{}

func (credentialExtension) ExtensionName() string                   { return "Credential" }
func (credentialExtension) Validate(graphql.ExecutableSchema) error { return nil }
func (e credentialExtension) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if e.signs || upstream.CallerFrom(ctx).Token != "" {
		return nil
	}
	for _, f := range graphql.CollectFields(rc, rc.Operation.SelectionSet, nil) {
		switch f.Name {
		case "__typename", "__schema", "__type":
			continue
		}
		return &gqlerror.Error{Message: msgNoCredential, Extensions: map[string]any{
			"code": errcodes.Unauthenticated, "retryable": false,
		}}
	}
	return nil
}
