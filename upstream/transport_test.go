package upstream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"bssgraph/internal/memhttp"
)

var (
	testRead  = &Operation{Name: "TestRead", Method: "GET", Path: "/read", Quota: 10}
	testWrite = &Operation{Name: "TestWrite", Method: "POST", Path: "/write", Quota: 10, Mutation: true}
)

// counter serves answers in turn (the last one repeats) and counts calls.
type counter struct {
	calls   atomic.Int32
	answers []func(w http.ResponseWriter, r *http.Request)
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n := int(c.calls.Add(1)) - 1
	c.answers[min(n, len(c.answers)-1)](w, r)
}

func answer(status int, body string) func(w http.ResponseWriter, r *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func TestDo_TokenPassThrough(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	var got http.Header
	mux.HandleFunc("GET /read", func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		io.WriteString(w, `{}`)
	})
	ctx := WithCaller(t.Context(), Caller{Token: "tok-123", DomainID: "dom-9", Language: "en_US", RequestID: "req-1"})
	if err := c.do(ctx, testRead, "/read", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"X-Auth-Token": "tok-123", "X-Domain-Id": "dom-9", "X-Language": "en_US",
		"X-Request-Id": "req-1", "Content-Type": "application/json",
	} {
		if got.Get(name) != want {
			t.Errorf("header %s = %q, want %q", name, got.Get(name), want)
		}
	}
	if got.Get("Authorization") != "" || got.Get("X-Sdk-Date") != "" {
		t.Errorf("token mode sent signing headers: %v", got)
	}
}

