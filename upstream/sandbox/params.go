package sandbox

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// query returns the request's query parameters.
func (r *request) query() url.Values { return r.http.URL.Query() }

// pathValue returns a path parameter such as {order_id}.
func (r *request) pathValue(name string) string { return r.http.PathValue(name) }

// decodeBody decodes the JSON body into v; a malformed body is CBC.0100.
func (r *request) decodeBody(v any) error {
	if len(strings.TrimSpace(string(r.body))) == 0 {
		return badParam("the request body is empty")
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		return badParam("the request body is not valid JSON for this API: %v", err)
	}
	return nil
}

// intParam reads an optional integer query parameter within [lo, hi]. An
// absent parameter gives def; "" or a value out of range is CBC.0100, as the
// reference says offset/limit "cannot be set to \"\"".
func (r *request) intParam(name string, def, lo, hi int) (int, error) {
	q := r.query()
	if _, ok := q[name]; !ok {
		return def, nil
	}
	return checkInt(name, q.Get(name), lo, hi)
}

func checkInt(name, v string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, badParam("%s must be an integer, got %q", name, v)
	}
	if n < lo || n > hi {
		return 0, badParam("%s must be in [%d, %d], got %d", name, lo, hi, n)
	}
	return n, nil
}

// checkRange validates an integer body field within [lo, hi].
func checkRange(name string, n, lo, hi int) error {
	if n < lo || n > hi {
		return badParam("%s must be in [%d, %d], got %d", name, lo, hi, n)
	}
	return nil
}

// requiredParam reads a mandatory query parameter.
func (r *request) requiredParam(name string) (string, error) {
	v := r.query().Get(name)
	if v == "" {
		return "", badParam("%s is mandatory", name)
	}
	return v, nil
}

// Time formats of the reference.
const (
	utcLayout   = "2006-01-02T15:04:05Z" // times in requests and answers
	monthLayout = "2006-01"              // bill cycles
	dateLayout  = "2006-01-02"
)

// gmt8 is the time zone of bill cycles and of some date parameters.
var gmt8 = time.FixedZone("GMT+08:00", 8*3600)

// parseTime validates a UTC time parameter of the form 2006-01-02T15:04:05Z.
func parseTime(name, v string) (time.Time, error) {
	t, err := time.Parse(utcLayout, v)
	if err != nil {
		return time.Time{}, badParam("%s must be a UTC time such as 2019-05-06T08:05:01Z, got %q", name, v)
	}
	return t, nil
}

// parseMonth validates a bill cycle YYYY-MM.
func parseMonth(name, v string) (time.Time, error) {
	t, err := time.ParseInLocation(monthLayout, v, gmt8)
	if err != nil {
		return time.Time{}, badParam("%s must be a month such as 2024-01, got %q", name, v)
	}
	return t, nil
}

// parseDate validates a date YYYY-MM-DD (GMT+08:00).
func parseDate(name, v string) (time.Time, error) {
	t, err := time.ParseInLocation(dateLayout, v, gmt8)
	if err != nil {
		return time.Time{}, badParam("%s must be a date such as 2024-01-31, got %q", name, v)
	}
	return t, nil
}

// page returns items[offset : offset+limit], clamped to the slice.
func page[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return []T{}
	}
	end := min(len(items), offset+limit)
	return items[offset:end]
}

// pageViews returns the answer views of one page of items; an empty page
// is an empty list, never null, on the wire.
func pageViews[T, V any](items []T, offset, limit int, view func(T) V) []V {
	p := page(items, offset, limit)
	out := make([]V, 0, len(p))
	for _, it := range p {
		out = append(out, view(it))
	}
	return out
}

// fmtTime formats t as the reference's UTC time string.
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(utcLayout)
}

// pageParams reads the offset (default 0, at most maxOffset) and limit
// (default 10, 1 to maxLimit) query parameters most list APIs share.
func (r *request) pageParams(maxOffset, maxLimit int) (offset, limit int, err error) {
	if offset, err = r.intParam("offset", 0, 0, maxOffset); err != nil {
		return 0, 0, err
	}
	limit, err = r.intParam("limit", 10, 1, maxLimit)
	return offset, limit, err
}

// bodyPaging is the offset and limit of a JSON request body, which BSS
// accepts as numbers or strings.
type bodyPaging struct {
	Offset json.RawMessage `json:"offset"`
	Limit  json.RawMessage `json:"limit"`
}

// page reads offset (default 0, at most maxOffset) and limit (default 10,
// 1 to maxLimit).
func (p *bodyPaging) page(maxOffset, maxLimit int) (offset, limit int, err error) {
	offset, set, err := rawInt("offset", p.Offset)
	if err != nil {
		return 0, 0, err
	}
	if set {
		if err := checkRange("offset", offset, 0, maxOffset); err != nil {
			return 0, 0, err
		}
	}
	if limit, err = p.limit(maxLimit); err != nil {
		return 0, 0, err
	}
	return offset, limit, nil
}

// limit reads limit: default 10, 1 to maxLimit.
func (p *bodyPaging) limit(maxLimit int) (int, error) {
	limit, set, err := rawInt("limit", p.Limit)
	if err != nil {
		return 0, err
	}
	if !set {
		limit = 10
	}
	if err := checkRange("limit", limit, 1, maxLimit); err != nil {
		return 0, err
	}
	return limit, nil
}
