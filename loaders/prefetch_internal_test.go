package loaders

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"bssgraph/upstream"
)

// recordingSpec is a loader of capacity cap whose batch function answers
// every key with "v"+key and records the size of each batch.
type recordingSpec struct {
	mu    sync.Mutex
	sizes []int
	panic bool
}

func (r *recordingSpec) lazy(capacity int) *Lazy[string, string] {
	z := &Lazy[string, string]{}
	return z.init(&Loaders{}, func(*upstream.Client, Observer) loaderSpec[string, string] {
		return newLoader(func(_ context.Context, keys []string) []*dataloader.Result[string] {
			r.mu.Lock()
			r.sizes = append(r.sizes, len(keys))
			r.mu.Unlock()
			if r.panic {
				panic("boom")
			}
			out := make([]*dataloader.Result[string], len(keys))
			for i, k := range keys {
				out[i] = &dataloader.Result[string]{Data: "v" + k}
			}
			return out
		}, capacity)
	})
}

func (r *recordingSpec) batches() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Sorted(slices.Values(r.sizes))
}

// Prefetch sends a page's keys as batches of the loader's capacity at once,
// before any time passes, so no batch window can split them; keys loaded
// before are not sent again, repeats are sent once, and later Loads are
// served by the prefetched batches.
func TestPrefetch_BatchesWithoutTheWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		rec := &recordingSpec{}
		z := rec.lazy(50)
		var keys []string
		for i := range 130 {
			keys = append(keys, fmt.Sprintf("k%03d", i))
		}
		if v, err := z.Load(ctx, keys[0])(); err != nil || v != "vk000" { // through the window
			t.Fatalf("Load = %q, %v", v, err)
		}
		start := time.Now()
		z.Prefetch(ctx, append(keys, keys[5:10]...))
		synctest.Wait()
		if got := rec.batches(); !slices.Equal(got, []int{1, 29, 50, 50}) || time.Since(start) != 0 {
			t.Fatalf("batches %v after %v, want [1 29 50 50] (one loaded before, 129 as 50+50+29) with no time passing", got, time.Since(start))
		}
		got, errs := z.LoadMany(ctx, keys)()
		for i, k := range keys {
			if errs != nil && errs[i] != nil || got[i] != "v"+k {
				t.Fatalf("key %s: %q, %v", k, got[i], errs)
			}
		}
		if n := len(rec.batches()); n != 4 {
			t.Errorf("%d batches after loading the prefetched keys, want still 4", n)
		}
	})
}

// A batch function that panics during a prefetch fails its keys instead of
// the process.
func TestPrefetch_PanicFailsTheKeys(t *testing.T) {
	rec := &recordingSpec{panic: true}
	z := rec.lazy(0)
	ctx := context.Background()
	z.Prefetch(ctx, []string{"a", "b"})
	for _, k := range []string{"a", "b"} {
		if _, err := z.Load(ctx, k)(); err == nil {
			t.Errorf("key %s: no error from a panicking batch", k)
		}
	}
}
