package loaders_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// batchObserver records the batch sizes each loader reports.
type batchObserver struct {
	mu      sync.Mutex
	batches map[string][]int
}

func (o *batchObserver) ObserveBatch(loader string, size int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.batches == nil {
		o.batches = map[string][]int{}
	}
	o.batches[loader] = append(o.batches[loader], size)
}

func (o *batchObserver) ObserveCacheHit(string) {}

func (o *batchObserver) sizes(loader string) []int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]int(nil), o.batches[loader]...)
}

// domainEnv is a sandbox behind real HTTP, a client, and the caller's
// context for token.
type domainEnv struct {
	sandbox *sandbox.Server
	client  *upstream.Client
}

func newDomainEnv(t *testing.T) *domainEnv {
	t.Helper()
	sb := sandbox.New(sandbox.Options{Sizes: sandbox.Sizes{Orders: 100, Resources: 300, Months: 1, Members: 1}, QuotaScale: -1})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := upstream.NewClient(srv.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 1, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	return &domainEnv{sandbox: sb, client: c}
}

func callerCtx(token string) context.Context {
	return upstream.WithCaller(context.Background(), upstream.Caller{Token: upstream.Secret(token)})
}

// resourceIDs lists the first n resource ids of the sandbox customer.
func (e *domainEnv) resourceIDs(t *testing.T, n int) []upstream.Resource {
	t.Helper()
	p, err := e.client.Resources.List(callerCtx(sandbox.TokenCustomer), &upstream.ResourceListRequest{OffsetListOptions: upstream.OffsetListOptions{Limit: n}})
	if err != nil || len(p.Resources) != n {
		t.Fatalf("listing %d resources: %v (%d)", n, err, len(p.Resources))
	}
	e.sandbox.ResetCalls()
	return p.Resources
}

func TestResourceByID_BatchesOf50InKeyOrder(t *testing.T) {
	t.Parallel()
	e := newDomainEnv(t)
	rows := e.resourceIDs(t, 120)
	obs := &batchObserver{}
	ctx := callerCtx(sandbox.TokenCustomer)
	l := loaders.New(ctx, e.client, obs)

	keys := make([]string, 0, 121)
	for _, r := range rows {
		keys = append(keys, r.ResourceID)
	}
	keys = append(keys, "no-such-resource")
	got, errs := l.ResourceByID.LoadMany(ctx, keys)()
	for i, k := range keys[:120] {
		if (i < len(errs) && errs[i] != nil) || got[i] == nil || got[i].ResourceID != k {
			t.Fatalf("key %d (%s): %v %v", i, k, got[i], errs)
		}
	}
	if len(errs) != len(keys) || !errors.Is(errs[120], upstream.ErrNotFound) {
		t.Errorf("unknown key: errs = %v, want ErrNotFound for it alone", errs)
	}
	// The batch window may close before all keys arrive (under -race),
	// but a batch never exceeds 50 keys and costs exactly one call.
	batches := obs.sizes("ResourceByID")
	if n := e.sandbox.Calls()["QueryResources"]; n != len(batches) || n < 3 {
		t.Errorf("QueryResources = %d for batches %v, want one call per batch, at least ceil(121/50)", n, batches)
	}
	total := 0
	for _, s := range batches {
		if s > loaders.ResourceIDsPerCall {
			t.Errorf("batch of %d keys, more than %d", s, loaders.ResourceIDsPerCall)
		}
		total += s
	}
	if total != len(keys) {
		t.Errorf("batches cover %d keys, want %d", total, len(keys))
	}

	// Cached: a second load costs nothing.
	if _, err := l.ResourceByID.Load(ctx, keys[7])(); err != nil {
		t.Fatal(err)
	}
	if n := e.sandbox.Calls()["QueryResources"]; n != len(batches) {
		t.Errorf("a cached key cost a call (%d)", n)
	}
}

// TestResourceByID_Primed: a primed resource is served without a call.
func TestResourceByID_Primed(t *testing.T) {
	t.Parallel()
	e := newDomainEnv(t)
	rows := e.resourceIDs(t, 2)
	ctx := callerCtx(sandbox.TokenCustomer)
	l := loaders.New(ctx, e.client, nil)
	l.ResourceByID.Prime(ctx, rows[0].ResourceID, &rows[0])
	got, err := l.ResourceByID.Load(ctx, rows[0].ResourceID)()
	if err != nil || got.ResourceID != rows[0].ResourceID {
		t.Fatalf("primed load: %v %v", got, err)
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("primed load cost %d calls", n)
	}
}

// TestResourceByID_WholeBatchError: a failed query fails every key of the
// batch with the same error.
func TestResourceByID_WholeBatchError(t *testing.T) {
	t.Parallel()
	e := newDomainEnv(t)
	e.sandbox.SetFaults(sandbox.Faults{ErrorRate: 1, Operations: []string{"QueryResources"}})
	ctx := callerCtx(sandbox.TokenCustomer)
	l := loaders.New(ctx, e.client, nil)
	_, errs := l.ResourceByID.LoadMany(ctx, []string{"a", "b", "c"})()
	if len(errs) != 3 {
		t.Fatalf("errs = %v, want one per key", errs)
	}
	for _, err := range errs {
		if !errors.Is(err, upstream.ErrUnavailable) {
			t.Errorf("err = %v, want ErrUnavailable", err)
		}
	}
}

func TestResourcesByOrder(t *testing.T) {
	t.Parallel()
	e := newDomainEnv(t)
	ctx := callerCtx(sandbox.TokenCustomer)
	p, err := e.client.Orders.List(ctx, &upstream.OrderListOptions{OrderType: "1", Status: 5, ListOptions: upstream.ListOptions{Limit: 5}})
	if err != nil || len(p.Orders) == 0 {
		t.Fatalf("orders: %v", err)
	}
	e.sandbox.ResetCalls()
	obs := &batchObserver{}
	l := loaders.New(ctx, e.client, obs)
	id := p.Orders[0].OrderID
	thunks := []func() ([]upstream.Resource, error){l.ResourcesByOrder.Load(ctx, id), l.ResourcesByOrder.Load(ctx, id)}
	for _, th := range thunks {
		rows, err := th()
		if err != nil || len(rows) == 0 {
			t.Fatalf("resources of %s: %v %v", id, rows, err)
		}
	}
	if n := e.sandbox.Calls()["QueryResources"]; n != 1 {
		t.Errorf("QueryResources = %d, want 1 (deduplicated)", n)
	}
}
