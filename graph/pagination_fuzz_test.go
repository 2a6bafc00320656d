package graph

import (
	"encoding/base64"
	"errors"
	"testing"
)

// mustBeBadInput fails unless err is nil or an *inputError (BAD_USER_INPUT).
func mustBeBadInput(t *testing.T, err error) {
	t.Helper()
	var ie *inputError
	if err != nil && !errors.As(err, &ie) {
		t.Fatalf("error %v is a %T, want *inputError", err, err)
	}
}

// Cursors round-trip; any other after: is BAD_USER_INPUT; a window from a
// cursor always lies within a list, so slicing by it cannot panic.
func FuzzCursor(f *testing.F) {
	raw := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, c := range []string{encodeCursor(cursor{Offset: 0}), encodeCursor(cursor{Offset: 41}),
		encodeCursor(cursor{Conn: "Customer.orders", Offset: 3}), raw(`{"o":-1}`), raw(`{"o":9223372036854775807}`),
		raw(`{"o":2147483647}`), raw(`{"o":1e3}`), raw(`{"o":1,"k":{"t":"2026-01-01T00:00:00Z","i":"","n":0}}`),
		raw(`{"o":1,"k":{"t":"x","i":"a"}}`), raw("offset:5"), "not base64!", ""} {
		f.Add(c, int32(20))
	}
	f.Add(encodeCursor(cursor{Offset: 5}), int32(-1))
	f.Add(encodeCursor(cursor{Offset: 5}), int32(1001))
	f.Fuzz(func(t *testing.T, after string, first int32) {
		c, err := decodeCursor("after", "", after)
		mustBeBadInput(t, err)
		if err == nil {
			if c.Offset < 0 || c.Conn != "" {
				t.Fatalf("decodeCursor(%q) = %+v", after, c)
			}
			again, err := decodeCursor("after", "", encodeCursor(*c))
			if err != nil || again.Offset != c.Offset || (again.Key == nil) != (c.Key == nil) {
				t.Fatalf("cursor %+v decodes to %+v, %v", c, again, err)
			}
		}
		// The same values forward (first, after) and backward (last, before).
		for _, p := range []pageArgs{{First: &first, After: &after}, {Last: &first, Before: &after}} {
			w, err := pageWindow(t.Context(), p)
			mustBeBadInput(t, err)
			if err != nil {
				continue
			}
			if w.Offset < 0 || w.First < 0 || w.Offset+w.First < w.Offset {
				t.Fatalf("pageWindow(%d, %q) = %+v: offsets out of range", first, after, w)
			}
			conn := listConnection(make([]int, 50), w) // must not panic
			if len(conn.Nodes) > max(w.First, w.Last) {
				t.Fatalf("%d nodes for %+v", len(conn.Nodes), w)
			}
		}
	})
}
