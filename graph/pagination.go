package graph

import (
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"bssgraph/graph/model"
)

// Paging limits. A GraphQL page may be larger than an API's own page limit:
// the gateway then fetches the upstream pages it needs concurrently and
// stitches them (DESIGN §3.9).
const (
	defaultFirst = 20
	maxFirst     = 1000
	// pageFetchConcurrency bounds the upstream pages of one connection
	// fetched at once; the quota limiter bounds the rate on top of it.
	pageFetchConcurrency = 4
)

// window is the slice [Offset, Offset+First) of a list that one connection
// field asks for.
type window struct {
	Offset int
	First  int
}

// cursorPrefix makes cursors recognisable, so a cursor from elsewhere fails
// clearly instead of meaning some other offset.
const cursorPrefix = "offset:"

// encodeCursor returns the opaque cursor of the item at offset.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + strconv.Itoa(offset)))
}

// decodeCursor returns the offset a cursor points at.
func decodeCursor(c string) (int, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), cursorPrefix) {
		return 0, badInput("after: %q is not a cursor of this connection", c)
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), cursorPrefix))
	if err != nil || n < 0 {
		return 0, badInput("after: %q is not a cursor of this connection", c)
	}
	return n, nil
}

// pageWindow validates first/after: first defaults to 20 and may not exceed
// 1000; after is a cursor from this connection.
func pageWindow(first *int32, after *string) (window, error) {
	w := window{First: defaultFirst}
	if first != nil {
		if *first < 0 || *first > maxFirst {
			return w, badInput("first must be between 0 and %d, got %d", maxFirst, *first)
		}
		w.First = int(*first)
	}
	if after != nil && *after != "" {
		n, err := decodeCursor(*after)
		if err != nil {
			return w, err
		}
		w.Offset = n + 1
	}
	return w, nil
}

// fetchPage is one upstream call of a paged API: items [offset,
// offset+limit) and the total count.
type fetchPage[T any] func(ctx context.Context, offset, limit int) (items []T, total int, err error)

// fetchWindow returns the items of w from a paged API whose largest page is
// apiLimit, and the total count. The first page tells the total; the rest
// are fetched concurrently and stitched in order.
func fetchWindow[T any](ctx context.Context, w window, apiLimit int, fetch fetchPage[T]) ([]T, int, error) {
	if w.First == 0 {
		// Only the total is wanted: one smallest page.
		_, total, err := fetch(ctx, w.Offset, 1)
		return nil, total, err
	}
	first := min(w.First, apiLimit)
	items, total, err := fetch(ctx, w.Offset, first)
	if err != nil {
		return nil, 0, err
	}
	want := min(w.First, max(0, total-w.Offset))
	if len(items) >= want || len(items) < first {
		return trim(items, w.First), total, nil
	}
	// More pages: [Offset+first, Offset+want) in chunks of apiLimit.
	var starts []int
	for off := w.Offset + first; off < w.Offset+want; off += apiLimit {
		starts = append(starts, off)
	}
	pages := make([][]T, len(starts))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(pageFetchConcurrency)
	for i, off := range starts {
		g.Go(func() error {
			limit := min(apiLimit, w.Offset+want-off)
			p, _, err := fetch(gctx, off, limit)
			pages[i] = p
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, 0, err
	}
	for _, p := range pages {
		items = append(items, p...)
	}
	return trim(items, w.First), total, nil
}

func trim[T any](items []T, n int) []T {
	if len(items) > n {
		return items[:n]
	}
	return items
}

// connection builds a Relay connection over nodes found at w.Offset of a
// list of total items.
func connection[T any](nodes []T, w window, total int) *model.Connection[T] {
	c := &model.Connection[T]{
		Nodes:      nodes,
		Edges:      make([]*model.Edge[T], len(nodes)),
		TotalCount: int32(min(total, 1<<31-1)),
		PageInfo: &model.PageInfo{
			HasPreviousPage: w.Offset > 0,
			HasNextPage:     w.Offset+len(nodes) < total,
		},
	}
	if nodes == nil {
		c.Nodes = []T{}
	}
	for i, n := range nodes {
		c.Edges[i] = &model.Edge[T]{Cursor: encodeCursor(w.Offset + i), Node: n}
	}
	if len(nodes) > 0 {
		start, end := c.Edges[0].Cursor, c.Edges[len(nodes)-1].Cursor
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &start, &end
	}
	return c
}

// listConnection pages a list that is already complete in memory (APIs
// without paging, or client-side filtered catalogs).
func listConnection[T any](all []T, w window) *model.Connection[T] {
	if w.Offset > len(all) {
		w.Offset = len(all)
	}
	return connection(trim(all[w.Offset:], w.First), w, len(all))
}

// mapSlice converts each element of in with f.
func mapSlice[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// pageError wraps an error of page fetching with the field it served.
func pageError(field string, err error) error { return fmt.Errorf("%s: %w", field, err) }
