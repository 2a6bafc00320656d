package graph

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"bssgraph/graph/model"
	"bssgraph/internal/errcodes"
	"bssgraph/upstream"
)

// errInternal is shown to clients for failures that are logged where they
// happen and must not reveal details.
var errInternal = errors.New("internal error")

// inputError is bad input found by the gateway before any upstream call.
type inputError struct{ msg string }

func (e *inputError) Error() string { return e.msg }

// badInput returns an error reported as BAD_USER_INPUT.
func badInput(format string, args ...any) error {
	return &inputError{msg: fmt.Sprintf(format, args...)}
}

// notFoundError is a read by an argument's id that names nothing the
// caller can see. It names the argument (not the GraphQL path, which the
// error already carries) and stays an upstream.ErrNotFound.
type notFoundError struct {
	arg, what, key string
	err            error
}

func (e *notFoundError) Error() string {
	return fmt.Sprintf("%s: %s %q not found for this account", e.arg, e.what, e.key)
}
func (e *notFoundError) Unwrap() error { return e.err }

// notFound wraps err (an upstream.ErrNotFound) as the answer to argument arg.
func notFound(arg, what, key string, err error) error {
	return &notFoundError{arg: arg, what: what, key: key, err: err}
}

// codes maps error categories to extensions.code, most specific first. It
// is the one place where an error becomes a client-visible code (STYLE G13).
var codes = []struct {
	err       error
	code      string
	retryable bool
}{
	{upstream.ErrOutcomeUnknown, errcodes.OutcomeUnknown, false},
	{upstream.ErrNoCredential, errcodes.Unauthenticated, false},
	{upstream.ErrUnauthorized, errcodes.Unauthenticated, false},
	{upstream.ErrWrongSite, errcodes.Forbidden, false},
	{upstream.ErrForbidden, errcodes.Forbidden, false},
	{upstream.ErrRateLimited, errcodes.Throttled, true},
	{upstream.ErrNotFound, errcodes.NotFound, false},
	{upstream.ErrFailedPrecondition, errcodes.FailedPrecondition, false},
	{upstream.ErrInvalid, errcodes.BadUserInput, false},
	{upstream.ErrUnavailable, errcodes.UpstreamUnavailable, true},
	{context.DeadlineExceeded, errcodes.Timeout, true},
}

// ErrorPresenter turns every resolver error into a GraphQL error with typed
// extensions (code, upstreamCode, httpStatus, requestId, retryable). Errors
// it cannot classify are logged in full and shown as "internal error".
func ErrorPresenter(log zerolog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		if errors.Is(err, errSilenced) {
			return nil // a field the execution guard stopped after reporting once
		}
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		ext := gerr.Extensions
		var (
			in  *inputError
			min *model.InputError
			ie  *graphql.IntegerError
			ue  *upstream.Error
		)
		switch {
		case errors.As(err, &in), errors.As(err, &min):
			ext["code"] = errcodes.BadUserInput
			return gerr
		case ext["code"] == nil && errors.As(err, &ie):
			// An Int literal past 32 bits: gqlparser's validation lets any
			// integer through and gqlgen refuses it when it reads the
			// argument (variables are refused before, by scalarVariables).
			ext["code"] = errcodes.BadUserInput
			gerr.Message = argumentName(gerr.Path) + ie.Message
			return gerr
		case isIntrospectionDisabled(gerr):
			ext["code"] = errcodes.Forbidden
			gerr.Message = "introspection is disabled on this gateway (BSSGRAPH_INTROSPECTION)"
			return gerr
		case gerr.Rule == "ValuesOfCorrectType" || isVariableError(gerr):
			// A literal or variable of the wrong type or an unknown enum value.
			ext["code"] = errcodes.BadUserInput
			return gerr
		case errors.Is(err, errInternal):
			// Already logged where it happened (a panic or a wiring bug).
			return internalError(gerr)
		case ext["code"] != nil:
			// gqlgen's own codes: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED...
			return gerr
		}
		if errors.As(err, &ue) {
			ext["upstreamCode"], ext["httpStatus"] = ue.Code, ue.HTTPStatus
			if ue.RequestID != "" {
				ext["requestId"] = ue.RequestID
			}
			ext["operation"] = ue.Operation
			gerr.Message = upstreamMessage(ue)
		}
		for _, c := range codes {
			if errors.Is(err, c.err) {
				ext["code"], ext["retryable"] = c.code, c.retryable
				if errors.Is(err, upstream.ErrWrongSite) {
					gerr.Message = "this account does not belong to the configured BSS site (BSSGRAPH_UPSTREAM_URL): " + gerr.Message
				}
				if ue == nil {
					gerr.Message = safeMessage(c.code, err, gerr.Message)
				}
				return gerr
			}
		}
		if ue != nil {
			ext["code"], ext["retryable"] = errcodes.UpstreamError, false
			return gerr
		}
		log.Error().Err(err).Strs("path", pathStrings(gerr.Path)).Msg("unclassified error")
		return internalError(gerr)
	}
}

