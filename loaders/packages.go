package loaders

import (
	"context"
	"sync"

	"github.com/graph-gophers/dataloader/v7"
	"golang.org/x/sync/errgroup"

	"bssgraph/upstream"
)

// packageUsageBatch is the most free_resource_ids of one usage call (6.4.2:
// "max 100 records").
const packageUsageBatch = 100

// newPackageUsage loads the current usage of resource package items (6.4.2)
// by free_resource_id, 100 ids per call. Each key gets the usage entries
// BSS returned for it, matched by free_resource_id (normally one); an item
// BSS does not return gets an empty slice, not an error, since 6.4.2
// silently leaves out items it does not know. A failed call is the error of
// every key it carried.
func newPackageUsage(c *upstream.Client, obs Observer) loaderSpec[string, []upstream.FreeResourceUsage] {
	return newLoader(packageUsageBatchFunc(c, obs), packageUsageBatch)
}

func packageUsageBatchFunc(c *upstream.Client, obs Observer) dataloader.BatchFunc[string, []upstream.FreeResourceUsage] {
	return func(ctx context.Context, keys []string) []*dataloader.Result[[]upstream.FreeResourceUsage] {
		// The loader de-duplicates keys and caps a batch at 100; the
		// chunking below only guards the API's limit should either change.
		var (
			mu     sync.Mutex
			found  = make(map[string][]upstream.FreeResourceUsage, len(keys))
			failed = make(map[string]error)
			g      errgroup.Group
		)
		g.SetLimit(maxFanOut)
		for _, chunk := range chunks(pkgDistinct(keys), packageUsageBatch) {
			g.Go(func() error {
				obs.ObserveBatch("PackageUsage", len(chunk))
				l, err := c.Packages.Usage(ctx, &upstream.FreeResourceUsageRequest{FreeResourceIDs: chunk})
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					for _, id := range chunk {
						failed[id] = err
					}
					return nil
				}
				for _, u := range l.FreeResources {
					found[u.FreeResourceID] = append(found[u.FreeResourceID], u)
				}
				return nil
			})
		}
		g.Wait()
		out := make([]*dataloader.Result[[]upstream.FreeResourceUsage], len(keys))
		for i, k := range keys {
			if err := failed[k]; err != nil {
				out[i] = &dataloader.Result[[]upstream.FreeResourceUsage]{Error: err}
				continue
			}
			v := found[k]
			if v == nil {
				v = []upstream.FreeResourceUsage{}
			}
			out[i] = &dataloader.Result[[]upstream.FreeResourceUsage]{Data: v}
		}
		return out
	}
}

// pkgDistinct returns keys without repeats, in first-seen order.
func pkgDistinct[K comparable](keys []K) []K {
	seen := make(map[K]bool, len(keys))
	out := make([]K, 0, len(keys))
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// PackageUsage returns the current usage entries of one resource package
// item (6.4.2), batching with concurrent calls.
func PackageUsage(ctx context.Context, freeResourceID string) ([]upstream.FreeResourceUsage, error) {
	return For(ctx).PackageUsage.Load(ctx, freeResourceID)()
}

// PackageUsages returns the usage entries of several items, in the order of
// ids, batching them together.
func PackageUsages(ctx context.Context, ids []string) ([][]upstream.FreeResourceUsage, []error) {
	return For(ctx).PackageUsage.LoadMany(ctx, ids)()
}

// PrefetchPackageUsage loads the usage of ids now, as explicit batches of
// 100 (Lazy.Prefetch), so a page of packages fills calls of 100 ids however
// busy the machine is; the field resolvers that ask for each item later
// find it in the loader's cache. It does not wait for the answers.
func PrefetchPackageUsage(ctx context.Context, ids []string) {
	For(ctx).PackageUsage.Prefetch(ctx, ids)
}
