package upstream

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

func TestParseError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		status    int
		header    http.Header
		body      string
		wantCode  string
		wantMsg   string
		wantReqID string
		wantKind  error
		temporary bool
	}{
		{
			name: "BSS shape", status: 400, body: `{"error_code":"CBC.0100","error_msg":"Parameter error."}`,
			wantCode: "CBC.0100", wantMsg: "Parameter error.", wantKind: ErrInvalid,
		},
		{
			name: "BSS shape with nested diagnostic text (§3.1.3)", status: 400,
			body:     `{"error_msg":"The name exists.cse://CBCCustomerRegService/rest/cbc/cbccustomerregservice/v1/customer/register[error_code]:CBC.7156[msg]:{\\\"error_code\\\":\\\"CBC.7156\\\",\\\"error_msg\\\":\\\"domainName exist.\\\"} ","error_code":"CBC.99000038"}`,
			wantCode: "CBC.99000038", wantMsg: `The name exists.cse://CBCCustomerRegService/rest/cbc/cbccustomerregservice/v1/customer/register[error_code]:CBC.7156[msg]:{\"error_code\":\"CBC.7156\",\"error_msg\":\"domainName exist.\"} `,
			wantKind: ErrRejected,
		},
		{
			name: "API gateway throttling (§3.3)", status: 429,
			body:     `{"status_code":429,"request_id":"7e6c1*****c610","error_code":"APIGW.0308","error_message":"The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second","encoded_authorization_message":""}`,
			wantCode: "APIGW.0308", wantMsg: "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second",
			wantReqID: "7e6c1*****c610", wantKind: ErrRateLimited, temporary: true,
		},
		{
			name: "header request id wins", status: 429, header: http.Header{"X-Request-Id": {"hdr-1"}},
			body:     `{"error_code":"APIG.0308","error_message":"slow down","request_id":"body-1"}`,
			wantCode: "APIG.0308", wantMsg: "slow down", wantReqID: "hdr-1", wantKind: ErrRateLimited, temporary: true,
		},
		{
			name: "code/message shape", status: 403, body: `{"code":"CBC.0151","message":"Access denied."}`,
			wantCode: "CBC.0151", wantMsg: "Access denied.", wantKind: ErrForbidden,
		},
		{
			name: "nested error object", status: 401, body: `{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information: verify aksk signature fail"}}`,
			wantCode: "APIGW.0301", wantMsg: "Incorrect IAM authentication information: verify aksk signature fail", wantKind: ErrUnauthorized,
		},
		{
			name: "plain text Blocked by olc", status: 418, body: "Blocked by olc",
			wantMsg: "Blocked by olc", wantKind: ErrRateLimited, temporary: true,
		},
		{
			name: "empty body", status: 502, body: "",
			wantMsg: "Bad Gateway", wantKind: ErrUnavailable, temporary: true,
		},
		{
			name: "truncated JSON", status: 500, body: `{"error_code":"CBC.09`,
			wantMsg: "the upstream answered 500 Internal Server Error with a body that is not a BSS error", wantKind: ErrUnavailable, temporary: true,
		},
		{
			name: "HTML from a proxy", status: 503, body: "<html><body>503 Service Unavailable</body></html>",
			wantMsg: "the upstream answered 503 Service Unavailable with a body that is not a BSS error", wantKind: ErrUnavailable, temporary: true,
		},
		{
			name: "load balancer page naming an internal host", status: 502, header: http.Header{"X-Request-Id": {"lb-7"}},
			body:    "<html><head><title>502 Bad Gateway</title></head><body>upstream bss-core-03.internal.example (10.21.4.17:8443) refused the connection</body></html>",
			wantMsg: "the upstream answered 502 Bad Gateway with a body that is not a BSS error", wantReqID: "lb-7", wantKind: ErrUnavailable, temporary: true,
		},
		{
			name: "JSON without an error code", status: 502, body: `{"message":"no healthy upstream 10.21.4.17","request_id":"rq-9"}`,
			wantMsg: "the upstream answered 502 Bad Gateway with a body that is not a BSS error", wantReqID: "rq-9", wantKind: ErrUnavailable, temporary: true,
		},
		{
			name: "unknown status with a text body", status: 599, body: "proxy says no",
			wantMsg: "the upstream answered 599 unknown status with a body that is not a BSS error", wantKind: ErrUnavailable, temporary: true,
		},
		{name: "token expired", status: 401, body: `{"error_code":"CBC.0154","error_msg":"Invalid or expired token."}`, wantCode: "CBC.0154", wantMsg: "Invalid or expired token.", wantKind: ErrUnauthorized},
		{name: "token expired as 403 (4.2.3)", status: 403, body: `{"error_code":"CBC.0154","error_msg":"Invalid or expired token."}`, wantCode: "CBC.0154", wantMsg: "Invalid or expired token.", wantKind: ErrUnauthorized},
		{name: "wrong site CBC.0156", status: 403, body: `{"error_code":"CBC.0156","error_msg":"Access denied. The customer does not belong to the website you are now at."}`, wantCode: "CBC.0156", wantMsg: "Access denied. The customer does not belong to the website you are now at.", wantKind: ErrWrongSite},
		{name: "wrong site CBC.0150", status: 403, body: `{"error_code":"CBC.0150","error_msg":"Invalid operation."}`, wantCode: "CBC.0150", wantMsg: "Invalid operation.", wantKind: ErrWrongSite},
		{name: "refusing CBC.0155", status: 403, body: `{"error_code":"CBC.0155","error_msg":"refusing"}`, wantCode: "CBC.0155", wantMsg: "refusing", wantKind: ErrForbidden},
		{name: "BSS flow control CBC.0250", status: 429, body: `{"error_code":"CBC.0250","error_msg":"Connection request control triggered."}`, wantCode: "CBC.0250", wantMsg: "Connection request control triggered.", wantKind: ErrRateLimited, temporary: true},
		{name: "IP throttled as 400", status: 400, body: `{"error_code":"CBC.99007197","error_msg":"ip limited"}`, wantCode: "CBC.99007197", wantMsg: "ip limited", wantKind: ErrRateLimited, temporary: true},
		{name: "order not found", status: 400, body: `{"error_code":"CBC.30000010","error_msg":"Invalid order"}`, wantCode: "CBC.30000010", wantMsg: "Invalid order", wantKind: ErrNotFound},
		{name: "product not found", status: 400, body: `{"error_code":"CBC.99006006","error_msg":"Product not found."}`, wantCode: "CBC.99006006", wantMsg: "Product not found.", wantKind: ErrNotFound},
		{name: "insufficient balance", status: 400, body: `{"error_code":"CBC.99005003","error_msg":"Your balance is insufficient."}`, wantCode: "CBC.99005003", wantMsg: "Your balance is insufficient.", wantKind: ErrFailedPrecondition},
		{name: "other error", status: 500, body: `{"error_code":"CBC.0999","error_msg":"Other errors."}`, wantCode: "CBC.0999", wantMsg: "Other errors.", wantKind: ErrUnavailable, temporary: true},
		{name: "business 500", status: 500, body: `{"error_code":"CBC.7001","error_msg":"not associated"}`, wantCode: "CBC.7001", wantMsg: "not associated", wantKind: ErrRejected},
		{name: "retry later 400", status: 400, body: `{"error_code":"CBC.99003115","error_msg":"An error occurred. Try again later."}`, wantCode: "CBC.99003115", wantMsg: "An error occurred. Try again later.", wantKind: ErrUnavailable, temporary: true},
		{name: "plain 404", status: 404, body: "no route", wantMsg: "the upstream answered 404 Not Found with a body that is not a BSS error", wantKind: ErrNotFound},
		{name: "numeric code", status: 400, body: `{"error_code":100,"error_msg":"x"}`, wantCode: "100", wantMsg: "x", wantKind: ErrRejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			e := parseError(tt.status, h, []byte(tt.body))
			if e.HTTPStatus != tt.status || e.Code != tt.wantCode || e.Message != tt.wantMsg || e.RequestID != tt.wantReqID {
				t.Errorf("parseError = {%d %q %q %q}, want {%d %q %q %q}", e.HTTPStatus, e.Code, e.Message, e.RequestID, tt.status, tt.wantCode, tt.wantMsg, tt.wantReqID)
			}
			if e.Kind() != tt.wantKind {
				t.Errorf("Kind() = %v, want %v", e.Kind(), tt.wantKind)
			}
			var err error = e
			if !errors.Is(err, tt.wantKind) {
				t.Errorf("errors.Is(err, %v) = false", tt.wantKind)
			}
			if e.Temporary() != tt.temporary {
				t.Errorf("Temporary() = %v, want %v", e.Temporary(), tt.temporary)
			}
		})
	}
}

