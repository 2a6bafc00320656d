package graph

import (
	"context"
	"time"

	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// Orders page by keyset. 6.2.1 filters by create time (create_time_begin,
// create_time_end, inclusive, to the second) and sorts by it, so a cursor
// carries its order's create time and id, and the page after it asks BSS
// only for the orders at or past that time, skipping those up to the
// cursor's own. Orders added or removed before the cursor (a cancellation
// under a status filter, a new purchase) then shift nothing into or out of
// the next page. A cursor also carries its offset, used where BSS cannot
// filter: a create-time window longer than its one year.

// ordersPage lists the window w of the orders opts selects.
func (r *Resolver) ordersPage(ctx context.Context, opts upstream.OrderListOptions, w window) (*model.OrderConnection, error) {
	q, keyset := orderKeysetOptions(opts, w)
	if !keyset {
		items, total, err := fetchWindow(ctx, w, ordersPageLimit, r.orderPages(opts))
		if err != nil {
			return nil, pageError("orders", err)
		}
		return keyedConnection(mapSlice(items, orderFromList), w, total, orderKeys(items, nil, 0)), nil
	}
	k := w.After.Key
	// The orders of the cursor's second come first: read past the cursor's
	// own, then a page.
	items, rest, err := fetchWindow(ctx, window{First: w.First + k.Tie + 1}, ordersPageLimit, r.orderPages(q))
	if err != nil {
		return nil, pageError("orders", err)
	}
	same := 0
	for same < len(items) && orderAt(items[same], k.Time) {
		same++
	}
	// Past the cursor's order; if it is gone, past the orders that came
	// before it in its second.
	skip := min(k.Tie, same)
	for i := range same {
		if items[i].OrderID == k.ID {
			skip = i + 1
			break
		}
	}
	nodes := trim(items[skip:], w.First)
	// The position of the first node in the whole list is known only with
	// the whole count, which costs a call: made when totalCount is asked for.
	total, before := rest+w.Offset, w.Offset
	if selectionReaches(ctx, "totalCount") {
		_, all, err := r.orderPages(opts)(ctx, 0, 1)
		if err != nil {
			return nil, pageError("orders", err)
		}
		total, before = all, all-rest+skip
	}
	w.Offset = before
	c := keyedConnection(mapSlice(nodes, orderFromList), w, total, orderKeys(nodes, k, skip))
	c.PageInfo.HasPreviousPage = true
	c.PageInfo.HasNextPage = skip+len(nodes) < rest
	return c, nil
}

// orderPages pages the 6.2.1 query opts.
func (r *Resolver) orderPages(opts upstream.OrderListOptions) fetchPage[upstream.Order] {
	return func(ctx context.Context, offset, limit int) ([]upstream.Order, int, error) {
		o := opts
		o.Offset, o.Limit = &offset, limit
		p, err := r.bss.Orders.List(ctx, &o)
		if err != nil {
			return nil, 0, err
		}
		return p.Orders, p.TotalCount, nil
	}
}

// orderKeysetOptions narrows opts to the orders at or past the after
// cursor's create time, in the list's direction. It reports false when w
// has no keyed cursor or BSS would refuse the narrowed window (longer than
// a year, or empty).
func orderKeysetOptions(opts upstream.OrderListOptions, w window) (upstream.OrderListOptions, bool) {
	if w.After == nil || w.After.Key == nil {
		return opts, false
	}
	at := w.After.Key.Time.UTC().Format(orderTimeLayout)
	q := opts
	// The layout sorts as the times do.
	if opts.OrderBy == "createTime" {
		if q.CreateTimeBegin == "" || q.CreateTimeBegin < at {
			q.CreateTimeBegin = at
		}
	} else if q.CreateTimeEnd == "" || q.CreateTimeEnd > at {
		q.CreateTimeEnd = at
	}
	if q.CreateTimeBegin != "" && q.CreateTimeEnd != "" {
		b, _ := time.Parse(orderTimeLayout, q.CreateTimeBegin)
		e, _ := time.Parse(orderTimeLayout, q.CreateTimeEnd)
		if e.Before(b) || e.After(b.AddDate(1, 0, 0)) {
			return opts, false
		}
	}
	return q, true
}

// orderAt reports whether o was created in the second of t.
func orderAt(o upstream.Order, t time.Time) bool {
	c := parseTime(o.CreateTime)
	return c != nil && c.Equal(t)
}

// orderKeys returns the cursor key of each order, or nil when a create
// time does not parse (the cursors then hold offsets only). The first
// order's Tie is firstTie when it shares the time of prev, the key before
// it.
func orderKeys(items []upstream.Order, prev *cursorKey, firstTie int) []*cursorKey {
	keys := make([]*cursorKey, len(items))
	for i, o := range items {
		t := parseTime(o.CreateTime)
		if t == nil {
			return nil
		}
		k := &cursorKey{Time: *t, ID: o.OrderID}
		switch {
		case i > 0 && keys[i-1].Time.Equal(*t):
			k.Tie = keys[i-1].Tie + 1
		case i == 0 && prev != nil && prev.Time.Equal(*t):
			k.Tie = firstTie
		}
		keys[i] = k
	}
	return keys
}
