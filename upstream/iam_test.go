package upstream

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
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
