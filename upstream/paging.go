package upstream

import (
	"net/url"
	"strconv"
)

// ListOptions pages the list APIs that take a 0-based record offset and a
// page size: coupons (§6.1.1), orders (§6.2.1, §6.2.2), bills (§7.2, §7.3
// and the SDK's summary bill), costs (§8.1) and member accounts (§9.2.1).
// The rules are the same in a query string and in a JSON body: BSS rejects
// an empty value and defaults to offset 0 and limit 10, so unset fields are
// not sent. Each API's limit range is in its options' comment.
type ListOptions struct {
	// Offset is a pointer so that an explicit 0 is sent.
	Offset *int `json:"offset,omitempty"`
	Limit  int  `json:"limit,omitempty"` // 0 is not sent
}

// addTo adds the set fields to the query v.
func (o *ListOptions) addTo(v url.Values) {
	if o.Offset != nil {
		v.Set("offset", strconv.Itoa(*o.Offset))
	}
	querySetInt(v, "limit", o.Limit)
}

// OffsetListOptions pages the resource and resource package APIs (§6.3.1,
// §6.4.1, §6.4.3). Their offset is always sent: 0 is both its zero value and
// its documented default, so sending it never changes the answer.
type OffsetListOptions struct {
	Offset int `json:"offset"`
	Limit  int `json:"limit,omitempty"` // not sent when 0; BSS then uses 10
}

// addTo adds the fields to the query v; a limit below 1 is not sent.
func (o *OffsetListOptions) addTo(v url.Values) {
	v.Set("offset", strconv.Itoa(o.Offset))
	if o.Limit > 0 {
		v.Set("limit", strconv.Itoa(o.Limit))
	}
}

// CatalogListOptions pages the product catalog APIs (§4.1.1 to §4.1.4). The
// reference says of both fields that they "cannot be set to """ (Tables 4-2,
// 4-5, 4-8, 4-12), so an unset one is left out; unlike ListOptions, Limit is
// a pointer too, and a set limit is sent as it is, 0 included.
type CatalogListOptions struct {
	Offset *int
	Limit  *int
}

// addTo adds the set fields to the query v.
func (o *CatalogListOptions) addTo(v url.Values) {
	if o.Offset != nil {
		v.Set("offset", strconv.Itoa(*o.Offset))
	}
	if o.Limit != nil {
		v.Set("limit", strconv.Itoa(*o.Limit))
	}
}
