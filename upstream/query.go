package upstream

import (
	"net/url"
	"strconv"
)

// queryAdder is an options type that adds its set fields to a query.
type queryAdder[T any] interface {
	*T
	addTo(v url.Values)
}

// queryOf returns the query of the options o: nil options, like empty ones,
// are an empty query.
func queryOf[T any, P queryAdder[T]](o P) url.Values {
	v := url.Values{}
	if o != nil {
		o.addTo(v)
	}
	return v
}

// querySetStr sets key to s unless s is empty: the reference rejects "" for
// most filters, and an absent filter is what an unset option means.
func querySetStr(v url.Values, key, s string) {
	if s != "" {
		v.Set(key, s)
	}
}

// querySetInt sets key to n unless n is 0, which none of the filters sent
// this way uses as a value (the ones that do are pointers).
func querySetInt(v url.Values, key string, n int) {
	if n != 0 {
		v.Set(key, strconv.Itoa(n))
	}
}
