package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"bssgraph/internal/testlog"
)

const balancesPath = "/v2/accounts/customer-accounts/balances"

// get sends GET balancesPath as the customer and returns the answer, the
// number of non-empty body reads, and the transport error.
func get(t *testing.T, url string) (status int, body []byte, reads int, err error) {
	t.Helper()
	req, _ := http.NewRequest("GET", url+balancesPath, nil)
	req.Header.Set("X-Auth-Token", TokenCustomer)
	// A fresh connection per call: a reset must not poison the next test.
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 30 * time.Second}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer resp.Body.Close()
	buf := make([]byte, 4096)
	for {
		n, rerr := resp.Body.Read(buf)
		if n > 0 {
			reads++
			body = append(body, buf[:n]...)
		}
		if rerr == io.EOF {
			return resp.StatusCode, body, reads, nil
		}
		if rerr != nil {
			return resp.StatusCode, body, reads, rerr
		}
	}
}

func TestFaults_AnswerShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults Faults
		check  func(t *testing.T, status int, body []byte, reads int, err error)
	}{
		{"connection reset", Faults{ResetRate: 1}, func(t *testing.T, status int, body []byte, reads int, err error) {
			if err == nil {
				t.Errorf("got %d %s, want a connection error", status, body)
			}
		}},
		{"load balancer page", Faults{GatewayPageRate: 1}, func(t *testing.T, status int, body []byte, reads int, err error) {
			if err != nil || status != http.StatusBadGateway || !bytes.Contains(body, []byte("10.21.4.17")) {
				t.Errorf("got %d %q %v, want 502 naming 10.21.4.17", status, body, err)
			}
		}},
		{"garbage 200", Faults{GarbageRate: 1}, func(t *testing.T, status int, body []byte, reads int, err error) {
			if err != nil || status != 200 || json.Valid(body) {
				t.Errorf("got %d %q %v, want 200 with invalid JSON", status, body, err)
			}
		}},
		{"truncated 200", Faults{MalformedRate: 1}, func(t *testing.T, status int, body []byte, reads int, err error) {
			if err != nil || status != 200 || json.Valid(body) || !bytes.HasPrefix(body, []byte("{")) {
				t.Errorf("got %d %q %v, want 200 with JSON cut short", status, body, err)
			}
		}},
		{"slow body", Faults{SlowBody: 200 * time.Millisecond}, func(t *testing.T, status int, body []byte, reads int, err error) {
			if err != nil || status != 200 || !json.Valid(body) {
				t.Fatalf("got %d %q %v, want 200 with the whole JSON", status, body, err)
			}
			if reads < slowChunks/2 {
				t.Errorf("body arrived in %d reads, want it trickled in about %d", reads, slowChunks)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, srv := newTestServer(t, Options{Faults: tt.faults})
			status, body, reads, err := get(t, srv.URL)
			tt.check(t, status, body, reads, err)
		})
	}
}

func TestFaults_Validation(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{})
	for _, body := range []string{`{"reset_rate":1.5}`, `{"gateway_page_rate":-0.1}`, `{"garbage_rate":2}`, `{"slow_body":-1}`, `{"panics":-1}`} {
		if status, got := call(t, srv, "PUT", "/_sandbox/faults", "", body); status != http.StatusBadRequest {
			t.Errorf("PUT faults %s = %d %s, want 400", body, status, got)
		}
	}
	if status, got := call(t, srv, "PUT", "/_sandbox/faults", "", `{"reset_rate":0.02,"slow_body":1000000,"panics":1}`); status != 200 {
		t.Errorf("PUT valid faults = %d %s, want 200", status, got)
	}
}

// A handler that panics answers BSS's generic 500, logs the stack, and
// releases the data lock it held: the next call that needs the other kind
// of lock is still served. Without the deferred unlocks, that call hangs.
func TestPanicInHandler_SandboxKeepsServing(t *testing.T) {
	t.Parallel()
	cancel := func(srvURL string) (*http.Request, error) {
		req, err := http.NewRequest("PUT", srvURL+"/v2/orders/customer-orders/cancel", strings.NewReader(`{"order_id":"CS0000000000000"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Auth-Token", TokenCustomer)
		return req, err
	}
	balances := func(srvURL string) (*http.Request, error) {
		req, err := http.NewRequest("GET", srvURL+balancesPath, nil)
		req.Header.Set("X-Auth-Token", TokenCustomer)
		return req, err
	}
	tests := []struct {
		name        string
		panicOn     string
		first, next func(string) (*http.Request, error)
	}{
		{"read panics, then a mutation", "ShowCustomerAccountBalances", balances, cancel},
		{"mutation panics, then a read", "CancelCustomerOrder", cancel, balances},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var log testlog.Buffer
			srv := httptest.NewServer(New(Options{Sizes: smallSizes, Log: zerolog.New(&log), Faults: Faults{Panics: 1, Operations: []string{tt.panicOn}}}))
			t.Cleanup(func() {
				if !t.Failed() { // Close would wait forever for a handler stuck on the lock
					srv.Close()
				}
			})
			// A hung sandbox fails the test instead of stalling it.
			client := &http.Client{Timeout: 20 * time.Second}
			do := func(mk func(string) (*http.Request, error)) (int, string) {
				req, err := mk(srv.URL)
				if err != nil {
					t.Fatal(err)
				}
				resp, err := client.Do(req)
				if err != nil {
					t.Fatalf("%s %s: %v (is the data lock still held?)", req.Method, req.URL.Path, err)
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				return resp.StatusCode, string(b)
			}

			status, body := do(tt.first)
			var got map[string]any
			if status != 500 || json.Unmarshal([]byte(body), &got) != nil || got["error_code"] != "CBC.0999" || got["error_msg"] != "Other errors." {
				t.Errorf("panicking handler answered %d %s, want 500 CBC.0999", status, body)
			}
			if strings.Contains(body, "goroutine") || strings.Contains(body, "panic") {
				t.Errorf("the answer reveals the panic: %s", body)
			}
			if !strings.Contains(log.String(), "injected handler panic") || !strings.Contains(log.String(), "stack") {
				t.Errorf("panic not logged with its stack: %s", log.String())
			}

			if status, body := do(tt.next); status == 500 {
				t.Errorf("call after the panic answered %d %s", status, body)
			}
			if status, body := do(tt.first); status == 500 {
				t.Errorf("the same call again answered %d %s, want the panic budget spent", status, body)
			}
		})
	}
}
