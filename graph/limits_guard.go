package graph

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// gqlgen resolves every field of an answer it has, deadline or not, and
// builds the whole response in memory before writing it. The execution
// guard checks, before each field, that the request's deadline has not
// passed and that the response so far is under the byte cap. Once either
// fails, no field resolves: the first one stopped carries the error
// (TIMEOUT or LIMIT_EXCEEDED), the others are null without one, so the
// errors do not grow with the response either.

// errSilenced is the error of every field stopped after the first; the
// error presenter drops it.
var errSilenced = errors.New("stopped: reported once")

type guardKey struct{}

// requestGuard is the state of one operation.
type requestGuard struct {
	maxBytes int64
	bytes    atomic.Int64 // estimated size of the response so far
	reported atomic.Bool
}

// stop returns the error of a field that must not resolve, or nil.
func (g *requestGuard) stop(ctx context.Context) error {
	var err error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		err = codedFieldError(codeTimeout, "the request passed its deadline (BSSGRAPH_REQUEST_TIMEOUT); fields not resolved by then are null: try again, or ask for less", true)
	case ctx.Err() != nil:
		return errSilenced // the client went away; nobody reads the answer
	case g.bytes.Load() > g.maxBytes:
		err = responseCapError(g.maxBytes, "; fields resolved after that are null")
	default:
		return nil
	}
	if g.reported.CompareAndSwap(false, true) {
		return err
	}
	return errSilenced
}

func codedFieldError(code, msg string, retryable bool) *gqlerror.Error {
	return &gqlerror.Error{Message: msg, Extensions: map[string]any{"code": code, "retryable": retryable}}
}

func responseCapError(maxBytes int64, detail string) *gqlerror.Error {
	err := codedFieldError(codeLimitExceeded, fmt.Sprintf("the response passed %d bytes (BSSGRAPH_MAX_RESPONSE_BYTES)%s: ask for fewer items or fields", maxBytes, detail), false)
	err.Extensions["maxResponseBytes"] = maxBytes
	return err
}

// executionGuard installs a requestGuard per operation and checks it around
// every field.
type executionGuard struct{ maxResponseBytes int64 }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.FieldInterceptor
	graphql.ResponseInterceptor
} = executionGuard{}

func (executionGuard) ExtensionName() string                   { return "ExecutionGuard" }
func (executionGuard) Validate(graphql.ExecutableSchema) error { return nil }

func (x executionGuard) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, guardKey{}, &requestGuard{maxBytes: x.maxResponseBytes}))
}

func (executionGuard) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	g, _ := ctx.Value(guardKey{}).(*requestGuard)
	if g == nil {
		return next(ctx)
	}
	if err := g.stop(ctx); err != nil {
		return nil, err
	}
	res, err := next(ctx)
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		g.bytes.Add(int64(len(fc.Field.Alias) + 4 + valueSize(res)))
	}
	return res, err
}

// InterceptResponse holds the cap exactly: the per-field sizes are an
// estimate, the encoded data is not.
func (x executionGuard) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil || int64(len(resp.Data)) <= x.maxResponseBytes {
		return resp
	}
	resp.Data = []byte("null")
	if g, _ := ctx.Value(guardKey{}).(*requestGuard); g == nil || g.reported.CompareAndSwap(false, true) {
		resp.Errors = append(resp.Errors, responseCapError(x.maxResponseBytes, ""))
	}
	return resp
}

// valueSize estimates the JSON size of a resolver's result: strings by
// their length, lists by their separators (their elements count as fields
// of their own), anything else as a short scalar or an object's braces.
func valueSize(v any) int {
	switch x := v.(type) {
	case nil:
		return 4
	case string:
		return len(x) + 2
	case *string:
		if x == nil {
			return 4
		}
		return len(*x) + 2
	case bool, *bool, int, int64, *int, *int64:
		return 8
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice {
		return 2 + rv.Len()
	}
	return 8
}
