package loaders_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"github.com/graph-gophers/dataloader/v7"

	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// batchRecorder is an Observer that keeps the batch sizes of each loader.
type batchRecorder struct {
	mu    sync.Mutex
	sizes map[string][]int
}

func (b *batchRecorder) ObserveBatch(loader string, size int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.sizes == nil {
		b.sizes = map[string][]int{}
	}
	b.sizes[loader] = append(b.sizes[loader], size)
}

func (b *batchRecorder) ObserveCacheHit(string) {}

func packageUsageEnv(t *testing.T, token string) (*sandbox.Server, *upstream.Client, context.Context) {
	t.Helper()
	sb := sandbox.New(sandbox.Options{Sizes: sandbox.Sizes{Orders: 50, Resources: 100, Months: 3, Members: 2}, QuotaScale: -1})
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	c, err := upstream.NewClient(srv.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)), upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return sb, c, upstream.WithCaller(context.Background(), upstream.Caller{Token: upstream.Secret(token)})
}

// TestPackageUsage_150Items asks the usage of 150 items, some of them the
// caller's and the rest unknown to BSS: two calls of 100 and 50 ids, each
// key its own entry, unknown items empty, repeated keys not sent twice.
func TestPackageUsage_150Items(t *testing.T) {
	t.Parallel()
	sb, c, ctx := packageUsageEnv(t, sandbox.TokenCustomer)
	page, err := c.Packages.List(ctx, &upstream.PackageListRequest{OffsetListOptions: upstream.OffsetListOptions{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	var real []string
	for _, p := range page.Packages {
		for _, fr := range p.FreeResources {
			real = append(real, fr.FreeResourceID)
		}
	}
	if len(real) < 3 {
		t.Fatalf("the sandbox customer has %d package items, want several", len(real))
	}
	keys := slices.Clone(real)
	for i := len(keys); i < 150; i++ {
		keys = append(keys, fmt.Sprintf("unknown-%03d", i))
	}
	sb.ResetCalls()

	obs := &batchRecorder{}
	l := loaders.New(ctx, c, obs)
	ctx = loaders.WithLoaders(ctx, l)
	loaders.PrefetchPackageUsage(ctx, keys)
	thunks := make([]dataloader.Thunk[[]upstream.FreeResourceUsage], len(keys))
	for i, k := range keys {
		thunks[i] = l.PackageUsage.Load(ctx, k)
	}
	again := l.PackageUsage.Load(ctx, keys[0]) // a repeat is served from the loader
	for i, th := range thunks {
		got, err := th()
		if err != nil {
			t.Fatalf("key %s: %v", keys[i], err)
		}
		if i < len(real) {
			if len(got) != 1 || got[0].FreeResourceID != keys[i] {
				t.Errorf("key %s: got %+v, want its own usage", keys[i], got)
			}
		} else if got == nil || len(got) != 0 {
			t.Errorf("key %s: got %#v, want an empty list (BSS does not know it)", keys[i], got)
		}
	}
	if _, err := again(); err != nil {
		t.Fatal(err)
	}
	if n := sb.Calls()["ListFreeResourceUsages"]; n != 2 {
		t.Errorf("usage calls = %d, want 2", n)
	}
	sizes := slices.Sorted(slices.Values(obs.sizes["PackageUsage"]))
	if !slices.Equal(sizes, []int{50, 100}) {
		t.Errorf("batch sizes = %v, want [50 100]", sizes)
	}
}

// TestPackageUsage_CallFails gives every key of a failed call the call's
// error.
func TestPackageUsage_CallFails(t *testing.T) {
	t.Parallel()
	_, c, ctx := packageUsageEnv(t, "not-a-sandbox-token")
	l := loaders.New(ctx, c, nil)
	got, errs := l.PackageUsage.LoadMany(ctx, []string{"a", "b", "c"})()
	if len(got) != 3 || len(errs) != 3 {
		t.Fatalf("LoadMany gave %d results and %d errors, want 3 and 3", len(got), len(errs))
	}
	for i, err := range errs {
		if !errors.Is(err, upstream.ErrUnauthorized) {
			t.Errorf("key %d: error %v, want the call's 401", i, err)
		}
	}
}
