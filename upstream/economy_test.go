package upstream

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// fakeBSS is an http.RoundTripper that answers every call with the body
// its answer func gives, counts calls per token and operation path, and can
// hold answers until released, so tests can make reads overlap. It runs
// inside a synctest bubble: no sockets, no real waiting.
type fakeBSS struct {
	answer func(r *http.Request) string
	date   time.Time // the Date header of answers (BSS's clock)
	gate   chan struct{}

	mu    sync.Mutex
	calls map[string]int // "token path" → calls
}

func newFakeBSS(answer func(r *http.Request) string) *fakeBSS {
	return &fakeBSS{answer: answer, date: time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC), calls: map[string]int{}}
}

func (f *fakeBSS) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.calls[r.Header.Get("X-Auth-Token")+" "+r.URL.Path]++
	gate := f.gate
	f.mu.Unlock()
	if gate != nil {
		<-gate
	}
	h := http.Header{"Content-Type": {"application/json"}, "Date": {f.date.Format(http.TimeFormat)}}
	body := f.answer(r)
	if body == "" {
		return &http.Response{StatusCode: 204, Header: h, Body: http.NoBody, Request: r}, nil
	}
	return &http.Response{StatusCode: 200, Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
}

func (f *fakeBSS) count(token, path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[token+" "+path]
}

func (f *fakeBSS) client(t *testing.T, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient("https://bss.example", append([]Option{WithHTTPClient(&http.Client{Transport: f}), WithLimiter(NewWindowLimiter(-1))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func callerCtx(t *testing.T, token string) context.Context {
	return WithStats(WithCaller(t.Context(), Caller{Token: Secret(token), Language: "en_US"}), new(Stats))
}

const (
	balancePath = "/v2/accounts/customer-accounts/balances"
	detailPath  = "/v2/orders/customer-orders/details/"
	refundPath  = "/v2/orders/customer-orders/refund-orders"
)

// orderAnswers answers order details with the status in statuses (by order
// id), balances and refunds with fixed bodies.
func orderAnswers(statuses map[string]string) func(r *http.Request) string {
	return func(r *http.Request) string {
		switch {
		case strings.HasPrefix(r.URL.Path, detailPath):
			id := strings.TrimPrefix(r.URL.Path, detailPath)
			return `{"total_count":0,"order_info":{"order_id":"` + id + `","status":` + statuses[id] + `}}`
		case r.URL.Path == refundPath:
			return `{"total_count":1,"refund_infos":[{"id":"r1","amount":-1.5}]}`
		case r.URL.Path == "/v2/orders/customer-orders":
			return `{"total_count":1,"order_infos":[{"order_id":"done","status":5}]}`
		}
		return `{"account_balances":[]}`
	}
}

// Identical reads in flight share one call per credential, never across
// credentials; the callers who joined count it as coalesced.
func TestRead_SharedInFlightPerCredential(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBSS(orderAnswers(nil))
		f.gate = make(chan struct{})
		c := f.client(t)
		var wg sync.WaitGroup
		stats := map[string][]*Stats{}
		for _, tok := range []string{"tok-a", "tok-b"} {
			for range 10 {
				ctx := callerCtx(t, tok)
				stats[tok] = append(stats[tok], StatsFrom(ctx))
				wg.Go(func() {
					if _, err := c.Accounts.Balances(ctx); err != nil {
						t.Error(err)
					}
				})
			}
		}
		synctest.Wait() // all 20 are blocked: 2 at BSS, 18 waiting for them
		close(f.gate)
		wg.Wait()
		for tok, ss := range stats {
			if n := f.count(tok, balancePath); n != 1 {
				t.Errorf("%s: BSS saw %d balance calls from 10 identical concurrent reads, want 1", tok, n)
			}
			calls, shared := 0, 0
			for _, s := range ss {
				calls += s.Snapshot().Calls
				shared += s.Snapshot().Coalesced
			}
			if calls != 1 || shared != 9 {
				t.Errorf("%s: stats count %d calls and %d coalesced, want 1 and 9", tok, calls, shared)
			}
		}
	})
}

// With sharing off, identical concurrent and overlapping requests each make
// their own call, and a request still makes each read once.
func TestRead_Unshared(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBSS(orderAnswers(nil))
		f.gate = make(chan struct{})
		c := f.client(t, WithEconomy(EconomyOptions{Unshared: true}))
		var wg sync.WaitGroup
		for range 5 {
			ctx := WithRequestMemo(callerCtx(t, "tok-a"))
			wg.Go(func() {
				for range 2 {
					if _, err := c.Accounts.Balances(ctx); err != nil {
						t.Error(err)
					}
				}
			})
		}
		synctest.Wait()
		close(f.gate)
		wg.Wait()
		if n := f.count("tok-a", balancePath); n != 5 {
			t.Errorf("BSS saw %d balance calls from 5 requests reading twice each, want 5", n)
		}
		if _, err := c.Accounts.Balances(WithRequestMemo(callerCtx(t, "tok-a"))); err != nil {
			t.Fatal(err)
		}
		if n := f.count("tok-a", balancePath); n != 6 {
			t.Errorf("a later request used an earlier one's answer: %d calls, want 6", n)
		}
	})
}

