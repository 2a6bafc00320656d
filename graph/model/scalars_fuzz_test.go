package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// marshalled returns the JSON a marshaler writes, unquoted.
func marshalled(t *testing.T, m graphql.Marshaler) string {
	t.Helper()
	var b bytes.Buffer
	m.MarshalGQL(&b)
	s, err := strconv.Unquote(b.String())
	if err != nil {
		t.Fatalf("marshalled %s is not a JSON string: %v", b.String(), err)
	}
	return s
}

// mustBeInputError fails unless err is nil or an *InputError, which the
// presenter reports as BAD_USER_INPUT.
func mustBeInputError(t *testing.T, err error) {
	t.Helper()
	var ie *InputError
	if err != nil && !errors.As(err, &ie) {
		t.Fatalf("error %v is a %T, want *InputError", err, err)
	}
}

// A Decimal that parses prints as the same number, keeps its scale, and
// parses back from what it printed; anything else is an *InputError.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"274.60", "0", "-0.001", "1e3", "1E-2", " 12 ", "", "abc", "1e-999999999", "9e999999999", "0.1234567890123456789012345678901234567890"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, in := range []any{s, json.Number(s)} {
			d, err := UnmarshalDecimal(in)
			mustBeInputError(t, err)
			if err != nil {
				continue
			}
			out := marshalled(t, MarshalDecimal(d))
			back, err := UnmarshalDecimal(out)
			if err != nil {
				t.Fatalf("%q printed as %q, which does not parse: %v", s, out, err)
			}
			if !back.Equal(d) || marshalled(t, MarshalDecimal(back)) != out {
				t.Fatalf("%q -> %q -> %s: not the same number", s, out, back)
			}
		}
	})
}

// A DateTime that parses prints in UTC and parses back to the same instant.
func FuzzDateTime(f *testing.F) {
	for _, s := range []string{"2024-01-31T16:00:00Z", "2024-02-01T00:00:00+08:00", "0000-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "2024-01-31", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := UnmarshalDateTime(s)
		mustBeInputError(t, err)
		if err != nil {
			return
		}
		out := marshalled(t, MarshalDateTime(tm))
		back, err := UnmarshalDateTime(out)
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", s, out, err)
		}
		if !back.Equal(tm) || back.Location() != time.UTC {
			t.Fatalf("%q -> %q -> %v: not the same instant in UTC", s, out, back)
		}
	})
}

// Dates and Months that parse print unchanged and name the same day or month.
func FuzzDateAndMonth(f *testing.F) {
	for _, s := range []string{"2024-01-31", "2024-02-30", "2024-01", "2024-13", "0000-01-01", "2024-1-31", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d Date
		err := d.UnmarshalGQL(s)
		mustBeInputError(t, err)
		if err == nil {
			var b bytes.Buffer
			d.MarshalGQL(&b)
			if b.String() != strconv.Quote(s) || d.Time(time.UTC).Format("2006-01-02") != s {
				t.Fatalf("Date %q printed as %s, day %v", s, b.String(), d.Time(time.UTC))
			}
		}
		var m Month
		err = m.UnmarshalGQL(s)
		mustBeInputError(t, err)
		if err == nil {
			var b bytes.Buffer
			m.MarshalGQL(&b)
			if b.String() != strconv.Quote(s) {
				t.Fatalf("Month %q printed as %s", s, b.String())
			}
			if _, err := time.Parse("2006-01", string(m)); err != nil {
				t.Fatalf("Month %q does not name a month: %v", s, err)
			}
		}
	})
}
