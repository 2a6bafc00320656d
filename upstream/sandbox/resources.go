package sandbox

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// resourceState holds an account's yearly/monthly resources (§6.3).
type resourceState struct {
	list []*resource          // creation order; a primary precedes its attachments
	byID map[string]*resource // by resource_id
}

// resource is a yearly/monthly resource: the documented record plus what the
// sandbox needs to keep it consistent with orders, prices and bills.
//
// The embedded record's names are English; answers render them in the
// caller's language (view). Its time strings mirror effective, expire and
// updated (sync).
type resource struct {
	upstream.Resource
	product *product
	region  region
	size    int    // size of a linear product (GB, Mbit/s), else 0
	orderID string // the (top-level) order that created it

	primary  *resource   // the primary of an attached resource; nil for a primary
	attached []*resource // the attached resources of a primary

	effective, expire, updated time.Time
	// periods are the paid spans, oldest first: which order paid how much
	// for which span (purchase, renewals, commercial use). Unsubscription
	// of renewal periods (type 2) removes spans; closing keeps them.
	periods []resPeriod
	// pendingOrder is a renewal order pending payment that includes the
	// resource; renewing or unsubscribing it meanwhile is CBC.99003100.
	pendingOrder string
	// prevPolicy is the expire_policy before auto-renewal (3) or the change
	// to pay-per-use (1) was set up, restored when that is turned off.
	prevPolicy int
	// trial marks a resource of a trial order not (yet) in commercial use.
	trial bool
	// securityFrozen marks a resource frozen while in effect (status 4
	// before expiry), as opposed to one frozen in the retention period.
	securityFrozen bool
}

// resPeriod is one paid span of a resource.
type resPeriod struct {
	orderID    string
	period     ymPeriod
	start, end time.Time
	paid       decimal.Decimal
}

// Resource statuses (Table 6-32).
const (
	resProvisioned = 2
	resClosed      = 3 // not visible to customers
	resFrozen      = 4
	resExpired     = 5
)

// unitPrimary returns the primary of res (res itself for a primary).
func (res *resource) unitPrimary() *resource {
	if res.primary != nil {
		return res.primary
	}
	return res
}

// unit returns res and its attached resources.
func (res *resource) unit() []*resource {
	return append([]*resource{res}, res.attached...)
}

// openUnit returns res and its attached resources that are not closed (an
// EIP or bandwidth may have been unsubscribed on its own).
func (res *resource) openUnit() []*resource {
	out := []*resource{res}
	for _, at := range res.attached {
		if at.Status != resClosed {
			out = append(out, at)
		}
	}
	return out
}

// sync writes the times into the record's strings.
func (res *resource) sync() {
	res.EffectiveTime = fmtTime(res.effective)
	res.ExpireTime = fmtTime(res.expire)
	res.UpdateTime = fmtTime(res.updated)
}

// setProduct changes the product and size of res (a change order).
func (res *resource) setProduct(p *product, size int) {
	res.product, res.size = p, size
	res.ResourceSpecCode = p.spec
	res.ProductID = p.productID(res.region.code)
	res.ProductSpecDesc = ymSpecDesc(p, size, true)
	res.SpecSize, res.SpecSizeMeasureID = nil, nil
	if p.linear {
		res.SpecSize = ymAmtPtr(decimal.New(int64(size)*10, -1))
		m := p.sizeMeasure
		res.SpecSizeMeasureID = &m
	}
}

// view renders res in the caller's language.
func (res *resource) view(en bool) upstream.Resource {
	v := res.Resource
	v.ServiceTypeName = catalogServiceName(res.product.serviceType, en)
	v.ResourceTypeName = catalogResourceName(res.product.resourceType, en)
	v.ProductSpecDesc = ymSpecDesc(res.product, res.size, en)
	if v.EnterpriseProject != nil {
		ep := *v.EnterpriseProject
		v.EnterpriseProject = &ep
	}
	return v
}

// ---- periods ----

// ymPeriod is a subscription period: typ 2 (month) or 3 (year), num periods.
type ymPeriod struct{ typ, num int }

// after returns the expiry of a subscription starting at t: the end
// (23:59:59 GMT+08:00) of the day one period later, as BSS sets it.
func (p ymPeriod) after(t time.Time) time.Time {
	d := t.In(gmt8)
	if p.typ == periodYear {
		d = d.AddDate(p.num, 0, 0)
	} else {
		d = d.AddDate(0, p.num, 0)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, gmt8).UTC()
}

// before returns t one period earlier (the inverse of after, up to days).
func (p ymPeriod) before(t time.Time) time.Time {
	if p.typ == periodYear {
		return t.AddDate(-p.num, 0, 0)
	}
	return t.AddDate(0, -p.num, 0)
}

