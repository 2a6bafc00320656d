package upstream

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"
)

// Amount is a BSS BigDecimal (money, usage or size). It decodes from the raw
// JSON text, whether BSS sent a number (8.128) or a string ("800.0"), without
// passing through float64, and encodes as a JSON number as most APIs send it.
// JSON null and "" decode to zero; use *Amount where absence matters.
type Amount struct{ decimal.Decimal }

// NewAmount parses s as an Amount. It panics on malformed input and is meant
// for literals in tests and seed data.
func NewAmount(s string) Amount { return Amount{decimal.RequireFromString(s)} }

// AmountOf wraps d.
func AmountOf(d decimal.Decimal) Amount { return Amount{d} }

// UnmarshalJSON implements json.Unmarshaler.
func (a *Amount) UnmarshalJSON(b []byte) error {
	d, err := decodeDecimal(b)
	if err != nil {
		return err
	}
	a.Decimal = d
	return nil
}

// MarshalJSON implements json.Marshaler; the value is a bare JSON number.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(exactText(a.Decimal)), nil }

// exactText formats d keeping its scale, so 800.0 encodes as 800.0 and not
// 800: the text BSS sent is the text the sandbox and the gateway pass on.
func exactText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// majorUnitShifts are the decimal shifts from the currency units of
// measure_id to major units: 1 yuan/dollar, 2 jiao/dime (÷10), 3 fen/cent
// (÷100) (API reference §4.1.5). Shifting is exact.
var majorUnitShifts = map[int]int32{1: 0, 2: -1, 3: -2}

// MajorUnitShift returns the decimal shift that turns an amount in the
// currency unit measureID into yuan or dollars; ok is false when measureID
// is not a currency unit.
func MajorUnitShift(measureID int) (shift int32, ok bool) {
	shift, ok = majorUnitShifts[measureID]
	return shift, ok
}

// StringAmount is an Amount that BSS sends as a JSON string, as the renew-rate
// API (§4.2.3) does for all its amounts. It decodes from either form.
type StringAmount struct{ decimal.Decimal }

// UnmarshalJSON implements json.Unmarshaler.
func (a *StringAmount) UnmarshalJSON(b []byte) error {
	d, err := decodeDecimal(b)
	if err != nil {
		return err
	}
	a.Decimal = d
	return nil
}

// MarshalJSON implements json.Marshaler; the value is a JSON string.
func (a StringAmount) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(exactText(a.Decimal))), nil
}

func decodeDecimal(b []byte) (decimal.Decimal, error) {
	b = bytes.TrimSpace(b)
	if inner, ok := plainString(b); ok {
		b = inner
	} else if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return decimal.Zero, fmt.Errorf("decoding amount %s: %w", b, err)
		}
		b = []byte(s)
	}
	if len(b) == 0 || string(b) == "null" {
		return decimal.Zero, nil
	}
	if d, ok := plainDecimal(b); ok {
		return d, nil
	}
	d, err := decimal.NewFromString(string(b))
	if err != nil {
		return decimal.Zero, fmt.Errorf("decoding amount %q: %w", b, err)
	}
	return d, nil
}

// Int is a BSS Integer that some APIs send as a JSON string ("1") although the
// reference types it Integer, or the other way round. It decodes from either
// form and encodes as a JSON number. null and "" decode to 0.
type Int int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(b []byte) error {
	s, err := scalarText(b)
	if err != nil || s == "" {
		return err
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// Some bodies carry integral values as 1.0; accept them exactly.
		d, derr := decimal.NewFromString(s)
		if derr != nil || !d.IsInteger() {
			return fmt.Errorf("decoding integer %q: %w", s, err)
		}
		v = d.IntPart()
	}
	*n = Int(v)
	return nil
}

// Code is a BSS String that some APIs send as a JSON number (for example a
// charge mode documented as String in one table and Integer in another). It
// decodes from either form and encodes as a JSON string.
type Code string

// UnmarshalJSON implements json.Unmarshaler.
func (c *Code) UnmarshalJSON(b []byte) error {
	s, err := scalarText(b)
	if err != nil {
		return err
	}
	*c = Code(s)
	return nil
}

// IntCode is a code that the reference documents as an Integer, but which is
// decoded leniently from a string too; it encodes as a JSON number when it is
// numeric and as a string otherwise.
type IntCode string

// UnmarshalJSON implements json.Unmarshaler.
func (c *IntCode) UnmarshalJSON(b []byte) error {
	s, err := scalarText(b)
	if err != nil {
		return err
	}
	*c = IntCode(s)
	return nil
}

// MarshalJSON implements json.Marshaler.
func (c IntCode) MarshalJSON() ([]byte, error) {
	if c == "" {
		return []byte("null"), nil
	}
	if _, err := strconv.ParseInt(string(c), 10, 64); err == nil {
		return []byte(c), nil
	}
	return []byte(strconv.Quote(string(c))), nil
}

// scalarText returns the text of a JSON string, number or boolean, and "" for
// null.
func scalarText(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return "", nil
	}
	if inner, ok := plainString(b); ok {
		return string(inner), nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", err
		}
		return s, nil
	}
	if b[0] == '{' || b[0] == '[' {
		return "", fmt.Errorf("decoding scalar: got %.20s", b)
	}
	return string(b), nil
}

// plainString returns the text of a JSON string without escapes, the form of
// almost every amount and code BSS sends, so decoding it needs no second
// JSON decoder. Strings with escapes or non-ASCII bytes (which the decoder
// would check as UTF-8) report false and take the full path.
func plainString(b []byte) ([]byte, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false
	}
	inner := b[1 : len(b)-1]
	for _, c := range inner {
		if c == '\\' || c == '"' || c < 0x20 || c >= 0x80 {
			return nil, false
		}
	}
	return inner, true
}

// plainDecimal reads the form almost every BSS amount takes, an optional
// minus, digits and an optional fraction ("-12.50"), with at most 18
// digits, straight into a Decimal with the same value and exponent as
// decimal.NewFromString gives: amounts are the most frequent values of the
// order and bill answers, and the general parser costs four allocations
// each. Anything else (exponents, more digits) reports false.
func plainDecimal(b []byte) (decimal.Decimal, bool) {
	i, neg := 0, false
	if len(b) > 0 && b[0] == '-' {
		i, neg = 1, true
	}
	var v int64
	var exp int32
	digits, dot := 0, false
	for ; i < len(b); i++ {
		switch c := b[i]; {
		case c >= '0' && c <= '9':
			if digits++; digits > 18 {
				return decimal.Decimal{}, false
			}
			v = v*10 + int64(c-'0')
			if dot {
				exp--
			}
		case c == '.' && !dot && digits > 0:
			dot = true
		default:
			return decimal.Decimal{}, false
		}
	}
	if digits == 0 || dot && exp == 0 {
		return decimal.Decimal{}, false
	}
	if neg {
		v = -v
	}
	return decimal.New(v, exp), true
}
