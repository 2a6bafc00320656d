package loaders

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/graph-gophers/dataloader/v7"
	"golang.org/x/sync/errgroup"

	"bssgraph/upstream"
)

// The helpers below implement the v7 batch contract once: one result per
// key, in key order, with per-key errors (a length mismatch would fail every
// key).

// inKeyOrder returns found[k] for each key, and notFound(k) as the error of
// keys upstream did not return.
func inKeyOrder[K comparable, V any](keys []K, found map[K]V, notFound func(K) error) []*dataloader.Result[V] {
	out := make([]*dataloader.Result[V], len(keys))
	for i, k := range keys {
		if v, ok := found[k]; ok {
			out[i] = &dataloader.Result[V]{Data: v}
		} else {
			out[i] = &dataloader.Result[V]{Error: notFound(k)}
		}
	}
	return out
}

// failAll repeats one whole-call error for every key.
func failAll[K comparable, V any](keys []K, err error) []*dataloader.Result[V] {
	out := make([]*dataloader.Result[V], len(keys))
	for i := range keys {
		out[i] = &dataloader.Result[V]{Error: err}
	}
	return out
}

// notFoundErr is the per-key error of a key upstream did not return.
func notFoundErr[K any](what string) func(K) error {
	return func(k K) error { return fmt.Errorf("%s %v: %w", what, k, upstream.ErrNotFound) }
}

// chunks splits keys into runs of at most n.
func chunks[K any](keys []K, n int) [][]K {
	var out [][]K
	for len(keys) > n {
		out = append(out, keys[:n])
		keys = keys[n:]
	}
	if len(keys) > 0 {
		out = append(out, keys)
	}
	return out
}

// maxFanOut bounds the concurrent single-key calls of one batch; the quota
// limiter paces them on top of that.
const maxFanOut = 8

// inChunks makes call for each chunk of at most size ids of every group,
// at most maxFanOut calls at a time, and gathers what the calls found and
// the errors of the ids they failed under key(group, id). A group's ids go
// out sorted, so identical requests running at once make the same calls
// and share them (upstream/coalesce.go).
func inChunks[G, K comparable, V any](groups []G, ids map[G][]string, size int, key func(G, string) K,
	call func(g G, chunk []string) (map[string]V, map[string]error)) (map[K]V, map[K]error) {
	var mu sync.Mutex
	found, failed := map[K]V{}, map[K]error{}
	var g errgroup.Group
	g.SetLimit(maxFanOut)
	for _, grp := range groups {
		slices.Sort(ids[grp])
		for _, chunk := range chunks(ids[grp], size) {
			g.Go(func() error {
				got, errs := call(grp, chunk)
				mu.Lock()
				defer mu.Unlock()
				for id, v := range got {
					found[key(grp, id)] = v
				}
				for id, err := range errs {
					failed[key(grp, id)] = err
				}
				return nil
			})
		}
	}
	g.Wait()
	return found, failed
}

// errorOfEach is err as the error of each id.
func errorOfEach(ids []string, err error) map[string]error {
	out := make(map[string]error, len(ids))
	for _, id := range ids {
		out[id] = err
	}
	return out
}

// perKey builds the batch function of a single-key API: one call per
// distinct key (the loader has already de-duplicated them), at most
// maxFanOut at a time, each key with its own result or error. Keys go out
// in sorted order, so identical requests running at once ask for the same
// keys at the same time and share the calls (upstream/coalesce.go).
func perKey[K cmp.Ordered, V any](name string, obs Observer, fetch func(ctx context.Context, k K) (V, error)) dataloader.BatchFunc[K, V] {
	return func(ctx context.Context, keys []K) []*dataloader.Result[V] {
		obs.ObserveBatch(name, len(keys))
		out := make([]*dataloader.Result[V], len(keys))
		order := make([]int, len(keys))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
		var g errgroup.Group
		g.SetLimit(maxFanOut)
		for _, i := range order {
			k := keys[i]
			g.Go(func() error {
				v, err := fetch(ctx, k)
				out[i] = &dataloader.Result[V]{Data: v, Error: err}
				return nil
			})
		}
		g.Wait()
		return out
	}
}

// loaderSpec is how a loader batches: its batch function, the most keys
// of one batch (0: the function chunks them itself).
type loaderSpec[K comparable, V any] struct {
	fn       dataloader.BatchFunc[K, V]
	capacity int
}

// newLoader returns the spec of a loader with the request-scoped defaults:
// a short batch window and at most capacity keys per batch (0: no limit,
// the batch function chunks the keys itself).
func newLoader[K comparable, V any](fn dataloader.BatchFunc[K, V], capacity int) loaderSpec[K, V] {
	return loaderSpec[K, V]{fn: fn, capacity: capacity}
}

// build makes the loader of s with cache as its cache.
func (s loaderSpec[K, V]) build(cache dataloader.Cache[K, V]) *dataloader.Loader[K, V] {
	opts := []dataloader.Option[K, V]{dataloader.WithWait[K, V](batchWait), dataloader.WithCache[K, V](cache)}
	if s.capacity > 0 {
		opts = append(opts, dataloader.WithBatchCapacity[K, V](s.capacity))
	}
	return dataloader.NewBatchedLoader(s.fn, opts...)
}
