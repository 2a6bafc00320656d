package upstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestClient_ReusesConnectionsUnderConcurrency: waves of concurrent calls
// reuse the connections of the first wave. http.DefaultTransport keeps 2
// idle connections per host, so it dialled about 30 new ones every wave.
func TestClient_ReusesConnectionsUnderConcurrency(t *testing.T) {
	t.Parallel()
	const concurrency, waves = 32, 4
	var arrived atomic.Int32
	var mu sync.Mutex
	release := sync.NewCond(&mu)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Hold each call until the whole wave is in flight, so the calls
		// really overlap.
		n := arrived.Add(1)
		mu.Lock()
		deadline := time.Now().Add(5 * time.Second)
		for arrived.Load() < (n+concurrency-1)/concurrency*concurrency && time.Now().Before(deadline) {
			release.Wait()
		}
		mu.Unlock()
		release.Broadcast()
		io.WriteString(w, `{}`)
	}))
	var dials atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	// A ticker wakes waiters that need to see the deadline pass; it and its
	// goroutine stop with the test (goleak).
	tick, done := time.NewTicker(50*time.Millisecond), make(chan struct{})
	t.Cleanup(func() { tick.Stop(); close(done) })
	go func() {
		for {
			select {
			case <-tick.C:
				release.Broadcast()
			case <-done:
				return
			}
		}
	}()
	c, err := NewClient(srv.URL, WithLimiter(NewWindowLimiter(-1)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	for range waves {
		var wg sync.WaitGroup
		for range concurrency {
			wg.Go(func() {
				// send, not do: identical reads through do would share one call.
				if err := c.send(ctx, testRead, "/read", nil, nil, nil); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	if d := dials.Load(); d > concurrency {
		t.Errorf("%d waves of %d concurrent calls opened %d connections, want at most %d (one per concurrent call)", waves, concurrency, d, concurrency)
	}
}

// TestClient_ErrorBodyOutlivesPooledBuffers: answers are read into reused
// buffers, so an error that keeps its body must not share one.
func TestClient_ErrorBodyOutlivesPooledBuffers(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	const refusal = `{"error_code":"CBC.0100","error_msg":"Parameter error"}`
	mux.HandleFunc("GET /read", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("n") == "" {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, refusal)
			return
		}
		fmt.Fprintf(w, `{"filler":"%s"}`, bytes.Repeat([]byte(r.URL.Query().Get("n")), len(refusal)))
	})
	ctx := testContext(t)
	err := c.do(ctx, testRead, "/read", nil, nil, nil)
	var ue *Error
	if !errors.As(err, &ue) {
		t.Fatalf("got %v, want *Error", err)
	}
	for i := range 50 {
		var out struct{ Filler string }
		q := map[string][]string{"n": {fmt.Sprint(i % 10)}}
		if err := c.do(ctx, testRead, "/read", q, nil, &out); err != nil {
			t.Fatal(err)
		}
	}
	if string(ue.Body) != refusal {
		t.Errorf("the error's body changed after later calls: %s", ue.Body)
	}
}

// TestDecode_PlainStringFastPath: amounts and codes decode the same with and
// without JSON escapes.
func TestDecode_PlainStringFastPath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, amount, code string }{
		{`"12.50"`, "12.50", "12.50"},
		{`"1\u0030"`, "10", "10"},
		{`"-0.001"`, "-0.001", "-0.001"},
		{`7`, "7", "7"},
	} {
		var a Amount
		if err := json.Unmarshal([]byte(tc.in), &a); err != nil || exactText(a.Decimal) != tc.amount {
			t.Errorf("Amount %s = %s, %v; want %s", tc.in, exactText(a.Decimal), err, tc.amount)
		}
		var c Code
		if err := json.Unmarshal([]byte(tc.in), &c); err != nil || string(c) != tc.code {
			t.Errorf("Code %s = %q, %v; want %q", tc.in, c, err, tc.code)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{`"caf\u00e9"`, "café"},
		{`"a\"b"`, `a"b`},
		{"\"caf\xc3\xa9\"", "café"},
		{"\"bad\xff\"", "bad\uFFFD"}, // invalid UTF-8 is replaced, as the decoder does
	} {
		var c Code
		if err := json.Unmarshal([]byte(tc.in), &c); err != nil || string(c) != tc.want {
			t.Errorf("Code %s = %q, %v; want %q", tc.in, c, err, tc.want)
		}
	}
}

// TestPlainDecimal: the fast path gives exactly what decimal.NewFromString
// gives (value and exponent, so 800.0 stays 800.0), and leaves every other
// form to it.
func TestPlainDecimal(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"0", "0.0", "-0.0", "8.55", "6573.53", "-0.001", "100", "007",
		"123456789012345678", "-12345678901234567.8", "0.00000000000000001"} {
		want, err := decimal.NewFromString(in)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := plainDecimal([]byte(in))
		if !ok || !got.Equal(want) || got.Exponent() != want.Exponent() || exactText(got) != exactText(want) {
			t.Errorf("plainDecimal(%q) = %s (exp %d), %v; want %s (exp %d)", in, exactText(got), got.Exponent(), ok, exactText(want), want.Exponent())
		}
	}
	for _, in := range []string{"", "-", ".5", "5.", "1e3", "1.2.3", "+1", "1234567890123456789", "12a", "--1", "0x10"} {
		if d, ok := plainDecimal([]byte(in)); ok {
			t.Errorf("plainDecimal(%q) = %s, want it left to the general parser", in, d)
		}
	}
	// Amounts decoded through JSON agree with the general parser on many values.
	for i := range 2000 {
		in := fmt.Sprintf("%d.%0*d", i*7919-5000, i%7, i*31%(1+i%7*1000))
		if i%7 == 0 {
			in = fmt.Sprint(i*7919 - 5000)
		}
		var a Amount
		if err := json.Unmarshal([]byte(in), &a); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		want, _ := decimal.NewFromString(in)
		if !a.Equal(want) || a.Exponent() != want.Exponent() {
			t.Fatalf("Amount %s = %s, want %s", in, exactText(a.Decimal), exactText(want))
		}
	}
}

// TestClient_BoundsConnections: more concurrent calls than maxConnsPerHost
// share that many connections instead of opening one each.
func TestClient_BoundsConnections(t *testing.T) {
	t.Parallel()
	const calls = maxConnsPerHost + 64
	var arrived atomic.Int32
	gate := make(chan struct{})
	var once sync.Once
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Hold the first maxConnsPerHost calls until all of them are in,
		// so an unbounded client would open a connection for every call.
		if arrived.Add(1) >= maxConnsPerHost {
			once.Do(func() { close(gate) })
		}
		select {
		case <-gate:
		case <-time.After(10 * time.Second):
		}
		io.WriteString(w, `{}`)
	}))
	var dials atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			dials.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, WithLimiter(NewWindowLimiter(-1)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := testContext(t)
	var wg sync.WaitGroup
	for range calls {
		wg.Go(func() {
			// send, not do: identical reads through do would share one call.
			if err := c.send(ctx, testRead, "/read", nil, nil, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if d := dials.Load(); d > maxConnsPerHost {
		t.Errorf("%d concurrent calls opened %d connections, want at most %d", calls, d, maxConnsPerHost)
	}
}
