package upstream

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// Any error body gives an *Error with a category; only a documented shape
// (one with an error code) lends its message to the client; the debug log's
// copy never holds a caller's secret.
func FuzzErrorBody(f *testing.F) {
	for _, s := range []string{
		`{"error_code":"CBC.0100","error_msg":"Parameter error."}`,
		`{"status_code":429,"request_id":"r1","error_code":"APIGW.0308","error_message":"slow down"}`,
		`{"error":{"code":401,"message":"The request you have made requires authentication."}}`,
		`{"code":"CBC.0151","message":"Access denied."}`, `{"error_code":100,"error_msg":"x"}`,
		`{"message":"no healthy upstream 10.0.0.1"}`, `{"error_code":"CBC.09`, "Blocked by olc", "",
		`<html><body>502 Bad Gateway at 10.21.4.17</body></html>`, `{"error_code":null}`, `[1,2]`,
		"X-Auth-Token: MIIsecret\nAuthorization: SDK-HMAC-SHA256 Access=AK, Signature=ab12",
	} {
		f.Add(502, s, "MIIsecret")
		f.Add(200, s, "tok-1234")
	}
	f.Fuzz(func(t *testing.T, status int, body, secret string) {
		if status < 100 || status > 999 {
			status = 500 + (status%100+100)%100
		}
		h := http.Header{"X-Request-Id": {"rq-1"}}
		var es []*Error
		if status < 200 || status > 299 {
			es = append(es, parseError(status, h, []byte(body)))
		} else if e := successError(status, h, []byte(body)); e != nil {
			es = append(es, e)
		}
		for _, e := range es {
			if e.HTTPStatus != status || e.RequestID != "rq-1" || e.Kind() == nil || e.Message == "" {
				t.Fatalf("error from %d %q = %+v", status, body, e)
			}
			if !errors.Is(e, e.Kind()) {
				t.Fatalf("%v is not in its own category %v", e, e.Kind())
			}
			generic := e.Message == unknownBodyMessage(status) || e.Message == statusText(status) || e.Message == olcBlocked
			if e.Code == "" && !generic {
				t.Fatalf("a body without an error code reached the message: %q from %q", e.Message, body)
			}
			_ = e.Error()
		}
		if len(secret) >= 4 && !strings.Contains("[REDACTED]", secret) {
			logged := redactBody([]byte(body+secret+body), secret)
			if strings.Contains(logged, secret) {
				t.Fatalf("redactBody kept the secret %q: %q", secret, logged)
			}
		}
	})
}
