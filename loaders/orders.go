package loaders

import (
	"context"
	"slices"
	"sync"

	"github.com/graph-gophers/dataloader/v7"
	"golang.org/x/sync/errgroup"

	"bssgraph/upstream"
)

// OrderDetailLimit is how many line items OrderByID reads with an order's
// details when the caller does not say how many it needs: the API's largest
// page (6.2.2, limit 1–100), so one call serves the header and, for almost
// every order, all of its line items.
const OrderDetailLimit = 100

// The order APIs take one order per call (6.2.2, 6.2.6): their loaders
// de-duplicate the order ids of a request and fan out at most maxFanOut
// calls at a time; the quota limiter paces them on top of that.

// orderKey asks for an order's details with at least its first limit line
// items; limit 0 asks for the header only, read with OrderDetailLimit items
// like before pages were sized, so that a later page is served from it.
type orderKey struct {
	id    string
	limit int
}

// ask is the line-item limit a call for k sends.
func (k orderKey) ask() int {
	if k.limit == 0 {
		return OrderDetailLimit
	}
	return k.limit
}

// orderRead is the details of an order read in this request, with the
// line-item limit of the call.
type orderRead struct {
	detail *upstream.OrderDetail
	limit  int
}

// serves reports whether r answers k: any read has the header, and a page
// is there when the call asked for as many items or the order has no more.
func (r orderRead) serves(k orderKey) bool {
	return k.limit == 0 || r.limit >= k.limit || len(r.detail.LineItems) >= r.detail.TotalCount
}

// OrderLoader loads order details (6.2.2), one call per order and batch.
// Decoding the line items is most of the cost of a details call (each has
// six amounts), so a caller paging line items asks for the first n it needs
// (LoadPage) and the call reads no more; keys of one order in one batch
// share the call with the largest limit, and a read of this request serves
// every later key it covers. An unknown order fails its own key with the BSS
// error CBC.30000010 (ErrNotFound).
type OrderLoader struct {
	once  sync.Once
	l     *dataloader.Loader[orderKey, *upstream.OrderDetail]
	owner *Loaders

	mu    sync.Mutex
	reads map[string]orderRead // by order id
	keys  map[string][]int     // the limits asked per order id, for Clear

	sizeOnce sync.Once
	size     int // PageSize's answer for this request
}

// PageSize is the line-item limit every read of this request asks for:
// need's answer the first time, the same number after. need depends only
// on the operation, so it runs once per request however many orders the
// operation reads.
func (z *OrderLoader) PageSize(need func() int) int {
	z.sizeOnce.Do(func() { z.size = need() })
	return z.size
}

func (z *OrderLoader) init(owner *Loaders) *OrderLoader {
	z.owner = owner
	return z
}

// get builds the dataloader on first use (like Lazy).
func (z *OrderLoader) get() *dataloader.Loader[orderKey, *upstream.OrderDetail] {
	z.once.Do(func() {
		z.l = newLoader(z.batch(z.owner.client, z.owner.obs), 0).build(newThunkCache[orderKey, *upstream.OrderDetail]())
	})
	return z.l
}

// LoadPage loads an order with at least its first n line items, or all of
// them when it has fewer; n ≤ 0 or above OrderDetailLimit loads its header
// and OrderDetailLimit line items (or the ones an earlier read of this
// request holds).
func (z *OrderLoader) LoadPage(ctx context.Context, id string, n int) dataloader.Thunk[*upstream.OrderDetail] {
	return z.load(ctx, pageKey(id, n))
}

// LoadPages loads several orders in one batch, like LoadPage.
func (z *OrderLoader) LoadPages(ctx context.Context, ids []string, n int) dataloader.ThunkMany[*upstream.OrderDetail] {
	keys := make([]orderKey, len(ids))
	for i, id := range ids {
		keys[i] = pageKey(id, n)
		z.remember(keys[i])
	}
	return z.get().LoadMany(ctx, keys)
}

