package upstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Error is an error response from the BSS API or its API gateway.
type Error struct {
	HTTPStatus int    // status code of the HTTP response
	Code       string // error_code, e.g. "CBC.7156" or "APIGW.0308"; empty for plain-text bodies
	Message    string // error_msg (BSS), error_message (API gateway), message, or the plain text
	RequestID  string // X-Request-Id header, else request_id from the body
	Operation  string // e.g. "ListCustomerOrders"
	Method     string
	Path       string // without query string; never contains credentials
	// RetryAfter is the Retry-After header in seconds (0 when absent).
	RetryAfter int
	// Body is the raw error body (at most maxErrorBody bytes). Some APIs put
	// more than a code in it, e.g. the order ids of renewals whose automatic
	// payment failed, or the failed check items of 9.1.1; see DecodeBody.
	Body []byte
	// undecodable is the decoding failure of a 2xx body (see undecodableError).
	undecodable error
}

// maxErrorBody bounds the error body kept in Error.Body.
const maxErrorBody = 64 << 10

// DecodeBody decodes the raw error body into v, for APIs whose error
// answers carry extra fields.
func (e *Error) DecodeBody(v any) error {
	if len(e.Body) == 0 {
		return fmt.Errorf("decoding %s error body: empty", e.Operation)
	}
	return json.Unmarshal(e.Body, v)
}

// Unwrap returns the decoding failure of an undecodable 2xx answer.
func (e *Error) Unwrap() error { return e.undecodable }

func (e *Error) Error() string {
	code := e.Code
	if code == "" {
		code = "-"
	}
	return fmt.Sprintf("bss: %s (%s %s): %d %s: %s", e.Operation, e.Method, e.Path, e.HTTPStatus, code, e.Message)
}

// Error categories. An *Error matches one or more of them with errors.Is, so
// callers never switch on codes themselves.
var (
	ErrRateLimited  = errors.New("rate limited")
	ErrUnauthorized = errors.New("unauthenticated")
	ErrForbidden    = errors.New("forbidden")
	ErrInvalid      = errors.New("invalid argument")
	ErrNotFound     = errors.New("not found")
	ErrWrongSite    = errors.New("wrong BSS site for this account")
	ErrUnavailable  = errors.New("upstream unavailable")
	ErrRejected     = errors.New("rejected by a business rule")
	// ErrFailedPrecondition is a business rule refusal because of the
	// present state of an order, a resource or the account (unpaid orders,
	// an order in progress, frozen): the same request may succeed once the
	// state changes. It is also ErrRejected and ErrInvalid.
	ErrFailedPrecondition = errors.New("refused in the present state")
	ErrOutcomeUnknown     = errors.New("outcome unknown")
	ErrNoCredential       = fmt.Errorf("no credential: %w", ErrUnauthorized)
)

// codeKinds classifies the documented codes whose category does not follow
// from the HTTP status alone (API reference §12.4, Table 12-2, and the
// API gateway codes of Huawei Cloud's API signing guide).
var codeKinds = map[string]error{
	"APIGW.0308": ErrRateLimited, "APIG.0308": ErrRateLimited, // gateway throttling
	"CBC.0250":     ErrRateLimited,                                // "Connection request control triggered."
	"CBC.99007197": ErrRateLimited,                                // "your IP has been throttled" (a 400 on enterprise APIs)
	"APIGW.0301":   ErrUnauthorized, "APIG.0301": ErrUnauthorized, // AK/SK signature failed
	"APIGW.0101": ErrUnauthorized, "APIG.0101": ErrUnauthorized,
	"CBC.0154":     ErrUnauthorized, // invalid or expired token; 401 in §12.4, 403 in 4.2.3
	"CBC.0150":     ErrWrongSite,    // see aksk-signing.md: cross-website errors
	"CBC.0156":     ErrWrongSite,
	"CBC.0151":     ErrForbidden,
	"CBC.0155":     ErrForbidden,
	"CBC.18000016": ErrForbidden, "CBC.18000053": ErrForbidden, "CBC.99000037": ErrForbidden,
	"CBC.18000014": ErrRejected, // cost center not enabled

	// Not found: the order, resource, product, project or billing item is unknown.
	"CBC.30000010": ErrNotFound, "CBC.30010035": ErrNotFound, "CBC.30050009": ErrNotFound,
	"CBC.5042": ErrNotFound, "CBC.6006": ErrNotFound, "CBC.99003012": ErrNotFound,
	"CBC.99003016": ErrNotFound, "CBC.99005042": ErrNotFound, "CBC.99006006": ErrNotFound,
	"CBC.99006073": ErrNotFound, "CBC.99006074": ErrNotFound, "CBC.99006024": ErrNotFound,

	// Transient: "An error occurred. Try again later."
	"CBC.99003115": ErrUnavailable,
	"CBC.0999":     ErrUnavailable,
}

