package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// sortCase is one orderBy of a connection the gateway sorts, with the key
// of a node as a comparable string ("" when absent).
type sortCase struct {
	conn, orderBy, node, id string
	key                     func(n any) (string, bool)
	desc                    bool
}

func timeKey(field string) func(n any) (string, bool) {
	return func(n any) (string, bool) {
		s, _ := dig(n, field).(string)
		if s == "" {
			return "", false
		}
		t, _ := time.Parse(time.RFC3339, s)
		return t.UTC().Format("2006-01-02T15:04:05.000000000"), true
	}
}

// checkSorted fails unless nodes are in the case's order, absent keys last.
func checkSorted(t *testing.T, tc sortCase, nodes []any) {
	t.Helper()
	for i := 1; i < len(nodes); i++ {
		a, aok := tc.key(nodes[i-1])
		b, bok := tc.key(nodes[i])
		switch {
		case !aok && bok:
			t.Fatalf("%s %s: node %d has no key but node %d has %s", tc.conn, tc.orderBy, i-1, i, b)
		case !aok || !bok:
		case tc.desc && a < b, !tc.desc && a > b:
			t.Fatalf("%s %s: node %d (%s) before node %d (%s)", tc.conn, tc.orderBy, i-1, a, i, b)
		case a == b && fmt.Sprint(dig(nodes[i-1], tc.id)) > fmt.Sprint(dig(nodes[i], tc.id)):
			t.Fatalf("%s %s: equal keys not in id order at %d", tc.conn, tc.orderBy, i)
		}
	}
}

// faceKey pads a face value so that strings compare as the amounts do.
func faceKey(n any) (string, bool) {
	s, _ := dig(n, "faceValue", "amount").(string)
	if s == "" {
		return "", false
	}
	d, _ := decimal.NewFromString(s)
	return fmt.Sprintf("%030s", d.StringFixed(8)), true
}

