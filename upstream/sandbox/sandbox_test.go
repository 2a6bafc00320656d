package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"bssgraph/internal/memhttp"
	"bssgraph/upstream"
)

// smallSizes keeps per-test seeding fast; the default sizes are exercised by
// TestDefaultSizes.
var smallSizes = Sizes{Orders: 60, Resources: 150, Months: 6, Members: 5}

// newTestServer starts a sandbox over real HTTP on loopback.
func newTestServer(t *testing.T, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	if opts.Sizes == (Sizes{}) {
		opts.Sizes = smallSizes
	}
	sb := New(opts)
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return sb, srv
}

// call sends a raw request with the given token and returns status and body.
func call(t *testing.T, srv *httptest.Server, method, path, token, body string) (int, string) {
	t.Helper()
	return callVia(t, srv.Client(), srv.URL, method, path, token, body)
}

// callInMemory is call without a socket, for tests in a synctest bubble.
func callInMemory(t *testing.T, sb *Server, method, path, token, body string) (int, string) {
	t.Helper()
	return callVia(t, memhttp.Client(sb), "http://sandbox.test", method, path, token, body)
}

// hasNumber reports whether the JSON object body holds, at key, a JSON
// number (not a string) equal to want.
func hasNumber(body, key string, want float64) bool {
	var m map[string]any
	if json.Unmarshal([]byte(body), &m) != nil {
		return false
	}
	n, ok := m[key].(float64)
	return ok && n == want
}

func callVia(t *testing.T, c *http.Client, base, method, path, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), method, base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestAuth_UnknownTokenIsRejected(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{})
	for _, tok := range []string{"", "not-a-sandbox-token", "Sandbox-Customer"} {
		status, body := call(t, srv, "GET", "/v2/accounts/customer-accounts/balances", tok, "")
		if status != http.StatusUnauthorized || !strings.Contains(body, `"error_code":"CBC.0154"`) {
			t.Errorf("token %q: got %d %s, want 401 CBC.0154", tok, status, body)
		}
	}
}

func TestAuth_AKSKSignedRequests(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{})
	ak, sk := AccessKeyFor(TokenCustomer)
	good, err := upstream.NewClient(srv.URL, upstream.WithCredentials(ak, sk))
	if err != nil {
		t.Fatal(err)
	}
	bad, _ := upstream.NewClient(srv.URL, upstream.WithCredentials(ak, "wrong-secret"),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 1}))
	ctx := t.Context()
	sb.ResetCalls()
	_, err = bad.Catalog.ListMeasureUnits(ctx)
	var ue *upstream.Error
	if !errorsAs(err, &ue) || ue.HTTPStatus != 401 || ue.Code != "APIGW.0301" {
		t.Errorf("wrong secret: err = %v, want 401 APIGW.0301", err)
	}
	if _, err := good.Catalog.ListMeasureUnits(ctx); err != nil && !strings.Contains(err.Error(), "not simulated") {
		t.Errorf("signed request: %v", err)
	}
}

// In a synctest bubble the sandbox's clock stands still while the calls
// run, so all 21 fall in one window however slow the machine is.
func TestQuota_429AtDocumentedRate(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sb := New(Options{Sizes: smallSizes})
		const path = "/v2/orders/customer-orders"
		// ListCustomerOrders is documented at 20/s (§3.3); the 21st call
		// within one second is throttled.
		for i := range 21 {
			status, body := callInMemory(t, sb, "GET", path, TokenCustomer, "")
			if i < 20 && status != http.StatusOK {
				t.Fatalf("call %d of 20 in one second: %d %s, want 200", i+1, status, body)
			}
			if i == 20 {
				var b map[string]any
				json.Unmarshal([]byte(body), &b)
				if status != http.StatusTooManyRequests || b["error_code"] != "APIGW.0308" || b["error_message"] == nil || b["request_id"] == nil {
					t.Errorf("21st call in one second: %d %s, want 429 in the API gateway shape with APIGW.0308", status, body)
				}
			}
		}
		// Another token has its own quota.
		if status, _ := callInMemory(t, sb, "GET", path, TokenEnterprise, ""); status != http.StatusOK {
			t.Errorf("a second token got %d after the first token's calls, want 200", status)
		}
		time.Sleep(time.Second) // the bubble's clock: the window passes
		if status, body := callInMemory(t, sb, "GET", path, TokenCustomer, ""); status != http.StatusOK {
			t.Errorf("a call in the next window: %d %s, want 200", status, body)
		}
	})
}