// stateRefusals are the documented codes (API reference §12.4 and the
// APIs' error tables) of operations the present state forbids.
var stateRefusals = map[string]bool{
	// Resources in orders pending payment, being unsubscribed or changed,
	// with an order or an operation in progress.
	"CBC.30050010": true, "CBC.99003100": true, "CBC.30050011": true, "CBC.3144": true,
	"CBC.99003144": true, "CBC.99003651": true, "CBC.99003623": true, "CBC.99003631": true,
	// Orders whose status forbids paying or cancelling, a payment in progress.
	"CBC.3106": true, "CBC.99003106": true, "CBC.99005010": true, "CBC.99000088": true,
	// Resources expired, in the grace or retention period, without renewed
	// periods to unsubscribe, or with automatic renewal already cancelled.
	"CBC.3016": true, "CBC.99003610": true, "CBC.99003602": true, "CBC.99003128": true, "CBC.99003605": true,
	// A resource or the account frozen, or the balance insufficient.
	"CBC.30000052": true, "CBC.99003656": true, "CBC.99003624": true, "CBC.7281": true,
	"CBC.99003626": true, "CBC.99005003": true,
}

// kinds returns the categories e belongs to, most specific first.
func (e *Error) kinds() []error {
	if stateRefusals[e.Code] {
		return []error{ErrFailedPrecondition, ErrRejected, ErrInvalid}
	}
	if k, ok := codeKinds[e.Code]; ok {
		if k == ErrRejected { //nolint:errorlint // kinds are the package's own sentinels, read from a map, never wrapped
			return []error{k, ErrInvalid}
		}
		return []error{k}
	}
	if e.undecodable != nil {
		return []error{ErrUnavailable}
	}
	if e.Message == olcBlocked {
		// Huawei's console maps this plain-text answer to CBC.0250.
		return []error{ErrRateLimited}
	}
	switch {
	case e.HTTPStatus == http.StatusTooManyRequests:
		return []error{ErrRateLimited}
	case e.HTTPStatus == http.StatusUnauthorized:
		return []error{ErrUnauthorized}
	case e.HTTPStatus == http.StatusForbidden:
		return []error{ErrForbidden}
	case e.HTTPStatus == http.StatusNotFound:
		return []error{ErrNotFound}
	case e.HTTPStatus >= 500:
		// CBC.7xxx answers are business failures that BSS reports as 500
		// (§12.4 rows 140–143); retrying them cannot help.
		if strings.HasPrefix(e.Code, "CBC.7") {
			return []error{ErrRejected, ErrInvalid}
		}
		return []error{ErrUnavailable}
	case e.HTTPStatus == http.StatusBadRequest && (e.Code == "CBC.0100" || e.Code == "CBC.0101" || e.Code == ""):
		return []error{ErrInvalid}
	case e.HTTPStatus >= 400:
		// Any other documented 4xx code is a business rule (balance, order
		// state, resource state...).
		return []error{ErrRejected, ErrInvalid}
	default:
		// A 2xx body carrying an error code: §12.4 lists business failures
		// with status 200 (CBC.3xxx, CBC.5xxx, CBC.6xxx).
		return []error{ErrRejected, ErrInvalid}
	}
}

// Is reports whether e falls into the category target, so callers can write
// errors.Is(err, upstream.ErrRateLimited) without knowing codes.
func (e *Error) Is(target error) bool {
	for _, k := range e.kinds() {
		if k == target {
			return true
		}
	}
	return false
}

// Kind returns the most specific category of e (ErrNotFound, ErrRateLimited...).
func (e *Error) Kind() error { return e.kinds()[0] }

// Temporary reports whether repeating the same read later may succeed.
func (e *Error) Temporary() bool {
	return e.Is(ErrRateLimited) || e.Is(ErrUnavailable)
}

// GatewayThrottled reports whether the API gateway rejected the call for
// throttling before it reached BSS, which makes even a mutation safe to retry.
func (e *Error) GatewayThrottled() bool {
	return e.HTTPStatus == http.StatusTooManyRequests && (e.Code == "APIGW.0308" || e.Code == "APIG.0308")
}

