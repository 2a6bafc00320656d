package sandbox

import (
	"errors"
	"fmt"
	"net/http"
)

// apiError is a documented BSS error answer.
type apiError struct {
	status int
	code   string
	msg    string
	// extra fields some APIs add to their error body (e.g. order_ids).
	extra map[string]any
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.msg) }

// errorf returns an apiError with a formatted message.
func errorf(status int, code, format string, args ...any) *apiError {
	return &apiError{status: status, code: code, msg: fmt.Sprintf(format, args...)}
}

// badParam is the generic parameter error of every API (CBC.0100).
func badParam(format string, args ...any) *apiError {
	return errorf(http.StatusBadRequest, "CBC.0100", "Invalid parameter: "+format, args...)
}

// Answers shared by every API (§12.4).
var (
	errInvalidToken = &apiError{status: http.StatusUnauthorized, code: "CBC.0154", msg: "Invalid or expired token."}
	errAccessDenied = &apiError{status: http.StatusForbidden, code: "CBC.0151", msg: "Access denied."}
	errBadSignature = &apiError{status: http.StatusUnauthorized, code: "APIGW.0301", msg: "Incorrect IAM authentication information: verify aksk signature fail"}
)

func writeError(w http.ResponseWriter, err error, reqID string) {
	var e *apiError
	if !errors.As(err, &e) {
		e = &apiError{status: http.StatusInternalServerError, code: "CBC.0999", msg: "Other errors."}
	}
	body := map[string]any{"error_code": e.code, "error_msg": e.msg}
	if e.code == "APIGW.0301" {
		// The API gateway's own shape (error_message, request_id).
		body = map[string]any{"error_code": e.code, "error_msg": e.msg, "request_id": reqID}
	}
	for k, v := range e.extra {
		body[k] = v
	}
	writeJSON(w, e.status, body)
}

// unknownAPI answers a path (or method) no API has, in the API gateway's
// JSON error shape rather than Go's plain-text 404, so SDKs and clients
// parse it as they parse every other error.
func (s *Server) unknownAPI(w http.ResponseWriter, r *http.Request) {
	reqID := s.newRequestID(w)
	writeJSON(w, http.StatusNotFound, map[string]any{
		"error_code": "APIGW.0101",
		"error_msg":  "The API does not exist or has not been published in the environment",
		"request_id": reqID,
	})
}
