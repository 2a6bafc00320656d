package loaders

import (
	"context"
	"fmt"

	"github.com/graph-gophers/dataloader/v7"

	"bssgraph/upstream"
)

// Limits of the resource query (6.3.1, Table 6-31).
const (
	// ResourceIDsPerCall is the most resource_ids one query takes.
	ResourceIDsPerCall = 50
	// ResourcePageLimit is the API's largest page. A batch of ids is sent
	// with it, because the default limit of 10 would silently truncate the
	// answer, and because with only_main_resource 0 each id also brings
	// its attached resources.
	ResourcePageLimit = 500
)

// newResourceByID loads resources by resource_id, ResourceIDsPerCall ids per
// query. Keys BSS does not return fail with ErrNotFound; a failed query
// fails every key of its batch.
func newResourceByID(c *upstream.Client, obs Observer) loaderSpec[string, *upstream.Resource] {
	return newLoader(resourcesByID(c, obs), ResourceIDsPerCall)
}

func resourcesByID(c *upstream.Client, obs Observer) dataloader.BatchFunc[string, *upstream.Resource] {
	notFound := notFoundErr[string]("resource")
	return func(ctx context.Context, keys []string) []*dataloader.Result[*upstream.Resource] {
		obs.ObserveBatch("ResourceByID", len(keys))
		// An empty resource_ids means "no filter" to BSS, which then
		// answers with unrelated resources: never send one.
		ids := make([]string, 0, len(keys))
		for _, k := range keys {
			if k != "" {
				ids = append(ids, k)
			}
		}
		found := make(map[string]*upstream.Resource, len(keys))
		for _, chunk := range chunks(ids, ResourceIDsPerCall) {
			rows, err := queryAll(ctx, c, upstream.ResourceListRequest{ResourceIDs: chunk}, func(got map[string]bool) bool {
				for _, id := range chunk {
					if !got[id] {
						return false
					}
				}
				return true
			})
			if err != nil {
				return failAll[string, *upstream.Resource](keys, err)
			}
			for i := range rows {
				found[rows[i].ResourceID] = &rows[i]
			}
		}
		return inKeyOrder(keys, found, notFound)
	}
}

// newAttachedByPrimary loads the attached resources of primary resources,
// ResourceIDsPerCall primaries per query: with only_main_resource 0 the
// query of a primary's id answers with its attached resources too (6.3.1).
func newAttachedByPrimary(c *upstream.Client, obs Observer) loaderSpec[string, []upstream.Resource] {
	return newLoader(attachedByPrimary(c, obs), ResourceIDsPerCall)
}

func attachedByPrimary(c *upstream.Client, obs Observer) dataloader.BatchFunc[string, []upstream.Resource] {
	return func(ctx context.Context, keys []string) []*dataloader.Result[[]upstream.Resource] {
		obs.ObserveBatch("AttachedByPrimary", len(keys))
		found := make(map[string][]upstream.Resource, len(keys))
		for _, k := range keys {
			found[k] = []upstream.Resource{}
		}
		ids := make([]string, 0, len(keys))
		for _, k := range keys {
			if k != "" {
				ids = append(ids, k)
			}
		}
		for _, chunk := range chunks(ids, ResourceIDsPerCall) {
			rows, err := queryAll(ctx, c, upstream.ResourceListRequest{ResourceIDs: chunk}, nil)
			if err != nil {
				return failAll[string, []upstream.Resource](keys, err)
			}
			for _, u := range rows {
				if u.IsMainResource == 0 && u.ParentResourceID != u.ResourceID {
					if list, ok := found[u.ParentResourceID]; ok {
						found[u.ParentResourceID] = append(list, u)
					}
				}
			}
		}
		return inKeyOrder(keys, found, notFoundErr[string]("resource"))
	}
}

// newResourcesByOrder loads every resource of an order (6.3.1 by order_id,
// one order per call), following pages of ResourcePageLimit.
func newResourcesByOrder(c *upstream.Client, obs Observer) loaderSpec[string, []upstream.Resource] {
	return newLoader(perKey("ResourcesByOrder", obs, func(ctx context.Context, id string) ([]upstream.Resource, error) {
		if id == "" {
			return nil, fmt.Errorf("resources of an order: empty order id: %w", upstream.ErrInvalid)
		}
		return queryAll(ctx, c, upstream.ResourceListRequest{OrderID: id}, nil)
	}), 0)
}

// queryAll pages through one resource query at ResourcePageLimit until BSS
// has returned total_count rows, or until done (when not nil) says the rows
// seen so far are enough.
func queryAll(ctx context.Context, c *upstream.Client, req upstream.ResourceListRequest, done func(seen map[string]bool) bool) ([]upstream.Resource, error) {
	var rows []upstream.Resource
	seen := map[string]bool{}
	req.Offset, req.Limit = 0, ResourcePageLimit
	for {
		p, err := c.Resources.List(ctx, &req)
		if err != nil {
			return nil, err
		}
		rows = append(rows, p.Resources...)
		for _, r := range p.Resources {
			seen[r.ResourceID] = true
		}
		if len(p.Resources) == 0 || len(rows) >= p.TotalCount || (done != nil && done(seen)) {
			return rows, nil
		}
		req.Offset = len(rows)
	}
}