// forgetfulStore is a Store that keeps nothing: a shared store while Redis
// is unreachable.
type forgetfulStore struct{}

func (forgetfulStore) Get(context.Context, string) ([]byte, bool)         { return nil, false }
func (forgetfulStore) Set(context.Context, string, []byte, time.Duration) {}

// A read is made once per request even when the store keeps nothing (no
// generation survives between reads): the memo does not depend on it.
func TestRequestMemo_WithoutStore(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBSS(orderAnswers(nil))
		c := f.client(t, WithEconomy(EconomyOptions{Store: forgetfulStore{}}))
		ctx := WithRequestMemo(callerCtx(t, "tok-a"))
		for range 3 {
			if _, err := c.Accounts.Balances(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := f.count("tok-a", balancePath); n != 1 {
			t.Errorf("BSS saw %d balance calls from 3 identical reads of one request, want 1", n)
		}
	})
}

// Two identical mutations in flight at once both reach BSS.
func TestMutation_NeverShared(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBSS(func(*http.Request) string { return "" })
		f.gate = make(chan struct{})
		c := f.client(t, WithEconomy(EconomyOptions{FinalTTL: time.Hour, ReadTTL: time.Hour}))
		ctx := WithRequestMemo(callerCtx(t, "tok-a"))
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if err := c.Orders.Pay(ctx, &PayOrderRequest{OrderID: "o1"}); err != nil {
					t.Error(err)
				}
			})
		}
		synctest.Wait()
		close(f.gate)
		wg.Wait()
		if err := c.Orders.Pay(ctx, &PayOrderRequest{OrderID: "o1"}); err != nil {
			t.Fatal(err)
		}
		if n := f.count("tok-a", OpPayOrders.Path); n != 3 {
			t.Errorf("BSS saw %d of 3 identical PayOrders (2 concurrent, 1 after), want 3", n)
		}
	})
}

// Within one request (one memo) an identical read is made once, however
// many times and whenever it is asked; a different language is another read.
func TestRequestMemo_ReadOncePerRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBSS(orderAnswers(nil))
		c := f.client(t)
		ctx := WithRequestMemo(callerCtx(t, "tok-a"))
		for range 3 {
			if _, err := c.Accounts.Balances(ctx); err != nil {
				t.Fatal(err)
			}
		}
		zh := WithCaller(ctx, Caller{Token: "tok-a", Language: "zh_CN"})
		if _, err := c.Accounts.Balances(zh); err != nil {
			t.Fatal(err)
		}
		if n := f.count("tok-a", balancePath); n != 2 {
			t.Errorf("BSS saw %d balance calls, want 2 (one per language)", n)
		}
		if s := StatsFrom(ctx).Snapshot(); s.Calls != 2 || s.Coalesced != 2 {
			t.Errorf("stats = %+v, want 2 calls and 2 coalesced", s)
		}
		// A request that began after the call reads again: nothing is kept
		// across requests without the caches.
		time.Sleep(time.Millisecond)
		if _, err := c.Accounts.Balances(WithRequestMemo(callerCtx(t, "tok-a"))); err != nil {
			t.Fatal(err)
		}
		if n := f.count("tok-a", balancePath); n != 3 {
			t.Errorf("BSS saw %d balance calls after a second request, want 3", n)
		}
	})
}