// TestStateRefusals: a refusal because of the present state stays a
// business rule refusal (ErrRejected, ErrInvalid: userErrors for
// mutations) and is never retried.
func TestStateRefusals(t *testing.T) {
	t.Parallel()
	for _, status := range []int{200, 400} {
		e := parseError(status, http.Header{}, []byte(`{"error_code":"CBC.30050010","error_msg":"unpaid orders"}`))
		for _, kind := range []error{ErrFailedPrecondition, ErrRejected, ErrInvalid} {
			if !errors.Is(e, kind) {
				t.Errorf("HTTP %d CBC.30050010: errors.Is(%v) = false", status, kind)
			}
		}
		if e.Temporary() {
			t.Errorf("HTTP %d CBC.30050010 is temporary", status)
		}
	}
	if e := parseError(400, http.Header{}, []byte(`{"error_code":"CBC.99003108","error_msg":"discount"}`)); errors.Is(e, ErrFailedPrecondition) {
		t.Error("CBC.99003108 (a discount that cannot apply) is a state refusal")
	}
}

func TestSuccessError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		wantCode string
	}{
		{"no error_code", `{"total_count":1}`, ""},
		{"CBC.0000 is success", `{"error_code":"CBC.0000","error_msg":"success","total_count":1}`, ""},
		{"business failure on 200", `{"error_code":"CBC.3106","error_msg":"The order status has changed and no payment can be made."}`, "CBC.3106"},
		{"empty error_code", `{"error_code":"","error_msg":""}`, ""},
		{"error_code only in nested text", `{"records":[{"note":"\"error_code\""}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := successError(200, http.Header{}, []byte(tt.body))
			got := ""
			if e != nil {
				got = e.Code
				if !errors.Is(e, ErrRejected) {
					t.Errorf("2xx error %v is not ErrRejected", e)
				}
			}
			if got != tt.wantCode {
				t.Errorf("successError(%s) code = %q, want %q", tt.body, got, tt.wantCode)
			}
		})
	}
}

func TestErrorMessageHasNoCredentials(t *testing.T) {
	t.Parallel()
	e := &Error{HTTPStatus: 401, Code: "CBC.0154", Message: "Invalid or expired token.", Operation: "ListCustomerOrders", Method: "GET", Path: "/v2/orders/customer-orders"}
	if got, want := e.Error(), "bss: ListCustomerOrders (GET /v2/orders/customer-orders): 401 CBC.0154: Invalid or expired token."; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	c := Caller{Token: "MIIPAgYJKoZIhvcNAQcCo"}
	for _, s := range []string{c.Token.String(), string(must(c.Token.MarshalText()))} {
		if s != "***" {
			t.Errorf("secret printed as %q", s)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestErrorDecodeBody(t *testing.T) {
	t.Parallel()
	body := `{"error_code":"CBC.30050006","error_msg":"Automatic order payment failed.","order_ids":["CS1","CS2"]}`
	e := parseError(400, http.Header{}, []byte(body))
	var extra struct {
		OrderIDs []string `json:"order_ids"`
	}
	if err := e.DecodeBody(&extra); err != nil || len(extra.OrderIDs) != 2 || extra.OrderIDs[1] != "CS2" {
		t.Errorf("DecodeBody = %v, %+v; want the two order ids", err, extra)
	}
}

// lbPage is a load balancer's error page naming an internal host and IP, and
// echoing the request's credentials back.
const lbPage = `<html><head><title>502 Bad Gateway</title></head><body>
<p>upstream bss-core-03.internal.example (10.21.4.17:8443) reset the connection</p>
<pre>X-Auth-Token: tok-secret-123
Authorization: SDK-HMAC-SHA256 Access=AKIDSECRET, SignedHeaders=host;x-sdk-date, Signature=9f86d081884c7d659a2feaa0c55ad015</pre></body></html>`

func TestDo_UnknownBodiesStayOutOfTheError(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		op         *Operation
		status     int
		body       string
		wantStatus int
		wantCode   string
		wantKind   error
		noContent  bool // the API answers no body: out is nil
	}{
		{"502 page from a load balancer", testRead, 502, lbPage, 502, "", ErrUnavailable, false},
		{"JSON without an error code", testRead, 503, `{"message":"no healthy upstream at 10.21.4.17"}`, 503, "", ErrUnavailable, false},
		{"truncated 2xx naming a host", testRead, 200, `{"value":1,"node":"bss-core-03.internal.example`, 200, "", ErrUnavailable, false},
		{"HTML 200 from a captive proxy", testRead, 200, lbPage, 200, "", ErrUnavailable, false},
		{"truncated 2xx of a mutation", testWrite, 200, `{"value":1,"node":"10.21.4.17`, 200, "", ErrOutcomeUnknown, false},
		{"HTML 200 for a mutation without content", testWrite, 200, lbPage, 200, "", ErrOutcomeUnknown, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-Id", "rq-42")
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}))
			t.Cleanup(srv.Close)
			var log bytes.Buffer
			c, err := NewClient(srv.URL, WithLimiter(NewWindowLimiter(-1)), WithLogger(zerolog.New(&log).Level(zerolog.DebugLevel)),
				WithRetryPolicy(RetryPolicy{MaxAttempts: 1}))
			if err != nil {
				t.Fatal(err)
			}
			ctx := WithCaller(t.Context(), Caller{Token: "tok-secret-123"})
			var out any = &struct{ Value int }{}
			if tt.noContent {
				out = nil
			}
			err = c.do(ctx, tt.op, tt.op.Path, nil, nil, out)
			if !errors.Is(err, tt.wantKind) {
				t.Fatalf("do() = %v, want %v", err, tt.wantKind)
			}
			var ue *Error
			if !errors.As(err, &ue) {
				t.Fatalf("do() = %T, want an *Error carrying status and request id", err)
			}
			if ue.HTTPStatus != tt.wantStatus || ue.RequestID != "rq-42" || ue.Code != tt.wantCode {
				t.Errorf("error = {%d %q %q}, want {%d rq-42 %q}", ue.HTTPStatus, ue.RequestID, ue.Code, tt.wantStatus, tt.wantCode)
			}
			for _, leak := range []string{"10.21.4.17", "internal.example", "<html", "tok-secret-123"} {
				if strings.Contains(err.Error(), leak) || strings.Contains(ue.Message, leak) {
					t.Errorf("error %q repeats the body's %q", err, leak)
				}
			}
			// The debug log keeps the body for operators, minus credentials.
			logged := log.String()
			if !strings.Contains(logged, "bss-core-03") && !strings.Contains(logged, "10.21.4.17") {
				t.Errorf("debug log lacks the body: %s", logged)
			}
			for _, secret := range []string{"tok-secret-123", "AKIDSECRET", "9f86d081884c7d659a2feaa0c55ad015"} {
				if strings.Contains(logged, secret) {
					t.Errorf("debug log repeats secret %q: %s", secret, logged)
				}
			}
		})
	}
}

func TestRedactBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		secrets    []string
		want       string
	}{
		{"known token anywhere", `{"echo":"MIIxyzTOKEN"}`, []string{"MIIxyzTOKEN"}, `{"echo":"[REDACTED]"}`},
		{"token header", "X-Auth-Token: abc.def", nil, "X-Auth-Token: [REDACTED]"},
		{"signature parts", "Authorization: SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=beef", nil,
			"Authorization: [REDACTED] Access=[REDACTED], SignedHeaders=host, Signature=[REDACTED]"},
		{"JSON key fields", `{"secret_key":"s3cr3t","sk":"x","password":"p"}`, nil, `{"secret_key":"[REDACTED]","sk":"[REDACTED]","password":"[REDACTED]"}`},
		{"short secrets are not matched everywhere", "a b c", []string{"b"}, "a b c"},
		{"plain text kept", "no healthy upstream at 10.0.0.1", nil, "no healthy upstream at 10.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := redactBody([]byte(tt.body), tt.secrets...); got != tt.want {
				t.Errorf("redactBody(%q) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}