// Sorted connections list the same items as unsorted ones, in order, and
// page across page boundaries, forward and backward, without gaps or
// repeats.
func TestSorting_OrderAcrossPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var cases []sortCase
	for _, dir := range []string{"ASC", "DESC"} {
		desc := dir == "DESC"
		cases = append(cases,
			sortCase{"resources", "EXPIRES_AT " + dir, "resourceId expiresAt", "resourceId", timeKey("expiresAt"), desc},
			sortCase{"resources", "CREATED_AT " + dir, "resourceId effectiveAt", "resourceId", timeKey("effectiveAt"), desc},
			sortCase{"resources", "NAME " + dir, "resourceId name", "resourceId", func(n any) (string, bool) {
				s, ok := dig(n, "name").(string)
				return s, ok
			}, desc},
			sortCase{"coupons", "EXPIRES_AT " + dir, "couponId expireTime", "couponId", timeKey("expireTime"), desc},
			sortCase{"coupons", "FACE_VALUE " + dir, "couponId faceValue { amount }", "couponId", faceKey, desc},
		)
	}
	unsorted := map[string][]string{}
	for _, tc := range cases {
		field, dir, _ := strings.Cut(tc.orderBy, " ")
		list := func(args string) map[string]any {
			t.Helper()
			q := fmt.Sprintf(`{ viewer { c: %s(orderBy: {field: %s, direction: %s}, %s) { totalCount pageInfo { hasPreviousPage hasNextPage startCursor endCursor } nodes { %s } } } }`,
				tc.conn, field, dir, args, tc.node)
			return dig(e.query(q, nil).mustData(t), "viewer", "c").(map[string]any)
		}
		ids := func(nodes any) []string {
			var out []string
			for _, n := range nodes.([]any) {
				out = append(out, fmt.Sprint(dig(n, tc.id)))
			}
			return out
		}
		if unsorted[tc.conn] == nil {
			d := e.query(fmt.Sprintf(`{ viewer { c: %s(first: 1000) { nodes { %s } } } }`, tc.conn, tc.id), nil).mustData(t)
			unsorted[tc.conn] = ids(dig(d, "viewer", "c", "nodes"))
			slices.Sort(unsorted[tc.conn])
		}
		e.resetCalls()
		all := list("first: 1000")
		if c := e.sandbox.TotalCalls(); c > 10 {
			t.Errorf("%s %s: %d calls for the whole sorted list", tc.conn, tc.orderBy, c)
		}
		nodes := all["nodes"].([]any)
		if len(nodes) < 15 {
			t.Fatalf("%s: %d items, too few to page", tc.conn, len(nodes))
		}
		checkSorted(t, tc, nodes)
		got := ids(nodes)
		set := slices.Clone(got)
		slices.Sort(set)
		if !slices.Equal(set, unsorted[tc.conn]) {
			t.Errorf("%s %s: sorted list holds other items than the unsorted one", tc.conn, tc.orderBy)
		}
		// Pages of 6, forward, then back from the third page's end.
		var paged []string
		after := ""
		for range 3 {
			args := "first: 6"
			if after != "" {
				args += fmt.Sprintf(", after: %q", after)
			}
			p := list(args)
			paged = append(paged, ids(p["nodes"])...)
			after = dig(p, "pageInfo", "endCursor").(string)
		}
		if !slices.Equal(paged, got[:18]) {
			t.Errorf("%s %s: three forward pages %v, want %v", tc.conn, tc.orderBy, paged, got[:18])
		}
		back := list(fmt.Sprintf("last: 6, before: %q", after))
		if !slices.Equal(ids(back["nodes"]), got[11:17]) || dig(back, "pageInfo", "hasPreviousPage") != true {
			t.Errorf("%s %s: backward page %v %v, want %v", tc.conn, tc.orderBy, ids(back["nodes"]), back["pageInfo"], got[11:17])
		}
		tail := list("last: 3")
		if !slices.Equal(ids(tail["nodes"]), got[len(got)-3:]) || dig(tail, "pageInfo", "hasNextPage") != false {
			t.Errorf("%s %s: last 3 = %v, want %v", tc.conn, tc.orderBy, ids(tail["nodes"]), got[len(got)-3:])
		}
	}

	// A cursor of one order is refused in another.
	d := e.query(`{ viewer { resources(orderBy: {field: NAME, direction: ASC}, first: 1) { pageInfo { endCursor } } } }`, nil).mustData(t)
	cur := dig(d, "viewer", "resources", "pageInfo", "endCursor").(string)
	for _, other := range []string{`orderBy: {field: NAME, direction: DESC}, `, ``} {
		r := e.query(fmt.Sprintf(`{ viewer { resources(%sfirst: 1, after: %q) { totalCount } } }`, other, cur), nil)
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
			t.Errorf("cursor of NAME ASC used with %q: errors = %+v, want BAD_USER_INPUT", other, r.Errors)
		}
	}

	// The estimate counts the 10 pages a sorted list may read: 21 sorted
	// lists are over the budget of 200, 21 unsorted ones are not.
	var sorted, plain strings.Builder
	for i := range 21 {
		fmt.Fprintf(&sorted, " s%d: resources(orderBy: {field: NAME, direction: ASC}, first: 1) { totalCount }", i)
		fmt.Fprintf(&plain, " s%d: resources(first: 1) { totalCount }", i)
	}
	r := e.query(`{ viewer {`+sorted.String()+` } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "LIMIT_EXCEEDED" || !isNumber(r.Errors[0].Extensions["estimatedCalls"], 210) {
		t.Errorf("21 sorted lists: errors = %+v, want LIMIT_EXCEEDED estimating 210 calls", r.Errors)
	}
	e.query(`{ viewer {`+plain.String()+` } }`, nil).mustData(t)
}

// A set too large to sort is refused after the first page, clearly.
func TestSorting_TooLargeRefused(t *testing.T) {
	t.Parallel()
	sizes := testSizes
	sizes.Resources = 8000
	e := newEnvWith(t, envConfig{sizes: sizes})
	e.resetCalls()
	r := e.query(`{ viewer { resources(orderBy: {field: EXPIRES_AT, direction: ASC}, first: 10) { nodes { resourceId } } } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" ||
		!strings.Contains(r.Errors[0].Message, "the gateway sorts at most 5000") || !strings.Contains(r.Errors[0].Message, "expiresFrom/expiresTo") {
		t.Fatalf("errors = %+v, want BAD_USER_INPUT saying the gateway sorts at most 5000 and how to narrow", r.Errors)
	}
	if c := e.calls()["QueryResources"]; c != 1 {
		t.Errorf("calls = %v, want the first page only", e.calls())
	}
	// Narrowed, it sorts.
	d := e.query(`{ viewer { resources(filter: {expiresTo: "2027-01-01T00:00:00Z"}, orderBy: {field: EXPIRES_AT, direction: ASC}, first: 3) { totalCount nodes { expiresAt } } } }`, nil).mustData(t)
	if n := dig(d, "viewer", "resources", "nodes").([]any); len(n) != 3 {
		t.Errorf("narrowed sort = %v", d)
	}
}
