package graph

import (
	"errors"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// Helpers every domain's mappers share.

// money returns amount (in the unit measureID) as Money in major units.
// An unknown or absent measure_id is taken as major units, as BSS's
// default has been dollars since 2020 (API reference change history).
func money(amount decimal.Decimal, measureID int, currency string) *model.Money {
	if currency == "" {
		currency = "USD" // "If this parameter is left blank, USD is used."
	}
	shift, _ := upstream.MajorUnitShift(measureID) // an unknown unit: 0, major units
	m := &model.Money{Amount: amount.Shift(shift), Currency: currency, RawAmount: amount}
	if measureID != 0 {
		id := int32(measureID)
		m.MeasureID = &id
	}
	return m
}

// moneyPtr is money for an optional upstream amount.
func moneyPtr(amount *upstream.Amount, measureID int, currency string) *model.Money {
	if amount == nil {
		return nil
	}
	return money(amount.Decimal, measureID, currency)
}

// timeLayouts are the forms BSS times arrive in: the documented
// yyyy-MM-dd'T'HH:mm:ss'Z', RFC 3339 with an offset, and a space-separated
// form some examples show.
var timeLayouts = []string{"2006-01-02T15:04:05Z", time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05"}

// parseTime returns the UTC instant of a BSS time string, or nil when it is
// empty or unreadable (a field BSS leaves blank).
func parseTime(s string) *time.Time {
	if s == "" {
		return nil
	}
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			t = t.UTC()
			return &t
		}
	}
	return nil
}

// parseTimePtr is parseTime for an optional string.
func parseTimePtr(s *string) *time.Time {
	if s == nil {
		return nil
	}
	return parseTime(*s)
}

// enumOf maps a documented code to its enum value; codes the reference does
// not list become unknown (the raw code stays on its own field).
func enumOf[C comparable, E any](table map[C]E, code C, unknown E) E {
	if e, ok := table[code]; ok {
		return e
	}
	return unknown
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// strPtr returns nil for "" and a pointer otherwise.
func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// userErrors turns a mutation's failure into the payload's userErrors when
// BSS definitely refused it (a documented business or parameter error, or an
// unknown id); any other failure — outcome unknown, throttling, an outage —
// stays a GraphQL error. field names the input the failure concerns.
func userErrors(err error, field ...string) ([]*model.UserError, error) {
	var ue *upstream.Error
	if !errors.As(err, &ue) || errors.Is(err, upstream.ErrOutcomeUnknown) ||
		!(ue.Is(upstream.ErrInvalid) || ue.Is(upstream.ErrNotFound)) {
		return nil, err
	}
	e := &model.UserError{Code: ue.Code, Message: ue.Message}
	if len(field) > 0 {
		e.Field = field
	}
	return []*model.UserError{e}, nil
}

// decimalPtr is the value of an optional amount.
func decimalPtr(a *upstream.Amount) *decimal.Decimal {
	if a == nil {
		return nil
	}
	return &a.Decimal
}

// ptrOr returns *p, or def for nil.
func ptrOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// enumCode returns the code of enum value v in table (the reverse of enumOf).
func enumCode[C comparable, E comparable](table map[C]E, v E) (C, bool) {
	for c, e := range table {
		if e == v {
			return c, true
		}
	}
	var zero C
	return zero, false
}

// filterCode returns the code of the enum filter arg, v, in table (the zero
// code when v is absent), or refuses a value BSS cannot filter by, one
// that is not what.
func filterCode[C, E comparable](table map[C]E, arg string, v *E, what string) (C, error) {
	var zero C
	if v == nil {
		return zero, nil
	}
	code, ok := enumCode(table, *v)
	if !ok {
		return zero, badInput("%s: %v is not %s", arg, *v, what)
	}
	return code, nil
}