// Overlapping requests share answers: a request may use the answer of a
// call that began after it did (as fresh as its own call would be), never
// one that began before it, and never another credential's.
func TestOverlappingRequests_ShareFreshAnswers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBSS(orderAnswers(nil))
		c := f.client(t)
		early := WithRequestMemo(callerCtx(t, "tok-a"))
		other := WithRequestMemo(callerCtx(t, "tok-b"))
		time.Sleep(time.Second)
		if _, err := c.Accounts.Balances(WithRequestMemo(callerCtx(t, "tok-a"))); err != nil { // began after early
			t.Fatal(err)
		}
		time.Sleep(time.Second)
		late := WithRequestMemo(callerCtx(t, "tok-a"))
		for _, ctx := range []context.Context{early, other, late} {
			if _, err := c.Accounts.Balances(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if a, b := f.count("tok-a", balancePath), f.count("tok-b", balancePath); a != 2 || b != 1 {
			t.Errorf("BSS saw %d calls of tok-a and %d of tok-b, want 2 (the late request's own) and 1", a, b)
		}
		if s := StatsFrom(early).Snapshot(); s.Calls != 0 || s.Coalesced != 1 {
			t.Errorf("the early request: %+v, want the later call's answer", s)
		}
	})
}

// The final-state cache keeps completed and cancelled orders' details per
// credential, not pending ones, and a mutation drops what its credential kept.
func TestFinalCache_OrdersPerCredential(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBSS(orderAnswers(map[string]string{"done": "5", "gone": "4", "open": "6"}))
		c := f.client(t, WithEconomy(EconomyOptions{FinalTTL: time.Hour}))
		get := func(tok, id string) *Stats {
			ctx := callerCtx(t, tok)
			if _, err := c.Orders.Get(ctx, id, nil); err != nil {
				t.Fatal(err)
			}
			return StatsFrom(ctx)
		}
		for _, id := range []string{"done", "gone", "open"} {
			get("tok-a", id)
		}
		for _, id := range []string{"done", "gone", "open"} {
			s := get("tok-a", id).Snapshot()
			want := map[string]int{"done": 1, "gone": 1, "open": 0}[id]
			if s.CacheHits != want {
				t.Errorf("second read of %s: %d cache hits, want %d", id, s.CacheHits, want)
			}
		}
		if n := f.count("tok-a", detailPath+"open"); n != 2 {
			t.Errorf("pending order read %d times, want 2 (never kept)", n)
		}
		// Another credential never sees tok-a's entries.
		if s := get("tok-b", "done").Snapshot(); s.CacheHits != 0 || f.count("tok-b", detailPath+"done") != 1 {
			t.Errorf("tok-b's first read was served from tok-a's cache: %+v", s)
		}
		// A mutation by tok-a drops tok-a's entries only.
		if err := c.Orders.Cancel(callerCtx(t, "tok-a"), "open"); err != nil {
			t.Fatal(err)
		}
		if s := get("tok-a", "done").Snapshot(); s.CacheHits != 0 {
			t.Errorf("tok-a's kept order survived tok-a's mutation")
		}
		if s := get("tok-b", "done").Snapshot(); s.CacheHits != 1 {
			t.Errorf("tok-b's kept order was dropped by tok-a's mutation")
		}
	})
}

