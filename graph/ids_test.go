package graph

import (
	"encoding/base64"
	"testing"
)

func TestBssID(t *testing.T) {
	t.Parallel()
	// A raw id that happens to be base64url for "x:y" is still a raw id.
	rawLooksGlobal := base64.RawURLEncoding.EncodeToString([]byte("\xc7\x1b:q"))
	tests := []struct {
		id, typ, want string
		bad           bool
	}{
		{"CS2401010000ABCDE", "Order", "CS2401010000ABCDE", false},
		{globalID("Order", "CS1"), "Order", "CS1", false},
		{globalID("Resource", "r-1"), "Order", "", true},
		{rawLooksGlobal, "Resource", rawLooksGlobal, false},
		{"", "Order", "", true},
	}
	for _, tt := range tests {
		got, err := bssID("id", tt.id, tt.typ)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("bssID(%q, %s) = %q, %v; want %q, error %v", tt.id, tt.typ, got, err, tt.want, tt.bad)
		}
	}
}
