package upstream

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// testToken is the token every test caller presents.
const testToken = "test-token"

// setup returns a Client talking to a fresh httptest server and the mux that
// server routes through. Retries are fast and quotas are off, so tests of one
// API never wait on each other.
func setup(t *testing.T) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL,
		WithLimiter(NewWindowLimiter(-1)),
		WithRetryPolicy(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}),
		WithCallTimeout(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return c, mux
}

// testContext returns a context carrying a test caller.
func testContext(t *testing.T) context.Context {
	t.Helper()
	return WithCaller(t.Context(), Caller{Token: testToken, DomainID: "dom-test", Language: "en_US"})
}

// testMethod fails the test unless r uses method want.
func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	if r.Method != want {
		t.Errorf("request method = %s, want %s", r.Method, want)
	}
}

// testQuery fails the test unless r's query is exactly want.
func testQuery(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	if diff := cmp.Diff(want, r.URL.Query()); diff != "" {
		t.Errorf("query mismatch (-want +got):\n%s", diff)
	}
}

// testBody fails the test unless r's body is JSON equal to want.
func testBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("reading body: %v", err)
	}
	var got, exp any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("body %q is not JSON: %v", b, err)
	}
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatalf("want %q is not JSON: %v", want, err)
	}
	if diff := cmp.Diff(exp, got); diff != "" {
		t.Errorf("body mismatch (-want +got):\n%s", diff)
	}
}

// golden returns the contents of testdata/name: an example response copied
// from the API reference.
func golden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// serveGolden answers every request on pattern with the golden file name,
// after check has inspected the request.
func serveGolden(t *testing.T, mux *http.ServeMux, pattern, name string, check func(r *http.Request)) {
	t.Helper()
	body := golden(t, name)
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("X-Auth-Token"); got != testToken {
			t.Errorf("X-Auth-Token = %q, want %q", got, testToken)
		}
		if check != nil {
			check(r)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})
}

// cmpOpts compares decimals by their exact text, so 274.6 never equals
// 274.60000000000002 and "800.0" keeps its scale.
var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.String() == b.String() && a.Exponent() == b.Exponent() }),
}

// amt is shorthand for an Amount literal in expected values.
func amt(s string) Amount { return NewAmount(s) }

// samt is shorthand for a StringAmount literal in expected values.
func samt(s string) StringAmount { return StringAmount{decimal.RequireFromString(s)} }

// pamt is shorthand for a *Amount literal.
func pamt(s string) *Amount { a := NewAmount(s); return &a }
