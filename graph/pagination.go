package graph

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
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
// field asks for. Conn names the connection ("Customer.orders") its cursors
// belong to; After is the decoded after cursor, if any. Last > 0 asks for
// the last Last items of the whole list (last without before): Offset and
// First are then known only with the total (resolve).
type window struct {
	Offset int
	First  int
	Last   int
	Conn   string
	After  *cursor
}

// resolve places a window of the last items in a list of total items.
func (w window) resolve(total int) window {
	if w.Last == 0 {
		return w
	}
	w.Offset = max(0, total-w.Last)
	w.First, w.Last = total-w.Offset, 0
	return w
}

// pageArgs are the Relay paging arguments of a connection field.
type pageArgs struct {
	First  *int32
	After  *string
	Last   *int32
	Before *string
}

// cursor is what an edge's cursor holds: the connection it came from, so a
// cursor of another connection is refused rather than taken for an offset
// there; the item's offset; and, in lists that BSS can filter by the sort
// key (orders: create_time_*), the item's key, so the next page starts
// after that item even when items before it were added or removed.
// Nothing in it depends on the paging direction.
type cursor struct {
	Conn   string     `json:"c"`
	Offset int        `json:"o"`
	Key    *cursorKey `json:"k,omitempty"`
}

// cursorKey places an item in a list sorted by time: its time, its id, and
// how many items of the same time came before it (Tie), for BSS filters
// that only tell times apart to the second.
type cursorKey struct {
	Time time.Time `json:"t"`
	ID   string    `json:"i"`
	Tie  int       `json:"n,omitempty"`
}

// maxCursorOffset keeps a window's end (offset+1+first) within BSS's 32-bit
// offsets; a forged cursor past it would overflow the offset arithmetic.
const maxCursorOffset = 1<<31 - 2 - maxFirst

// encodeCursor returns the opaque form of c.
func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads the cursor s given as argument arg of connection conn.
func decodeCursor(arg, conn, s string) (*cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &c) != nil || c.Offset < 0 || c.Offset > maxCursorOffset || c.Key != nil && (c.Key.ID == "" || c.Key.Tie < 0) {
		return nil, badInput("%s: %s is not a cursor of this connection", arg, quoteInput(s))
	}
	if c.Conn != conn {
		return nil, badInput("%s: the cursor is one of %s, not of %s", arg, c.Conn, conn)
	}
	return &c, nil
}

// connectionName names the connection field being resolved ("Customer.orders").
func connectionName(ctx context.Context) string {
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Field.Field != nil {
		return fc.Object + "." + fc.Field.Name
	}
	return ""
}

// pageWindow validates the paging arguments of the connection field being
// resolved: first or last defaults to 20 and may not exceed 1000; after and
// before are cursors of this connection. first/after page forward from the
// start, last/before backward from the end; the two pairs do not mix.
func pageWindow(ctx context.Context, p pageArgs) (window, error) {
	return pageWindowOf(connectionName(ctx), p)
}

// pageWindowOf is pageWindow for the cursors of connection conn.
func pageWindowOf(conn string, p pageArgs) (window, error) {
	w := window{First: defaultFirst, Conn: conn}
	has := func(s *string) bool { return s != nil && *s != "" }
	back := p.Last != nil || has(p.Before)
	if back && (p.First != nil || has(p.After)) {
		return w, badInput("first/after and last/before page in opposite directions: give one pair")
	}
	for _, a := range []struct {
		name string
		v    *int32
	}{{"first", p.First}, {"last", p.Last}} {
		if a.v != nil {
			if *a.v < 0 || *a.v > maxFirst {
				return w, badInput("%s must be between 0 and %d, got %d", a.name, maxFirst, *a.v)
			}
			w.First = int(*a.v)
		}
	}
	switch {
	case has(p.After):
		c, err := decodeCursor("after", w.Conn, *p.After)
		if err != nil {
			return w, err
		}
		w.After, w.Offset = c, c.Offset+1
	case has(p.Before):
		// Backward from a cursor: its offset places the page. Order cursors
		// carry keys too, but BSS sorts only one way per query, so a
		// backward page reads by offset.
		c, err := decodeCursor("before", w.Conn, *p.Before)
		if err != nil {
			return w, err
		}
		w.Offset = max(0, c.Offset-w.First)
		w.First = c.Offset - w.Offset
	case back:
		w.Last = w.First
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
	if w.Last > 0 {
		// The last items: the first page tells the total, then the window
		// is read as any other.
		_, total, err := fetch(ctx, 0, 1)
		if err != nil {
			return nil, 0, err
		}
		if w = w.resolve(total); w.First == 0 {
			return nil, total, nil
		}
	}
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
	rest, err := fetchRange(ctx, w.Offset+first, w.Offset+want, apiLimit, fetch)
	if err != nil {
		return nil, 0, err
	}
	return trim(append(items, rest...), w.First), total, nil
}

// fetchRange reads the items [from, to) in pages of apiLimit, at most
// pageFetchConcurrency at once, in order.
func fetchRange[T any](ctx context.Context, from, to, apiLimit int, fetch fetchPage[T]) ([]T, error) {
	var starts []int
	for off := from; off < to; off += apiLimit {
		starts = append(starts, off)
	}
	pages := make([][]T, len(starts))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(pageFetchConcurrency)
	for i, off := range starts {
		g.Go(func() error {
			p, _, err := fetch(gctx, off, min(apiLimit, to-off))
			pages[i] = p
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	var items []T
	for _, p := range pages {
		items = append(items, p...)
	}
	return items, nil
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
	return keyedConnection(nodes, w, total, nil)
}

// keyedConnection is connection whose edges' cursors also carry keys[i]
// (nil, or one key per node).
func keyedConnection[T any](nodes []T, w window, total int, keys []*cursorKey) *model.Connection[T] {
	w = w.resolve(total)
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
		cur := cursor{Conn: w.Conn, Offset: w.Offset + i}
		if keys != nil {
			cur.Key = keys[i]
		}
		c.Edges[i] = &model.Edge[T]{Cursor: encodeCursor(cur), Node: n}
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
	if w = w.resolve(len(all)); w.Offset > len(all) {
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
