// Package errcodes is the closed list of extensions.code values that the
// gateway and the graph show to clients (DESIGN §3.6). Clients match on
// these strings: add to the list, never rename one.
package errcodes

const (
	Unauthenticated     = "UNAUTHENTICATED"
	Forbidden           = "FORBIDDEN"
	BadUserInput        = "BAD_USER_INPUT"
	NotFound            = "NOT_FOUND"
	FailedPrecondition  = "FAILED_PRECONDITION"
	Throttled           = "THROTTLED"
	UpstreamError       = "UPSTREAM_ERROR"
	UpstreamUnavailable = "UPSTREAM_UNAVAILABLE"
	OutcomeUnknown      = "OUTCOME_UNKNOWN"
	LimitExceeded       = "LIMIT_EXCEEDED"
	Timeout             = "TIMEOUT" // the request's deadline passed; retryable
	Internal            = "INTERNAL"
	// BadRequest is an HTTP request the gateway cannot read as GraphQL
	// (method, Accept, body size, a persisted-query mistake), as Apollo
	// Server reports it; BadUserInput is a readable request with bad values.
	BadRequest = "BAD_REQUEST"
)