func TestDo_AKSKSigning(t *testing.T) {
	t.Parallel()
	var got *http.Request
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Clone(context.Background())
		body, _ = io.ReadAll(r.Body)
		io.WriteString(w, `{}`)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithCredentials("AK1", "SK1"), WithLimiter(NewWindowLimiter(-1)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithCaller(t.Context(), Caller{Token: "ignored-in-aksk-mode", DomainID: "dom123"})
	in := map[string]any{"limit": 10, "offset": 0}
	if err := c.do(ctx, testWrite, "/write", nil, in, nil); err != nil {
		t.Fatal(err)
	}
	if tok := got.Header.Get("X-Auth-Token"); tok != "" {
		t.Errorf("AK/SK mode forwarded X-Auth-Token %q", tok)
	}
	date := got.Header.Get("X-Sdk-Date")
	if _, err := time.Parse(sdkDateFormat, date); err != nil {
		t.Fatalf("X-Sdk-Date = %q: %v", date, err)
	}
	auth := got.Header.Get("Authorization")
	const prefix = "SDK-HMAC-SHA256 Access=AK1, SignedHeaders="
	if !strings.HasPrefix(auth, prefix) {
		t.Fatalf("Authorization = %q, want prefix %q", auth, prefix)
	}
	// Verify the signature the way the gateway does: from what arrived.
	signed := strings.Split(strings.TrimSuffix(auth[len(prefix):strings.Index(auth, ", Signature=")], ""), ";")
	if !sort.StringsAreSorted(signed) || !contains(signed, "x-sdk-date") || !contains(signed, "x-domain-id") {
		t.Errorf("SignedHeaders = %v", signed)
	}
	got.URL.Host = srv.Listener.Addr().String()
	want, _ := NewSigner("AK1", "SK1").signature("POST", got.URL, got.Header, signed, body, date)
	if !strings.HasSuffix(auth, "Signature="+want) {
		t.Errorf("Authorization = %q, want signature %s", auth, want)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestDo_NoCredential(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	h := &counter{answers: []func(http.ResponseWriter, *http.Request){answer(200, `{}`)}}
	mux.Handle("/read", h)
	err := c.do(t.Context(), testRead, "/read", nil, nil, nil)
	if !errors.Is(err, ErrUnauthorized) || h.calls.Load() != 0 {
		t.Errorf("do without credential = %v after %d calls, want ErrUnauthorized after 0", err, h.calls.Load())
	}
}

func TestDo_Retries(t *testing.T) {
	t.Parallel()
	throttled := answer(429, `{"error_code":"APIGW.0308","error_message":"The throttling threshold has been reached"}`)
	ok := answer(200, `{"value":1}`)
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	}
	tests := []struct {
		name        string
		op          *Operation
		answers     []func(http.ResponseWriter, *http.Request)
		wantCalls   int32
		wantErr     error // nil: success
		wantUnknown bool
	}{
		{"read 429 then 200", testRead, []func(http.ResponseWriter, *http.Request){throttled, ok}, 2, nil, false},
		{"read 503 twice then 200", testRead, []func(http.ResponseWriter, *http.Request){answer(503, "busy"), answer(503, "busy"), ok}, 3, nil, false},
		{"read malformed body then 200", testRead, []func(http.ResponseWriter, *http.Request){answer(200, `{"value":`), ok}, 2, nil, false},
		{"read 500 gives up after MaxAttempts", testRead, []func(http.ResponseWriter, *http.Request){answer(500, `{"error_code":"CBC.0999","error_msg":"Other errors."}`)}, 3, ErrUnavailable, false},
		{"read 400 not retried", testRead, []func(http.ResponseWriter, *http.Request){answer(400, `{"error_code":"CBC.0100","error_msg":"bad"}`)}, 1, ErrInvalid, false},
		{"read attempt timeout retried", testRead, []func(http.ResponseWriter, *http.Request){slow, ok}, 2, nil, false},
		{"mutation gateway 429 retried", testWrite, []func(http.ResponseWriter, *http.Request){throttled, ok}, 2, nil, false},
		{"mutation CBC.0250 429 not retried", testWrite, []func(http.ResponseWriter, *http.Request){answer(429, `{"error_code":"CBC.0250","error_msg":"flow control"}`), ok}, 1, ErrRateLimited, false},
		{"mutation timeout called once", testWrite, []func(http.ResponseWriter, *http.Request){slow, ok}, 1, ErrOutcomeUnknown, true},
		{"mutation 500 called once", testWrite, []func(http.ResponseWriter, *http.Request){answer(500, `{"error_code":"CBC.0999","error_msg":"Other errors."}`), ok}, 1, ErrOutcomeUnknown, true},
		{"mutation malformed success called once", testWrite, []func(http.ResponseWriter, *http.Request){answer(200, `{"value":`), ok}, 1, ErrOutcomeUnknown, true},
		{"mutation 400 is a definite failure", testWrite, []func(http.ResponseWriter, *http.Request){answer(400, `{"error_code":"CBC.99005010","error_msg":"Orders in this state cannot be canceled."}`)}, 1, ErrRejected, false},
		{"mutation 200 with error code", testWrite, []func(http.ResponseWriter, *http.Request){answer(200, `{"error_code":"CBC.3106","error_msg":"The order status has changed"}`)}, 1, ErrRejected, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := &counter{answers: tt.answers}
			srv := httptest.NewServer(h)
			t.Cleanup(srv.Close)
			c, err := NewClient(srv.URL, WithLimiter(NewWindowLimiter(-1)), WithCallTimeout(200*time.Millisecond),
				WithRetryPolicy(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}))
			if err != nil {
				t.Fatal(err)
			}
			var out struct{ Value int }
			err = c.do(testContext(t), tt.op, tt.op.Path, nil, map[string]int{"a": 1}, &out)
			if got := h.calls.Load(); got != tt.wantCalls {
				t.Errorf("upstream calls = %d, want %d", got, tt.wantCalls)
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("do() = %v, want success", err)
			case tt.wantErr == nil && out.Value != 1:
				t.Errorf("decoded value = %d, want 1", out.Value)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("do() = %v, want %v", err, tt.wantErr)
			}
			var oe *OutcomeUnknownError
			if errors.As(err, &oe) != tt.wantUnknown {
				t.Errorf("do() = %v, outcome unknown %v, want %v", err, !tt.wantUnknown, tt.wantUnknown)
			}
		})
	}
}

