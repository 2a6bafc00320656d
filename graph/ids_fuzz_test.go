package graph

import (
	"strings"
	"testing"
)

// Global ids round-trip; bssID never panics, accepts a global id only of
// the type asked for, and refuses anything else as BAD_USER_INPUT.
func FuzzGlobalID(f *testing.F) {
	for _, s := range [][2]string{{"Order", "CS2401011234ABCD"}, {"Customer", "0a7c3f2e"}, {"Resource", "a:b:c"},
		{"Coupon", ""}, {"", "x"}, {"Invoice", "\xff\xfe"}, {"Unknown", "k"}} {
		f.Add(s[0], s[1], "Order")
	}
	f.Add("", "5a0f2b9c-4c1e-4b7e-9a4c-2f0b7c1d9e3f", "Resource")
	f.Fuzz(func(t *testing.T, typ, key, want string) {
		id := globalID(typ, key)
		gt, gk, ok := parseGlobalID(id)
		// Type names never hold a colon; with one, the split moves.
		valid := typ != "" && key != "" && !strings.Contains(typ, ":")
		if valid && (!ok || gt != typ || gk != key) || typ == "" && ok {
			t.Fatalf("parseGlobalID(globalID(%q, %q)) = %q, %q, %v", typ, key, gt, gk, ok)
		}
		for _, in := range []string{id, key, typ} {
			got, err := bssID("id", in, want)
			mustBeBadInput(t, err)
			if err != nil {
				continue
			}
			if got == "" {
				t.Fatalf("bssID(%q, %q) = empty id without an error", in, want)
			}
			if t2, k2, ok := parseGlobalID(in); ok && nodeTypes[t2] && (t2 != want || got != k2) {
				t.Fatalf("bssID(%q, %q) = %q: a %s id accepted as a %s", in, want, got, t2, want)
			}
		}
	})
}
