package loaders

import (
	"context"
	"fmt"
	"sync"

	"github.com/graph-gophers/dataloader/v7"
)

// Explicit batches. A dataloader batch holds the keys that arrive within
// its time window, so how a page's keys split into calls depends on how
// fast the machine runs the loop that enqueues them: under load 150 package
// items went out as 67 + 83 instead of 100 + 50, and identical dashboards
// priced different groups of renewals, which they then could not share
// (upstream/coalesce.go). Prefetch hands a page's keys to the batch
// function itself, in batches of the loader's capacity, so the calls
// depend only on the keys.

// pending is the answer of one prefetched key, once its batch returns.
type pending[V any] struct {
	done chan struct{}
	res  *dataloader.Result[V]
}

func (p *pending[V]) thunk() (V, error) {
	<-p.done
	return p.res.Data, p.res.Error
}

// thunkCache is the loaders' cache (the dataloader default's behaviour),
// with claim for Prefetch.
type thunkCache[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]dataloader.Thunk[V]
}

func newThunkCache[K comparable, V any]() *thunkCache[K, V] {
	return &thunkCache[K, V]{m: map[K]dataloader.Thunk[V]{}}
}

func (c *thunkCache[K, V]) Get(_ context.Context, k K) (dataloader.Thunk[V], bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.m[k]
	return t, ok
}

func (c *thunkCache[K, V]) Set(_ context.Context, k K, t dataloader.Thunk[V]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[k] = t
}

func (c *thunkCache[K, V]) Delete(_ context.Context, k K) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.m[k]
	delete(c.m, k)
	return ok
}

func (c *thunkCache[K, V]) Clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m = map[K]dataloader.Thunk[V]{}
}

// claim returns the keys neither loaded nor loading, each once and in
// their order, and caches a pending answer for each: a Load of one of them
// from now on waits for that answer instead of calling upstream.
func (c *thunkCache[K, V]) claim(keys []K) ([]K, []*pending[V]) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var todo []K
	var ps []*pending[V]
	for _, k := range keys {
		if _, ok := c.m[k]; ok {
			continue
		}
		p := &pending[V]{done: make(chan struct{})}
		c.m[k] = p.thunk
		todo, ps = append(todo, k), append(ps, p)
	}
	return todo, ps
}

// Prefetch loads keys now, as explicit batches of the loader's capacity
// (one batch when the batch function chunks by itself), without the batch
// window: the keys already loaded or loading are left out, and later Loads
// of the others wait for these batches. It does not wait for the answers.
func (z *Lazy[K, V]) Prefetch(ctx context.Context, keys []K) {
	z.get()
	todo, ps := z.cache.claim(keys)
	size := z.spec.capacity
	if size <= 0 {
		size = max(len(todo), 1)
	}
	for i := 0; i < len(todo); i += size {
		end := min(i+size, len(todo))
		go runBatch(ctx, z.spec.fn, todo[i:end], ps[i:end])
	}
}

// runBatch calls fn for keys and hands each pending its result; a panic or
// a result of the wrong length fails every key instead of the process.
func runBatch[K comparable, V any](ctx context.Context, fn dataloader.BatchFunc[K, V], keys []K, ps []*pending[V]) {
	var out []*dataloader.Result[V]
	defer func() {
		var failed error
		if r := recover(); r != nil {
			failed = fmt.Errorf("loader batch of %d keys failed: %v", len(keys), r)
		} else if len(out) != len(keys) {
			failed = fmt.Errorf("loader batch of %d keys returned %d results", len(keys), len(out))
		}
		for i, p := range ps {
			switch {
			case failed != nil:
				p.res = &dataloader.Result[V]{Error: failed}
			case out[i] == nil:
				p.res = &dataloader.Result[V]{Error: fmt.Errorf("loader batch gave no result for key %v", keys[i])}
			default:
				p.res = out[i]
			}
			close(p.done)
		}
	}()
	out = fn(ctx, keys)
}