// errorBody accepts every documented error shape: BSS (error_code/error_msg),
// the API gateway (error_code/error_message/request_id), code/message, and a
// nested {"error": {...}} object.
type errorBody struct {
	ErrorCode    Code   `json:"error_code"`
	ErrorMsg     string `json:"error_msg"`
	ErrorMessage string `json:"error_message"`
	Code         Code   `json:"code"`
	Message      string `json:"message"`
	RequestID    string `json:"request_id"`
	Error        *struct {
		Code    Code   `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func (b *errorBody) code() string {
	switch {
	case b.ErrorCode != "":
		return string(b.ErrorCode)
	case b.Code != "":
		return string(b.Code)
	case b.Error != nil:
		return string(b.Error.Code)
	}
	return ""
}

func (b *errorBody) message() string {
	for _, m := range []string{b.ErrorMsg, b.ErrorMessage, b.Message} {
		if m != "" {
			return m
		}
	}
	if b.Error != nil {
		return b.Error.Message
	}
	return ""
}

// parseError builds an *Error from a failed (non-2xx) response body. It never
// fails. Only a documented error shape (one with an error code) lends its
// message to the client: anything else, such as a load balancer's HTML page
// naming internal hosts, becomes a generic message and stays in Body for the
// debug log.
func parseError(status int, header http.Header, body []byte) *Error {
	e := &Error{HTTPStatus: status, RequestID: header.Get("X-Request-Id")}
	if len(body) <= maxErrorBody {
		e.Body = body
	}
	var b errorBody
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &b) == nil {
		if e.RequestID == "" {
			e.RequestID = b.RequestID
		}
		if e.Code = b.code(); e.Code != "" {
			e.Message = b.message()
		}
	}
	switch {
	case e.Code != "":
		// A documented shape; its message is BSS's own.
	case bytes.Contains(trimmed, []byte(olcBlocked)):
		// Huawei's flow control answers in plain text (see kinds).
		e.Message = olcBlocked
	case len(trimmed) > 0:
		e.Message = unknownBodyMessage(status)
	}
	if e.Message == "" {
		e.Message = statusText(status)
	}
	e.RetryAfter = retryAfterSeconds(header.Get("Retry-After"))
	return e
}

// olcBlocked is the plain-text answer of Huawei's flow control.
const olcBlocked = "Blocked by olc"

// unknownBodyMessage is the client's view of an answer that is not a BSS
// error: the status, never the body.
func unknownBodyMessage(status int) string {
	return fmt.Sprintf("the upstream answered %d %s with a body that is not a BSS error", status, statusText(status))
}

// statusText is the reason phrase of status, also for codes without one.
func statusText(status int) string {
	if text := http.StatusText(status); text != "" {
		return text
	}
	return "unknown status"
}

// undecodableError reports a 2xx answer whose body does not decode: truncated
// or malformed JSON. It is an *Error (status, request id) in the category
// ErrUnavailable, so reads retry it and a mutation's outcome is unknown.
func undecodableError(status int, header http.Header, body []byte, cause error) *Error {
	e := &Error{HTTPStatus: status, RequestID: header.Get("X-Request-Id"), undecodable: cause,
		Message: fmt.Sprintf("the upstream answered %d with a body that could not be decoded", status)}
	if len(body) <= maxErrorBody {
		e.Body = body
	}
	return e
}

// successError returns the error carried by a 2xx body, if any: BSS sometimes
// answers 200 with an error_code other than CBC.0000 (§12.4).
func successError(status int, header http.Header, body []byte) *Error {
	if !bytes.Contains(body, []byte(`"error_code"`)) {
		return nil
	}
	var b errorBody
	if json.Unmarshal(body, &b) != nil {
		return nil
	}
	code := string(b.ErrorCode)
	if code == "" || code == "CBC.0000" {
		return nil
	}
	e := &Error{HTTPStatus: status, Code: code, Message: b.message(), RequestID: header.Get("X-Request-Id"), Body: body}
	if e.RequestID == "" {
		e.RequestID = b.RequestID
	}
	return e
}

// maxLoggedBody bounds the part of an error body written to the debug log.
const maxLoggedBody = 4 << 10

// secretPattern matches credentials an upstream or proxy may echo back in a
// body: token headers, AK/SK signature parts, and key or password fields.
var secretPattern = regexp.MustCompile(`(?i)((?:x-auth-token|x-subject-token|authorization|access|signature|credential|secret[_-]?key|access[_-]?key|\bsk|\bak|token|password)["']?\s*[:=]\s*["']?)([^\s"',;&<>]+)`)

// redactBody returns body, bounded, with every known secret and anything
// shaped like a credential replaced, for the debug log.
func redactBody(body []byte, secrets ...string) string {
	s := string(body)
	for _, sec := range secrets {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, "[REDACTED]")
		}
	}
	s = secretPattern.ReplaceAllString(s, "${1}[REDACTED]")
	return truncate(s, maxLoggedBody)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}