func pageKey(id string, n int) orderKey {
	if n < 0 || n > OrderDetailLimit {
		n = 0
	}
	return orderKey{id: id, limit: n}
}

// Clear forgets everything read of an order, so the next load calls
// upstream again (after a mutation of it).
func (z *OrderLoader) Clear(ctx context.Context, id string) {
	z.mu.Lock()
	limits := z.keys[id]
	delete(z.keys, id)
	delete(z.reads, id)
	z.mu.Unlock()
	for _, n := range limits {
		z.get().Clear(ctx, orderKey{id: id, limit: n})
	}
}

// Built reports whether the loader has been used (tests of the laziness).
func (z *OrderLoader) Built() bool { return z.l != nil }

func (z *OrderLoader) load(ctx context.Context, k orderKey) dataloader.Thunk[*upstream.OrderDetail] {
	z.remember(k)
	return z.get().Load(ctx, k)
}

// remember notes that k may be in the dataloader's cache.
func (z *OrderLoader) remember(k orderKey) {
	z.mu.Lock()
	defer z.mu.Unlock()
	if z.keys == nil {
		z.keys = map[string][]int{}
	}
	if !slices.Contains(z.keys[k.id], k.limit) {
		z.keys[k.id] = append(z.keys[k.id], k.limit)
	}
}

// batch makes one call per order of the batch that no earlier read serves,
// with the largest limit its keys ask, in sorted id order (so identical
// requests share their calls, upstream/coalesce.go).
func (z *OrderLoader) batch(c *upstream.Client, obs Observer) dataloader.BatchFunc[orderKey, *upstream.OrderDetail] {
	return func(ctx context.Context, keys []orderKey) []*dataloader.Result[*upstream.OrderDetail] {
		want := map[string]int{}
		z.mu.Lock()
		for _, k := range keys {
			if r, ok := z.reads[k.id]; !ok || !r.serves(k) {
				want[k.id] = max(want[k.id], k.ask())
			}
		}
		z.mu.Unlock()
		ids := make([]string, 0, len(want))
		for id := range want {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		obs.ObserveBatch("OrderByID", len(ids))
		errs := make(map[string]error, len(ids))
		var g errgroup.Group
		g.SetLimit(maxFanOut)
		for _, id := range ids {
			g.Go(func() error {
				offset, limit := 0, want[id]
				d, err := c.Orders.Get(ctx, id, &upstream.ListOptions{Offset: &offset, Limit: limit})
				z.mu.Lock()
				defer z.mu.Unlock()
				if err != nil {
					errs[id] = err
					return nil
				}
				if r, ok := z.reads[id]; !ok || r.limit < limit {
					if z.reads == nil {
						z.reads = map[string]orderRead{}
					}
					z.reads[id] = orderRead{detail: d, limit: limit}
				}
				return nil
			})
		}
		g.Wait()
		out := make([]*dataloader.Result[*upstream.OrderDetail], len(keys))
		z.mu.Lock()
		defer z.mu.Unlock()
		for i, k := range keys {
			if err, ok := errs[k.id]; ok {
				out[i] = &dataloader.Result[*upstream.OrderDetail]{Error: err}
			} else {
				out[i] = &dataloader.Result[*upstream.OrderDetail]{Data: z.reads[k.id].detail}
			}
		}
		return out
	}
}

// newRefundsByOrder loads the refund records of an unsubscription or
// downgrade order (6.2.6); the API is not paged.
func newRefundsByOrder(c *upstream.Client, obs Observer) loaderSpec[string, []upstream.RefundRecord] {
	return newLoader(perKey("RefundsByOrder", obs, func(ctx context.Context, id string) ([]upstream.RefundRecord, error) {
		p, err := c.Orders.ListRefunds(ctx, id)
		if err != nil {
			return nil, err
		}
		if p.Records == nil {
			return []upstream.RefundRecord{}, nil
		}
		return p.Records, nil
	}), 0)
}
