package graph

import (
	"bssgraph/internal/errcodes"
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
// passed, that the objects resolved so far are within the result object
// limit (the estimate's backstop: lists outside the cost model count one
// item) and that the response so far is under the byte cap. Once one
// fails, no field resolves: the first one stopped carries the error
// (TIMEOUT or LIMIT_EXCEEDED), the others are null without one, so the
// errors do not grow with the response either.

// errSilenced is the error of every field stopped after the first; the
// error presenter drops it.
var errSilenced = errors.New("stopped: reported once")

type guardKey struct{}

// requestGuard is the state of one operation.
type requestGuard struct {
	maxBytes   int64
	maxObjects int64
	bytes      atomic.Int64 // estimated size of the response so far
	objects    atomic.Int64 // objects resolved so far
	reported   atomic.Bool
}

// stop returns the error of a field that must not resolve, or nil.
func (g *requestGuard) stop(ctx context.Context) error {
	var err *gqlerror.Error
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		err = codedFieldError(errcodes.Timeout, "the request passed its deadline (BSSGRAPH_REQUEST_TIMEOUT); fields not resolved by then are null: try again, or ask for less", true)
	case ctx.Err() != nil:
		return errSilenced // the client went away; nobody reads the answer
	case g.objects.Load() > g.maxObjects:
		err = codedFieldError(errcodes.LimitExceeded, fmt.Sprintf("the answer passed %d objects (BSSGRAPH_MAX_RESULT_NODES); fields resolved after that are null: ask for fewer items (first) or fewer nested lists", g.maxObjects), false)
		err.Extensions["maxResultNodes"] = g.maxObjects
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
	err := codedFieldError(errcodes.LimitExceeded, fmt.Sprintf("the response passed %d bytes (BSSGRAPH_MAX_RESPONSE_BYTES)%s: ask for fewer items or fields", maxBytes, detail), false)
	err.Extensions["maxResponseBytes"] = maxBytes
	return err
}

// executionGuard installs a requestGuard per operation and checks it around
// every field.
type executionGuard struct{ maxResponseBytes, maxResultNodes int64 }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
	graphql.FieldInterceptor
	graphql.ResponseInterceptor
} = executionGuard{}

func (executionGuard) ExtensionName() string                   { return "ExecutionGuard" }
func (executionGuard) Validate(graphql.ExecutableSchema) error { return nil }

func (x executionGuard) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, guardKey{}, &requestGuard{maxBytes: x.maxResponseBytes, maxObjects: x.maxResultNodes}))
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
		size, objects := measureValue(res)
		g.bytes.Add(int64(len(fc.Field.Alias) + 4 + size))
		g.objects.Add(int64(objects))
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

// measureValue estimates the JSON size of a resolver's result and counts
// the objects it holds: strings by their length, lists by their separators
// (their elements count as fields of their own), anything else as a short
// scalar or an object's braces.
func measureValue(v any) (size, objects int) {
	switch x := v.(type) {
	case nil:
		return 4, 0
	case string:
		return len(x) + 2, 0
	case *string:
		if x == nil {
			return 4, 0
		}
		return len(*x) + 2, 0
	case bool, *bool, int, int64, *int, *int64:
		return 8, 0
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.Kind() == reflect.Slice && isObject(rv.Type().Elem()):
		return 2 + rv.Len(), rv.Len()
	case rv.Kind() == reflect.Slice:
		return 2 + rv.Len(), 0
	case isObject(rv.Type()) && !rv.IsNil():
		return 8, 1
	}
	return 8, 0
}

// isObject reports whether t is a pointer to a struct: the models of
// GraphQL objects (custom scalars are values).
func isObject(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct
}