const ymDay = 24 * time.Hour

// minLen and maxLen bound how long the period lasts.
func (p ymPeriod) minLen() time.Duration {
	if p.typ == periodYear {
		return time.Duration(p.num) * 365 * ymDay
	}
	return time.Duration(p.num) * 28 * ymDay
}

func (p ymPeriod) maxLen() time.Duration {
	if p.typ == periodYear {
		return time.Duration(p.num)*366*ymDay + ymDay
	}
	return time.Duration(p.num)*31*ymDay + ymDay
}

func ymCategory(p *product) string {
	if c, ok := ymCategories[p.resourceType]; ok {
		return c
	}
	return strings.Replace(p.resourceType, ".type.", ".", 1)
}

// ymSpecDesc is the product_spec_desc of p at size.
func ymSpecDesc(p *product, size int, en bool) string {
	desc := p.descZH
	if en {
		desc = p.descEN
	}
	if !p.linear {
		return desc
	}
	unit := "GB"
	if p.sizeMeasure == 15 {
		unit = "Mbit/s"
	}
	return fmt.Sprintf("%s | %d %s", desc, size, unit)
}

// ymPrimaries are the yearly/monthly products that can be bought as a
// primary resource, by service type: every yearly/monthly product except
// those only sold attached to a product of their own service (database
// storage).
var ymPrimaries = func() map[string][]*product {
	attachedOnly := map[*product]bool{}
	for _, p := range products {
		for _, at := range p.attached {
			if ap, ok := findProduct(at.resourceType, at.spec); ok && ap.serviceType == p.serviceType {
				attachedOnly[ap] = true
			}
		}
	}
	m := map[string][]*product{}
	for _, p := range yearlyMonthlyPrimaries() {
		if !attachedOnly[p] {
			m[p.serviceType] = append(m[p.serviceType], p)
		}
	}
	return m
}()

// unitSize is how many resources a purchase of p provisions.
func ymUnitSize(p *product) int {
	n := 1
	for _, at := range p.attached {
		if _, ok := findProduct(at.resourceType, at.spec); ok {
			n++
		}
	}
	return n
}

// ymDetachable reports whether an attached resource of this type may be
// unsubscribed on its own (an EIP or bandwidth of a server); disks and
// database storage go only with their primary.
func ymDetachable(res *resource) bool {
	t := res.product.resourceType
	return t == "hws.resource.type.ip" || t == "hws.resource.type.bandwidth"
}

// ---- query (6.3.1) ----

type resQueryRequest struct {
	ResourceIDs      []string `json:"resource_ids"`
	OrderID          *string  `json:"order_id"`
	OnlyMainResource *int     `json:"only_main_resource"`
	StatusList       []int    `json:"status_list"`
	Offset           *int     `json:"offset"`
	Limit            *int     `json:"limit"`
	ExpireTimeBegin  *string  `json:"expire_time_begin"`
	ExpireTimeEnd    *string  `json:"expire_time_end"`
	ServiceTypeCode  *string  `json:"service_type_code"`
}

// queryResources answers 6.3.1, POST /v2/orders/suscriptions/resources/query
// (and the correctly spelled path). Closed resources (status 3) are not
// visible to customers unless status_list asks for them.
// ymCategories are the product catalog codes (category_code) of the
// resource types.
var ymCategories = map[string]string{
	"hws.resource.type.vm":          "hws.resource.computing.ecs",
	"hws.resource.type.volume":      "hws.resource.storage1.evs",
	"hws.resource.type.ip":          "hws.resource.network.eip",
	"hws.resource.type.bandwidth":   "hws.resource.network.bandwidth",
	"hws.resource.type.rds.vm":      "hws.resource.database.rds",
	"hws.resource.type.rds.volume":  "hws.resource.database.rds.storage",
	"hws.resource.type.dcs":         "hws.resource.database.dcs",
	"hws.resource.type.dds.vm":      "hws.resource.database.dds",
	"hws.resource.type.dds.volume":  "hws.resource.database.dds.storage",
	"hws.resource.type.cce.cluster": "hws.resource.container.cce",
	"hws.resource.type.elb":         "hws.resource.network.elb",
	"hws.resource.type.nat_gateway": "hws.resource.network.nat",
	"hws.resource.type.waf":         "hws.resource.security.waf",
	"hws.resource.type.vpn.gateway": "hws.resource.network.vpn",
	"hws.resource.type.css.node":    "hws.resource.bigdata.css",
	"hws.resource.type.gaussdb.vm":  "hws.resource.database.gaussdb",
}

// resFilter is a validated 9.1 request.
type resFilter struct {
	ids           map[string]bool
	orderID       string
	onlyMain      bool
	statuses      map[int]bool
	offset, limit int
	from, to      time.Time // expiry window; zero: open
	service       string
}