func TestDo_RetryAfterHonoured(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var times []time.Time
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			times = append(times, time.Now())
			if len(times) == 1 {
				w.Header().Set("Retry-After", "1")
				answer(429, `{"error_code":"APIGW.0308","error_message":"throttled"}`)(w, r)
				return
			}
			answer(200, `{}`)(w, r)
		})
		c, _ := NewClient("https://bss.example", WithLimiter(NewWindowLimiter(-1)), WithHTTPClient(memhttp.Client(h)),
			WithRetryPolicy(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}))
		if err := c.do(testContext(t), testRead, "/read", nil, nil, nil); err != nil {
			t.Fatal(err)
		}
		// The bubble's clock moves only while everything waits: the gap is
		// the client's wait, exactly.
		if len(times) != 2 || times[1].Sub(times[0]) < time.Second {
			t.Errorf("calls at %v, want a retry at least 1s after a Retry-After: 1 answer", times)
		}
	})
}

// A Retry-After past the caller's deadline ends the call at once. In a
// synctest bubble the clock moves only when every goroutine waits, so "at
// once" is exactly no time at all.
func TestDo_RetryAfterBeyondDeadlineGivesUp(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		h := &counter{answers: []func(http.ResponseWriter, *http.Request){func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "30")
			answer(429, `{"error_code":"APIGW.0308","error_message":"throttled"}`)(w, r)
		}}}
		c, _ := NewClient("https://bss.example", WithLimiter(NewWindowLimiter(-1)), WithHTTPClient(memhttp.Client(h)))
		ctx, cancel := context.WithTimeout(testContext(t), 2*time.Second)
		defer cancel()
		start := time.Now()
		err := c.do(ctx, testRead, "/read", nil, nil, nil)
		if !errors.Is(err, ErrRateLimited) || time.Since(start) != 0 || h.calls.Load() != 1 {
			t.Errorf("do() = %v after %s and %d calls, want an immediate ErrRateLimited after 1 call", err, time.Since(start), h.calls.Load())
		}
	})
}

