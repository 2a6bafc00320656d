package loaders

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"bssgraph/internal/memhttp"
	"bssgraph/upstream"
)

// fakeCatalog serves total service types in pages, and counts calls and
// the limit asked for.
type fakeCatalog struct {
	total  int
	calls  atomic.Int32
	fail   atomic.Bool
	limits sync.Map // offset -> limit
	gate   chan struct{}
}

func (f *fakeCatalog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.calls.Add(1)
	if f.gate != nil {
		<-f.gate
	}
	if r.Header.Get("X-Auth-Token") != "good" {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error_code":"CBC.0154","error_msg":"Invalid or expired token."}`)
		return
	}
	if f.fail.Load() {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error_code":"CBC.0100","error_msg":"Invalid parameter."}`)
		return
	}
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	f.limits.Store(offset, limit)
	lang := r.Header.Get("X-Language")
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"total_count":%d,"service_types":[`, f.total)
	for i := offset; i < min(offset+limit, f.total); i++ {
		if i > offset {
			fmt.Fprint(w, ",")
		}
		fmt.Fprintf(w, `{"service_type_code":"svc.%d","service_type_name":"%s %d","abbreviation":"S%d"}`, i, lang, i, i)
	}
	fmt.Fprint(w, "]}")
}

func newFakeCatalog(t *testing.T, f *fakeCatalog) *Catalog {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return catalogOver(t, srv.URL)
}

// newInMemoryCatalog serves f without a socket, so the test can run in a
// synctest bubble and wait for its goroutines to block instead of sleeping.
func newInMemoryCatalog(t *testing.T, f *fakeCatalog) *Catalog {
	t.Helper()
	return catalogOver(t, "https://bss.example", upstream.WithHTTPClient(memhttp.Client(f)))
}

func catalogOver(t *testing.T, url string, opts ...upstream.Option) *Catalog {
	t.Helper()
	bss, err := upstream.NewClient(url, append([]upstream.Option{upstream.WithLimiter(upstream.NewWindowLimiter(-1)),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 1})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return NewCatalog(bss, time.Hour)
}

func callerCtx(t *testing.T, token, lang string) (context.Context, *upstream.Stats) {
	st := new(upstream.Stats)
	ctx := upstream.WithCaller(t.Context(), upstream.Caller{Token: upstream.Secret(token), Language: lang})
	return upstream.WithStats(ctx, st), st
}

// The whole list is read at the API's largest page (1000) until total_count.
func TestCatalog_WalksPagesAtMaxLimit(t *testing.T) {
	t.Parallel()
	f := &fakeCatalog{total: 2345}
	c := newFakeCatalog(t, f)
	ctx, st := callerCtx(t, "good", "en_US")
	all, err := c.ServiceTypes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2345 || all[2344].ServiceTypeCode != "svc.2344" {
		t.Fatalf("%d service types, want 2345 in order", len(all))
	}
	if f.calls.Load() != 3 {
		t.Errorf("%d calls, want 3 pages of 1000", f.calls.Load())
	}
	for _, off := range []int{0, 1000, 2000} {
		if l, _ := f.limits.Load(off); l != 1000 {
			t.Errorf("page at %d asked for limit %v, want 1000", off, l)
		}
	}
	if s := st.Snapshot(); s.Calls != 3 || s.CacheHits != 0 {
		t.Errorf("stats %+v, want 3 calls and no hit", s)
	}
	st2 := new(upstream.Stats)
	st2ctx := upstream.WithStats(ctx, st2)
	got, err := c.ServiceType(st2ctx, "svc.1234")
	if err != nil || got == nil || got.ServiceTypeName != "en_US 1234" {
		t.Fatalf("ServiceType = %+v, %v", got, err)
	}
	if none, _ := c.ServiceType(st2ctx, "svc.nope"); none != nil {
		t.Errorf("unknown code gave %+v, want nil", none)
	}
	if f.calls.Load() != 3 || st2.Snapshot().CacheHits != 2 || st2.Snapshot().Calls != 0 {
		t.Errorf("warm look-ups: %d calls in all, stats %+v; want no call and 2 cache hits", f.calls.Load(), st2.Snapshot())
	}
}

// Concurrent first uses share one load; the waiters count cache hits and
// the Observer sees every hit.
func TestCatalog_ConcurrentFirstUseLoadsOnce(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := &fakeCatalog{total: 5, gate: make(chan struct{})}
		c := newInMemoryCatalog(t, f)
		obs := &hitCounter{}
		c.Observe(obs)
		const n = 20
		var wg sync.WaitGroup
		stats := make([]*upstream.Stats, n)
		for i := range n {
			ctx, st := callerCtx(t, "good", "zh_CN")
			stats[i] = st
			wg.Go(func() {
				if st, err := c.ServiceType(ctx, "svc.3"); err != nil || st == nil {
					t.Errorf("ServiceType: %+v, %v", st, err)
				}
			})
		}
		synctest.Wait() // one caller is held at the gate, the others wait for its load
		close(f.gate)
		wg.Wait()
		calls, hits := 0, 0
		for _, st := range stats {
			s := st.Snapshot()
			calls, hits = calls+s.Calls, hits+s.CacheHits
		}
		if f.calls.Load() != 1 || calls != 1 || hits != n-1 {
			t.Errorf("%d upstream calls (%d counted), %d cache hits; want 1 load and %d hits", f.calls.Load(), calls, hits, n-1)
		}
		if obs.n.Load() != n-1 {
			t.Errorf("Observer saw %d hits, want %d", obs.n.Load(), n-1)
		}
	})
}

type hitCounter struct{ n atomic.Int32 }

func (h *hitCounter) ObserveBatch(string, int) {}
func (h *hitCounter) ObserveCacheHit(cache string) {
	if cache == "catalog" {
		h.n.Add(1)
	}
}

// The cache is partitioned by X-Language; no X-Language is BSS's zh_CN.
func TestCatalog_PerLanguage(t *testing.T) {
	t.Parallel()
	f := &fakeCatalog{total: 3}
	c := newFakeCatalog(t, f)
	for _, lang := range []string{"en_US", "zh_CN", "", "en_US"} {
		ctx, _ := callerCtx(t, "good", lang)
		if _, err := c.ServiceTypes(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if f.calls.Load() != 2 {
		t.Errorf("%d loads, want 2 (en_US, zh_CN)", f.calls.Load())
	}
}

// After the TTL the list is reloaded; when the reload fails, the stale list
// is served. A failed first load is not cached.
func TestCatalog_TTLAndStale(t *testing.T) {
	t.Parallel()
	f := &fakeCatalog{total: 3}
	c := newFakeCatalog(t, f)
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	c.now = func() time.Time { return time.Unix(now.Load(), 0) }
	ctx, _ := callerCtx(t, "good", "en_US")

	f.fail.Store(true)
	if _, err := c.ServiceTypes(ctx); err == nil {
		t.Fatal("failed load: no error")
	}
	f.fail.Store(false)
	if _, err := c.ServiceTypes(ctx); err != nil {
		t.Fatalf("a failed load was cached: %v", err)
	}
	c.ServiceTypes(ctx)
	if f.calls.Load() != 2 {
		t.Fatalf("%d calls, want 2", f.calls.Load())
	}
	now.Add(int64(2 * time.Hour / time.Second))
	if _, err := c.ServiceTypes(ctx); err != nil || f.calls.Load() != 3 {
		t.Fatalf("after the TTL: %v, %d calls; want a reload", err, f.calls.Load())
	}
	now.Add(int64(2 * time.Hour / time.Second))
	f.fail.Store(true)
	all, err := c.ServiceTypes(ctx)
	if err != nil || len(all) != 3 || f.calls.Load() != 4 {
		t.Errorf("failed reload: %d types, %v, %d calls; want the stale list after one try", len(all), err, f.calls.Load())
	}
}

// One caller's bad credential does not leave an error for the others.
func TestCatalog_BadCredentialIsNotShared(t *testing.T) {
	t.Parallel()
	f := &fakeCatalog{total: 3}
	c := newFakeCatalog(t, f)
	bad, _ := callerCtx(t, "expired", "en_US")
	if _, err := c.ServiceTypes(bad); err == nil {
		t.Fatal("bad token: no error")
	}
	good, _ := callerCtx(t, "good", "en_US")
	if all, err := c.ServiceTypes(good); err != nil || len(all) != 3 {
		t.Errorf("good token after a bad one: %d, %v", len(all), err)
	}
}