func (s *Server) queryResources(a *account, r *request) (any, error) {
	var req resQueryRequest
	if strings.TrimSpace(string(r.body)) != "" {
		if err := r.decodeBody(&req); err != nil {
			return nil, err
		}
	}
	f, err := req.filter()
	if err != nil {
		return nil, err
	}
	candidates := a.resources.list
	if f.orderID != "" {
		candidates = nil
		if o := a.ordFind(f.orderID); o != nil {
			candidates = o.resources
		}
	}
	var matched []*resource
	for _, res := range candidates {
		if f.matches(res) {
			matched = append(matched, res)
		}
	}
	en := r.en()
	resources := pageViews(matched, f.offset, f.limit, func(res *resource) upstream.Resource { return res.view(en) })
	return upstream.ResourcePage{TotalCount: len(matched), Resources: resources}, nil
}

// filter validates the request, in the order the reference checks it.
func (req *resQueryRequest) filter() (*resFilter, error) {
	f := &resFilter{ids: map[string]bool{}, statuses: map[int]bool{}, offset: 0, limit: 10}
	if len(req.ResourceIDs) > 50 {
		return nil, badParam("resource_ids holds at most 50 IDs, got %d", len(req.ResourceIDs))
	}
	for _, id := range req.ResourceIDs {
		if len(id) > 64 {
			return nil, badParam("a resource ID has at most 64 characters")
		}
		f.ids[id] = true
	}
	if req.OrderID != nil {
		if len(*req.OrderID) > 64 {
			return nil, badParam("order_id has at most 64 characters")
		}
		f.orderID = *req.OrderID
	}
	if req.OnlyMainResource != nil {
		if err := checkRange("only_main_resource", *req.OnlyMainResource, 0, 1); err != nil {
			return nil, err
		}
		f.onlyMain = *req.OnlyMainResource == 1
	}
	if len(req.StatusList) > 10 {
		return nil, badParam("status_list holds at most 10 values")
	}
	for _, st := range req.StatusList {
		if st < resProvisioned || st > resExpired {
			return nil, badParam("status_list values are 2, 3, 4 or 5, got %d", st)
		}
		f.statuses[st] = true
	}
	if err := optRange(&f.offset, "offset", req.Offset, 0, 2147483646); err != nil {
		return nil, err
	}
	if err := optRange(&f.limit, "limit", req.Limit, 1, 500); err != nil {
		return nil, err
	}
	if err := req.expiryWindow(f); err != nil {
		return nil, err
	}
	if req.ServiceTypeCode != nil {
		if *req.ServiceTypeCode == "" || len(*req.ServiceTypeCode) > 64 {
			return nil, badParam("service_type_code must have 1 to 64 characters")
		}
		f.service = *req.ServiceTypeCode
	}
	return f, nil
}

// optRange sets *dst to *v when v is given and within [lo, hi].
func optRange(dst *int, name string, v *int, lo, hi int) error {
	if v == nil {
		return nil
	}
	if err := checkRange(name, *v, lo, hi); err != nil {
		return err
	}
	*dst = *v
	return nil
}

// expiryWindow sets f's expiry window from expire_time_begin/end.
func (req *resQueryRequest) expiryWindow(f *resFilter) error {
	var err error
	if req.ExpireTimeBegin != nil && *req.ExpireTimeBegin != "" {
		if f.from, err = parseTime("expire_time_begin", *req.ExpireTimeBegin); err != nil {
			return err
		}
	}
	if req.ExpireTimeEnd != nil && *req.ExpireTimeEnd != "" {
		if f.to, err = parseTime("expire_time_end", *req.ExpireTimeEnd); err != nil {
			return err
		}
	}
	if !f.from.IsZero() && !f.to.IsZero() && f.to.Before(f.from) {
		return badParam("expire_time_end must not be before expire_time_begin")
	}
	return nil
}

// matches reports whether res is selected by the filter (order apart).
func (f *resFilter) matches(res *resource) bool {
	if len(f.statuses) > 0 && !f.statuses[res.Status] || len(f.statuses) == 0 && res.Status == resClosed {
		return false
	}
	if len(f.ids) > 0 {
		// Named resources, plus the attached resources of named
		// primaries unless only primaries are asked for.
		if !f.ids[res.ResourceID] && (f.onlyMain || res.IsMainResource == 1 || !f.ids[res.ParentResourceID]) {
			return false
		}
	} else if f.onlyMain && res.IsMainResource == 0 {
		return false
	}
	if f.service != "" && !strings.EqualFold(f.service, res.ServiceTypeCode) {
		return false
	}
	return !(!f.from.IsZero() && res.expire.Before(f.from) || !f.to.IsZero() && res.expire.After(f.to))
}