func TestDo_Stats(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	mux.Handle("/read", &counter{answers: []func(http.ResponseWriter, *http.Request){answer(503, ""), answer(200, `{}`)}})
	s := new(Stats)
	ctx := WithStats(testContext(t), s)
	if err := c.do(ctx, testRead, "/read", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	s.AddCacheHit()
	got := s.Snapshot()
	if got.Calls != 2 || got.ByOperation["TestRead"] != 2 || got.CacheHits != 1 {
		t.Errorf("stats = %+v, want 2 calls of TestRead and 1 cache hit", got)
	}
}

// TestQuota_OneCredential sends 50 concurrent calls of a 10/s operation for
// one credential and checks, at the server, that no one-second window saw
// more than 10 of them.
func TestQuota_OneCredential(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		arrivals = append(arrivals, time.Now())
		mu.Unlock()
		io.WriteString(w, `{}`)
	}))
	t.Cleanup(srv.Close)
	c, _ := NewClient(srv.URL) // the default limiter: documented quotas
	ctx, cancel := context.WithTimeout(testContext(t), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		// send, not do: identical reads through do would share one call.
		wg.Go(func() { errs <- c.send(ctx, testRead, "/read", nil, nil, nil) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Slice(arrivals, func(i, j int) bool { return arrivals[i].Before(arrivals[j]) })
	if len(arrivals) != 50 {
		t.Fatalf("server saw %d calls, want 50", len(arrivals))
	}
	for i, start := range arrivals {
		n := 0
		for _, a := range arrivals[i:] {
			if a.Sub(start) < time.Second {
				n++
			}
		}
		if n > testRead.Quota {
			t.Fatalf("%d calls arrived within one second of call %d, quota is %d", n, i, testRead.Quota)
		}
	}
}

// TestQuota_CredentialsDoNotShare checks that two tokens have separate
// buckets: 10 calls each fit in one window, where a shared bucket would
// hold the second ten for a second. In a synctest bubble that is exact:
// separate buckets take no time at all.
func TestQuota_CredentialsDoNotShare(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var calls sync.Map // token → *atomic.Int32
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n, _ := calls.LoadOrStore(r.Header.Get("X-Auth-Token"), new(atomic.Int32))
			n.(*atomic.Int32).Add(1)
			io.WriteString(w, `{}`)
		})
		c, _ := NewClient("https://bss.example", WithHTTPClient(memhttp.Client(h))) // the default limiter: documented quotas
		start := time.Now()
		var wg sync.WaitGroup
		for i := range 2 * testRead.Quota {
			ctx := WithCaller(t.Context(), Caller{Token: Secret(fmt.Sprintf("token-%d", i%2))})
			// send, not do: identical reads through do would share one call.
			wg.Go(func() {
				if err := c.send(ctx, testRead, "/read", nil, nil, nil); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		for _, tok := range []string{"token-0", "token-1"} {
			if n, ok := calls.Load(tok); !ok || n.(*atomic.Int32).Load() != int32(testRead.Quota) {
				t.Errorf("%s made %v calls, want %d", tok, n, testRead.Quota)
			}
		}
		if d := time.Since(start); d != 0 {
			t.Errorf("%d calls over two credentials waited %s, want no wait (one quota each)", 2*testRead.Quota, d)
		}
	})
}

func TestQuota_WaitBeyondDeadline(t *testing.T) {
	t.Parallel()
	// In a bubble the clock moves only when every goroutine waits, so
	// "immediate" is exactly no time at all.
	synctest.Test(t, func(t *testing.T) {
		l := NewWindowLimiter(1)
		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		op := &Operation{Name: "One", Quota: 1}
		release, _, err := l.Wait(ctx, "k", op)
		if err != nil {
			t.Fatal(err)
		}
		release()
		start := time.Now()
		_, _, err = l.Wait(ctx, "k", op)
		var qe *QuotaError
		if !errors.As(err, &qe) || !errors.Is(err, ErrRateLimited) || time.Since(start) != 0 {
			t.Errorf("second Wait = %v after %s, want an immediate QuotaError", err, time.Since(start))
		}
	})
}

// TestQuota_InFlightCallsHoldTheirSlot checks that a call still in flight
// counts against the quota: with quota 1, a second call waits until the
// first completes, then a further second.
func TestQuota_InFlightCallsHoldTheirSlot(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := NewWindowLimiter(1)
		op := &Operation{Name: "One", Quota: 1}
		release, _, _ := l.Wait(t.Context(), "k", op)
		go func() {
			time.Sleep(200 * time.Millisecond) // the bubble's clock: no real waiting
			release()
		}()
		start := time.Now()
		release2, _, err := l.Wait(t.Context(), "k", op)
		if err != nil {
			t.Fatal(err)
		}
		release2()
		if d := time.Since(start); d < 1200*time.Millisecond {
			t.Errorf("second call admitted after %s, want ≥ 1.2s (in flight 200ms + 1s window)", d)
		}
	})
}

func TestQuota_IdleWindowsAreSwept(t *testing.T) {
	t.Parallel()
	l := NewWindowLimiter(1)
	now := time.Now()
	l.now = func() time.Time { return now }
	op := &Operation{Name: "Op", Quota: 10}
	for i := range 1023 {
		release, _, _ := l.Wait(t.Context(), fmt.Sprint(i), op)
		release()
	}
	now = now.Add(time.Minute)
	release, _, _ := l.Wait(t.Context(), "fresh", op)
	release()
	if n := l.Len(); n != 1 {
		t.Errorf("after a minute idle, %d windows remain, want 1", n)
	}
}