func TestQuota_Disabled(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	for range 30 {
		if status, _ := call(t, srv, "GET", "/v2/accounts/customer-accounts/balances", TokenCustomer, ""); status == http.StatusTooManyRequests {
			t.Fatal("throttled with quotas disabled")
		}
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults Faults
		check  func(t *testing.T, status int, body string, err error)
	}{
		{"error rate 1", Faults{ErrorRate: 1}, func(t *testing.T, status int, body string, err error) {
			if status != 500 || !strings.Contains(body, "CBC.0999") {
				t.Errorf("got %d %s, want 500 CBC.0999", status, body)
			}
		}},
		{"throttle burst", Faults{Throttle: 1}, func(t *testing.T, status int, body string, err error) {
			if status != 429 || !strings.Contains(body, "APIGW.0308") {
				t.Errorf("got %d %s, want 429 APIGW.0308", status, body)
			}
		}},
		{"dropped connection", Faults{DropRate: 1}, func(t *testing.T, status int, body string, err error) {
			if err == nil {
				t.Errorf("got %d %s, want a connection error", status, body)
			}
		}},
		{"other operations untouched", Faults{ErrorRate: 1, Operations: []string{"ListInvoices"}}, func(t *testing.T, status int, body string, err error) {
			if status == 500 {
				t.Errorf("fault scoped to ListInvoices hit ShowCustomerAccountBalances: %d %s", status, body)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, srv := newTestServer(t, Options{Faults: tt.faults})
			req, _ := http.NewRequest("GET", srv.URL+"/v2/accounts/customer-accounts/balances", nil)
			req.Header.Set("X-Auth-Token", TokenCustomer)
			resp, err := srv.Client().Do(req)
			status, body := 0, ""
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				status, body = resp.StatusCode, string(b)
			}
			tt.check(t, status, body, err)
		})
	}
}

func TestFaults_Latency(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sb := New(Options{Sizes: smallSizes, Faults: Faults{Latency: 150 * time.Millisecond}})
		start := time.Now()
		callInMemory(t, sb, "GET", "/v2/accounts/customer-accounts/balances", TokenCustomer, "")
		if d := time.Since(start); d != 150*time.Millisecond {
			t.Errorf("answer came after %s, want the 150ms of injected latency", d)
		}
	})
}

func TestControlEndpoints(t *testing.T) {
	t.Parallel()
	sb, srv := newTestServer(t, Options{})
	call(t, srv, "GET", "/v2/accounts/customer-accounts/balances", TokenCustomer, "")
	call(t, srv, "GET", "/v2/accounts/customer-accounts/balances", "bad-token", "")
	status, body := call(t, srv, "GET", "/_sandbox/calls", "", "")
	var got struct {
		Calls map[string]int `json:"calls"`
		Total int            `json:"total"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || status != 200 {
		t.Fatalf("GET /_sandbox/calls = %d %s", status, body)
	}
	if got.Calls["ShowCustomerAccountBalances"] != 2 || got.Total != 2 {
		t.Errorf("calls = %+v, want 2 ShowCustomerAccountBalances", got)
	}
	if status, body := call(t, srv, "PUT", "/_sandbox/faults", "", `{"error_rate":2}`); status != 400 {
		t.Errorf("PUT faults with rate 2 = %d %s, want 400", status, body)
	}
	if status, _ := call(t, srv, "PUT", "/_sandbox/faults", "", `{"throttle":1}`); status != 200 {
		t.Errorf("PUT faults = %d, want 200", status)
	}
	if status, _ := call(t, srv, "GET", "/v2/accounts/customer-accounts/balances", TokenCustomer, ""); status != 429 {
		t.Errorf("after PUT throttle=1 got %d, want 429", status)
	}
	if status, _ := call(t, srv, "POST", "/_sandbox/reset", "", ""); status != 204 {
		t.Errorf("POST reset = %d, want 204", status)
	}
	if n := sb.TotalCalls(); n != 0 {
		t.Errorf("after reset, %d calls counted, want 0", n)
	}
	_, body = call(t, srv, "GET", "/_sandbox/accounts", "", "")
	for _, tok := range []string{TokenCustomer, TokenEnterprise, TokenPartner, "sandbox-member-5"} {
		if !strings.Contains(body, `"token":"`+tok+`"`) {
			t.Errorf("/_sandbox/accounts lacks %s: %s", tok, body)
		}
	}
}

// Unknown paths, and known paths with another method, get the API
// gateway's JSON error, as every other error is JSON.
func TestUnknownPathIs404(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{})
	for _, tc := range []struct{ method, path string }{
		{"GET", "/v2/not-an-api"},
		{"GET", "/"},
		{"DELETE", "/v2/orders/customer-orders"},
	} {
		status, body := call(t, srv, tc.method, tc.path, TokenCustomer, "")
		var e struct {
			Code, Msg, RequestID string
		}
		err := json.Unmarshal([]byte(body), &struct {
			Code      *string `json:"error_code"`
			Msg       *string `json:"error_msg"`
			RequestID *string `json:"request_id"`
		}{&e.Code, &e.Msg, &e.RequestID})
		if status != 404 || err != nil || e.Code != "APIGW.0101" || e.Msg == "" || e.RequestID == "" {
			t.Errorf("%s %s = %d %s, want 404 APIGW.0101 as JSON", tc.method, tc.path, status, body)
		}
	}
}

// BenchmarkNewWorld measures seeding the whole default-size world (every
// account and domain), which `go run .` pays once at start-up.
func BenchmarkNewWorld(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newWorld(1, DefaultSizes, Epoch)
	}
}