// internalError is what the client sees of a failure it must not learn
// more about: where it happened, and nothing else.
func internalError(at *gqlerror.Error) *gqlerror.Error {
	return &gqlerror.Error{Message: "internal error", Path: at.Path, Locations: at.Locations,
		Extensions: map[string]any{"code": errcodes.Internal, "retryable": false}}
}

// upstreamMessage is what the client reads for a BSS error: BSS's own
// message and code, without the gateway's request line.
func upstreamMessage(e *upstream.Error) string {
	if e.Code == "" {
		return fmt.Sprintf("BSS %s failed with HTTP %d: %s", e.Operation, e.HTTPStatus, e.Message)
	}
	return fmt.Sprintf("BSS %s failed: %s: %s", e.Operation, e.Code, e.Message)
}

// safeMessage describes an error that is not a BSS answer (a timeout, a
// refused connection, a quota wait past the deadline) without internals.
// Other errors keep their own message: the presenter's, without the
// position and path gqlerror.Error's Error method would put in front.
func safeMessage(code string, err error, own string) string {
	var oe *upstream.OutcomeUnknownError
	var qe *upstream.QuotaError
	switch {
	case errors.As(err, &oe):
		return fmt.Sprintf("the outcome of %s is unknown: BSS may or may not have made the change; check before trying again", oe.Operation)
	case errors.As(err, &qe):
		return qe.Error()
	case code == errcodes.UpstreamUnavailable:
		return "BSS did not answer in time or could not be reached; try again later"
	case code == errcodes.Timeout:
		return "the request passed its deadline (BSSGRAPH_REQUEST_TIMEOUT) before this field was resolved; try again, or ask for less"
	case code == errcodes.Unauthenticated && errors.Is(err, upstream.ErrNoCredential):
		return msgNoCredential
	}
	return own
}

// isIntrospectionDisabled reports gqlgen's refusal of __schema or __type
// when introspection is off: a plain error with no type to match but its text.
func isIntrospectionDisabled(e *gqlerror.Error) bool {
	if e.Message != "introspection disabled" || len(e.Path) != 1 {
		return false
	}
	name, ok := e.Path[0].(ast.PathName)
	return ok && (name == "__schema" || name == "__type")
}

// argumentName is "name: " for the argument at the end of path, or "".
func argumentName(path ast.Path) string {
	if len(path) == 0 {
		return ""
	}
	if name, ok := path[len(path)-1].(ast.PathName); ok {
		return string(name) + ": "
	}
	return ""
}

// isVariableError reports whether a request error concerns a variable's
// value (gqlparser sets its path to ["variable", name, ...]).
func isVariableError(e *gqlerror.Error) bool {
	if len(e.Path) == 0 {
		return false
	}
	name, ok := e.Path[0].(ast.PathName)
	return ok && name == "variable"
}

func pathStrings(p ast.Path) []string {
	out := make([]string, len(p))
	for i, e := range p {
		out[i] = fmt.Sprint(e)
	}
	return out
}

// RecoverFunc logs a resolver panic with its stack and answers "internal
// error"; the request and the process go on.
func RecoverFunc(log zerolog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.Error().Str("panic", fmt.Sprint(p)).Bytes("stack", debug.Stack()).Msg("resolver panic")
		return errInternal
	}
}
