package gateway

import (
	"bssgraph/internal/errcodes"
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// persistedQueries is gqlgen's APQ extension with a code on every refusal.
// gqlgen leaves a hash that does not match its query, an unsupported
// version and a malformed persistedQuery extension without one, and an
// error without a code reads as INTERNAL to clients; they are the caller's
// mistakes (BAD_REQUEST), as Apollo Server reports them.
type persistedQueries struct {
	extension.AutomaticPersistedQuery
}

func (p persistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	err := p.AutomaticPersistedQuery.MutateOperationParameters(ctx, raw)
	if err != nil && err.Extensions["code"] == nil {
		errcode.Set(err, errcodes.BadRequest)
	}
	return err
}