// Refund records are kept only once the credential has seen their order
// completed; bills of a closed month by BSS's clock, not the current month.
func TestFinalCache_RefundsAndClosedMonths(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBSS(orderAnswers(nil))
		c := f.client(t, WithEconomy(EconomyOptions{FinalTTL: time.Hour}))
		twice := func(read func(ctx context.Context) error) int {
			hits := 0
			for range 2 {
				ctx := callerCtx(t, "tok-a")
				if err := read(ctx); err != nil {
					t.Fatal(err)
				}
				hits += StatsFrom(ctx).Snapshot().CacheHits
			}
			return hits
		}
		refunds := func(ctx context.Context) error { _, err := c.Orders.ListRefunds(ctx, "done"); return err }
		if h := twice(refunds); h != 0 {
			t.Errorf("refunds of an order of unknown status were kept (%d hits)", h)
		}
		if _, err := c.Orders.List(callerCtx(t, "tok-a"), nil); err != nil { // lists "done" as completed
			t.Fatal(err)
		}
		if h := twice(refunds); h != 1 {
			t.Errorf("refunds of a completed order: %d hits over two reads, want 1", h)
		}
		// The fake BSS's clock is 2026-11-01 00:00 GMT+08:00.
		for cycle, want := range map[string]int{"2026-10": 1, "2026-11": 0, "bad": 0} {
			sum := func(ctx context.Context) error {
				_, err := c.Bills.MonthlySummary(ctx, "dom", &MonthlySummaryOptions{Cycle: cycle})
				return err
			}
			if h := twice(sum); h != want {
				t.Errorf("monthly summary of %s: %d hits, want %d", cycle, h, want)
			}
			costs := func(ctx context.Context) error {
				_, err := c.Costs.Query(ctx, &CostQueryRequest{TimeCondition: CostTimeCondition{TimeMeasureID: 2, BeginTime: "2026-09", EndTime: cycle}})
				return err
			}
			if h := twice(costs); h != want {
				t.Errorf("costs of 2026-09…%s: %d hits, want %d", cycle, h, want)
			}
		}
	})
}

// The read cache is off by default; on, it keeps any read for its TTL.
func TestReadCache_TTL(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBSS(orderAnswers(nil))
		read := func(c *Client) {
			if _, err := c.Accounts.Balances(callerCtx(t, "tok-a")); err != nil {
				t.Fatal(err)
			}
		}
		off := f.client(t, WithEconomy(EconomyOptions{FinalTTL: time.Hour}))
		read(off)
		read(off)
		if n := f.count("tok-a", balancePath); n != 2 {
			t.Fatalf("read cache off: %d calls for 2 reads, want 2", n)
		}
		on := f.client(t, WithEconomy(EconomyOptions{ReadTTL: 5 * time.Second}))
		read(on)
		read(on)
		time.Sleep(6 * time.Second)
		read(on)
		if n := f.count("tok-a", balancePath); n != 4 {
			t.Errorf("read cache of 5s: %d calls in all, want 4 (1 kept, 1 after expiry)", n)
		}
	})
}

func TestMemoryStore_BoundedLRU(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := NewMemoryStore(30) // three entries of key 1 + value 9
		ctx := t.Context()
		for _, k := range []string{"a", "b", "c"} {
			s.Set(ctx, k, []byte("123456789"), time.Minute)
		}
		s.Get(ctx, "a") // a is now the most recently used
		s.Set(ctx, "d", []byte("123456789"), time.Minute)
		if _, ok := s.Get(ctx, "b"); ok {
			t.Error("the least recently used entry survived a full store")
		}
		for _, k := range []string{"a", "c", "d"} {
			if _, ok := s.Get(ctx, k); !ok {
				t.Errorf("%s evicted", k)
			}
		}
		s.Set(ctx, "big", make([]byte, 64), time.Minute)
		if _, ok := s.Get(ctx, "big"); ok || s.Len() != 3 {
			t.Error("a value larger than the store was kept")
		}
		time.Sleep(time.Minute)
		if _, ok := s.Get(ctx, "a"); ok {
			t.Error("an entry was returned after its TTL")
		}
	})
}

// IAM calls take the BSS client's path: counted in the request's stats,
// shared like any read.
func TestIAM_ThroughClientPath(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := newFakeBSS(func(r *http.Request) string {
			if r.Header.Get("X-Subject-Token") != r.Header.Get("X-Auth-Token") {
				t.Errorf("IAM call without the subject token")
			}
			return `{"token":{"user":{"domain":{"id":"dom-a"}}}}`
		})
		iam := f.client(t).IAM("https://iam.example")
		ctx := callerCtx(t, "tok-a")
		if id, err := iam.DomainID(ctx); err != nil || id != "dom-a" {
			t.Fatalf("DomainID = %q, %v", id, err)
		}
		s := StatsFrom(ctx).Snapshot()
		if s.Calls != 1 || s.ByOperation["KeystoneValidateToken"] != 1 {
			t.Errorf("IAM call not counted: %+v", s)
		}
	})
}
