package graph

import "unicode/utf8"

// The length rules of string arguments, in one place. BSS documents its
// limits in characters, so they are counted in runes: a byte count would
// refuse a Chinese value of the documented length in one API group and
// pass it in another.

// tooLong refuses v when it has more than maxLen characters.
func tooLong(arg, v string, maxLen int) error {
	if utf8.RuneCountInString(v) > maxLen {
		return badInput("%s must have at most %d characters", arg, maxLen)
	}
	return nil
}

// optionalString validates an optional string argument: absent (nil)
// passes; "" is refused, since BSS reads an empty value differently from
// none (or refuses it); at most maxLen characters.
func optionalString(arg string, v *string, maxLen int) error {
	switch {
	case v == nil:
		return nil
	case *v == "":
		return badInput("%s must not be empty; leave it out instead", arg)
	}
	return tooLong(arg, *v, maxLen)
}

// requiredString validates a mandatory string argument of at most maxLen
// characters.
func requiredString(arg, v string, maxLen int) error {
	if v == "" {
		return badInput("%s must not be empty", arg)
	}
	return tooLong(arg, v, maxLen)
}
