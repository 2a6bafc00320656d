package model

// SortKey is the field and direction of a coupon order; nil, no orderBy,
// is BSS's own order (field "").
func (o *CouponOrder) SortKey() (string, SortDirection) {
	if o == nil {
		return "", ""
	}
	return string(o.Field), o.Direction
}

// SortKey is the field and direction of a resource order; nil, no
// orderBy, is BSS's own order (field "").
func (o *ResourceOrder) SortKey() (string, SortDirection) {
	if o == nil {
		return "", ""
	}
	return string(o.Field), o.Direction
}
