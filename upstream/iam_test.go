package upstream

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

func TestIAM_DomainIDCachedPerCredential(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.URL.Path != "/v3/auth/tokens" || r.Header.Get("X-Subject-Token") != r.Header.Get("X-Auth-Token") {
			t.Errorf("unexpected IAM request %s %v", r.URL.Path, r.Header)
		}
		switch r.Header.Get("X-Auth-Token") {
		case "tok-a":
			io.WriteString(w, `{"token":{"user":{"domain":{"id":"dom-a","name":"a"}}}}`)
		case "tok-b":
			io.WriteString(w, `{"token":{"user":{"domain":{"id":"dom-b","name":"b"}}}}`)
		default:
			w.WriteHeader(401)
			io.WriteString(w, `{"error":{"code":401,"message":"The request you have made requires authentication."}}`)
		}
	}))
	t.Cleanup(srv.Close)
	iam := NewIAM(srv.URL, nil)
	for range 3 {
		for tok, want := range map[string]string{"tok-a": "dom-a", "tok-b": "dom-b"} {
			got, err := iam.DomainID(WithCaller(t.Context(), Caller{Token: Secret(tok)}))
			if err != nil || got != want {
				t.Fatalf("DomainID(%s) = %q, %v; want %q", tok, got, err, want)
			}
		}
	}
	if n := calls.Load(); n != 2 {
		t.Errorf("IAM called %d times for 6 look-ups of 2 tokens, want 2", n)
	}
	if _, err := iam.DomainID(WithCaller(t.Context(), Caller{Token: "bad"})); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("DomainID(bad token) = %v, want ErrUnauthorized", err)
	}
}

// roundTripFunc is an in-memory http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestIAM_ConcurrentLookupsShareOneCall: the fields of one request ask for
// the caller's account at once on a cold cache; IAM is asked once.
func TestIAM_ConcurrentLookupsShareOneCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		release := make(chan struct{})
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			calls.Add(1)
			<-release
			body := `{"token":{"user":{"domain":{"id":"dom-a","name":"a"}}}}`
			return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}, nil
		})}
		iam := NewIAM("http://iam.invalid", hc)
		ctx := WithCaller(t.Context(), Caller{Token: "tok-a"})
		got := make([]string, 8)
		var wg sync.WaitGroup
		for i := range got {
			wg.Go(func() { got[i], _ = iam.DomainID(ctx) })
		}
		synctest.Wait() // every look-up is waiting on IAM
		close(release)
		wg.Wait()
		if n := calls.Load(); n != 1 {
			t.Errorf("IAM called %d times for %d concurrent look-ups of one token, want 1", n, len(got))
		}
		for i, id := range got {
			if id != "dom-a" {
				t.Errorf("look-up %d = %q, want dom-a", i, id)
			}
		}
	})
}
