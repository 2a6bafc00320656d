package graph

import (
	"strings"
	"testing"
)

// TestOptionalStrings_CountCharacters: every optional-string validator
// counts characters, not bytes, so a Chinese value of the documented length
// passes in every domain (a byte count refused it in bills and orders).
func TestOptionalStrings_CountCharacters(t *testing.T) {
	at, over := strings.Repeat("中", 64), strings.Repeat("中", 65)
	checks := map[string]func(v string) error{
		"catalogCode": func(v string) error { return catalogCode("code", &v, 64) },
		"maxLenArg":   func(v string) error { return maxLenArg("arg", &v, 64) },
		"optionalCode": func(v string) error {
			_, err := optionalCode("arg", &v, 64)
			return err
		},
		"checkBillString": func(v string) error {
			_, err := checkBillString("arg", &v, 64)
			return err
		},
	}
	for name, check := range checks {
		if err := check(at); err != nil {
			t.Errorf("%s refuses 64 characters (%d bytes): %v", name, len(at), err)
		}
		if err := check(over); err == nil {
			t.Errorf("%s accepts 65 characters", name)
		}
	}
}
