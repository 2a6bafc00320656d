package sandbox

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// Cost data (§8.1) is computed from the same ledger as the bills. Original
// costs fall on the bill date of each record, so a month's ORIGINAL_COST
// total equals its summary bill (7.1) and the sum of its records (7.2,
// 7.3). Amortized costs spread each yearly/monthly charge (and refund) over
// the service period it pays for, second by second; pay-per-use and
// adjustment records are not spread. PAYMENT_AMOUNT is the amount due
// after discounts (cash coupons included); NET_AMOUNT leaves out what cash
// coupons paid. The undocumented CHARGING_MODE and BILL_TYPE values are the
// charge_mode (E3) and bill_type (E1) codes of the bill APIs; records of
// services without enterprise projects have ENTERPRISE_PROJECT_ID "-1".

// costDimensions are the dimension keys of groupby (Table 8-3).
var costDimensions = []string{
	"CLOUD_SERVICE_TYPE", "ASSOCIATED_ACCOUNT", "REGION_CODE", "RES_SPEC_CODE", "USAGE_TYPE",
	"ENTERPRISE_PROJECT_ID", "RESOURCE_ID", "CHARGING_MODE", "BILL_TYPE", "RESOURCE_TYPE",
	"AZ_CODE", "BE_ID", "PAYER_ACCOUNT_ID", "SPLIT_ITEM_NAME",
}

// costFilterKeys are the filter keys (Table 8-5).
var costFilterKeys = append(slices.Clone(costDimensions), "RESOURCE_TAG", "COST_UNIT")

// costMaxIndependent is how many independently accounted members an
// enterprise master may query at once (CBC.18000048 beyond it).
const costMaxIndependent = 10

// costDim returns the value of dimension key for record e of account m.
func costDim(key string, m *account, e *ledgerEntry) string {
	br := e.res
	switch key {
	case "CLOUD_SERVICE_TYPE":
		return br.p.serviceType
	case "ASSOCIATED_ACCOUNT":
		return m.ID
	case "REGION_CODE":
		return br.reg.code
	case "RES_SPEC_CODE":
		return br.p.spec
	case "USAGE_TYPE":
		return br.p.usageFactor
	case "ENTERPRISE_PROJECT_ID":
		if br.ep == nil {
			return "-1"
		}
		return br.ep.id
	case "RESOURCE_ID":
		return br.id
	case "CHARGING_MODE":
		return strconv.Itoa(int(e.chargeMode))
	case "BILL_TYPE":
		return strconv.Itoa(int(e.billType))
	case "RESOURCE_TYPE":
		return br.p.resourceType
	case "AZ_CODE":
		return br.az
	case "BE_ID":
		return billBeID(m)
	case "PAYER_ACCOUNT_ID":
		return billPayer(m).ID
	case "RESOURCE_TAG":
		return br.tag
	}
	return "" // SPLIT_ITEM_NAME, COST_UNIT: the sandbox has none
}

// costGroupValue is the dimension value of one groupby entry.
func costGroupValue(gb costGroupBy, m *account, e *ledgerEntry) string {
	switch gb.Type {
	case "tag":
		// The value of the tag key on the resource, or the reference
		// example's "Group:noTagKey" for resources without it.
		k, v, ok := strings.Cut(e.res.tag, "=")
		if !ok || k != gb.Key {
			return "Group:noTagKey"
		}
		return gb.Key + ":" + v
	case "cost_unit":
		return "Group:noCostUnit"
	}
	return costDim(gb.Key, m, e)
}

type costGroupBy struct {
	Type string `json:"type"`
	Key  string `json:"key"`
}

// costFilterSpec is a validated filter: records whose value of key is (or,
// excluding, is not) one of values.
type costFilterSpec struct {
	exclude bool
	key     string
	values  map[string]bool
}

// costBody is the request body of 8.1.
type costBody struct {
	TimeCondition *struct {
		TimeMeasureID json.RawMessage `json:"time_measure_id"`
		BeginTime     *string         `json:"begin_time"`
		EndTime       *string         `json:"end_time"`
	} `json:"time_condition"`
	GroupBy    []costGroupBy `json:"groupby"`
	CostType   *string       `json:"cost_type"`
	AmountType *string       `json:"amount_type"`
	Filters    []costFilter  `json:"filters"`
	bodyPaging
}

type costFilter struct {
	Operator     *int `json:"operator"`
	FilterFactor *struct {
		Key   string   `json:"key"`
		Value []string `json:"value"`
	} `json:"filter_factor"`
}

// costRequest is a validated 8.1 request body.
type costRequest struct {
	window        costWindow
	groupBy       []costGroupBy
	amortized     bool // AMORTIZED_COST, not ORIGINAL_COST
	net           bool // NET_AMOUNT, not PAYMENT_AMOUNT
	filters       []costFilterSpec
	accountsAsked []string // ASSOCIATED_ACCOUNT values included
	offset, limit int
}

// costWindow is the time condition: [begin, end) in GMT+08:00, by day or
// by month (measure), with the layout its values are written in.
type costWindow struct {
	measure    int
	layout     string
	begin, end time.Time
}

// next returns the start of the bucket after the one starting at t.
func (w costWindow) next(t time.Time) time.Time {
	if w.measure == upstream.CostByMonth {
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(0, 0, 1)
}

// costs answers 8.1.
func (s *Server) costs(a *account, r *request) (any, error) {
	var body costBody
	if err := r.decodeBody(&body); err != nil {
		return nil, err
	}
	q, err := parseCostRequest(&body, r.now)
	if err != nil {
		return nil, err
	}
	scope, err := costScope(a, q.accountsAsked)
	if err != nil {
		return nil, err
	}
	t := newCostTable(q)
	for _, m := range scope {
		t.addAccount(m)
	}
	return t.answer(), nil
}

// parseCostRequest validates the body in the order the reference checks it.
func parseCostRequest(body *costBody, now time.Time) (*costRequest, error) {
	q := &costRequest{groupBy: body.GroupBy}
	var err error
	if q.window, err = parseCostWindow(body, now); err != nil {
		return nil, err
	}
	// Group by: 1 or 2 entries.
	if body.GroupBy == nil {
		return nil, badParam("groupby is mandatory")
	}
	if len(body.GroupBy) < 1 || len(body.GroupBy) > 2 {
		return nil, badParam("groupby holds 1 or 2 entries, got %d", len(body.GroupBy))
	}
	costType := derefString(body.CostType)
	if costType != upstream.CostTypeOriginal && costType != upstream.CostTypeAmortized {
		return nil, badParam("cost_type must be ORIGINAL_COST or AMORTIZED_COST, got %q", costType)
	}
	q.amortized = costType == upstream.CostTypeAmortized
	amountType := derefString(body.AmountType)
	if amountType != upstream.CostAmountPayment && amountType != upstream.CostAmountNet {
		return nil, badParam("amount_type must be PAYMENT_AMOUNT or NET_AMOUNT, got %q", amountType)
	}
	q.net = amountType == upstream.CostAmountNet
	if err := checkCostGroupBy(body.GroupBy, q.amortized); err != nil {
		return nil, err
	}
	if q.filters, q.accountsAsked, err = parseCostFilters(body.Filters, q.amortized); err != nil {
		return nil, err
	}
	q.offset, q.limit, err = body.page(200000, 1000)
	return q, err
}

func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// parseCostWindow checks the time condition: days or months in GMT+08:00,
// within 18 months. The end it returns is exclusive.
func parseCostWindow(body *costBody, now time.Time) (costWindow, error) {
	tc := body.TimeCondition
	if tc == nil {
		return costWindow{}, badParam("time_condition is mandatory")
	}
	measure, set, err := rawInt("time_condition.time_measure_id", tc.TimeMeasureID)
	if err != nil {
		return costWindow{}, err
	}
	if !set {
		return costWindow{}, badParam("time_condition.time_measure_id is mandatory")
	}
	if measure != upstream.CostByDay && measure != upstream.CostByMonth {
		return costWindow{}, badParam("time_condition.time_measure_id must be 1 (day) or 2 (month), got %d", measure)
	}
	beginText, endText := derefString(tc.BeginTime), derefString(tc.EndTime)
	if beginText == "" || endText == "" {
		return costWindow{}, badParam("time_condition.begin_time and time_condition.end_time are mandatory")
	}
	w := costWindow{measure: measure, layout: dateLayout}
	if measure == upstream.CostByMonth {
		w.layout = monthLayout
	}
	begin, err1 := time.ParseInLocation(w.layout, beginText, gmt8)
	end, err2 := time.ParseInLocation(w.layout, endText, gmt8)
	if err1 != nil || err2 != nil || begin.Format(w.layout) != beginText || end.Format(w.layout) != endText {
		return costWindow{}, badParam("time_condition.begin_time and end_time must be %s with time_measure_id %d", map[bool]string{true: "YYYY-MM-DD", false: "YYYY-MM"}[measure == 1], measure)
	}
	if end.Before(begin) {
		return costWindow{}, badParam("time_condition.end_time must not be before begin_time")
	}
	if floor := ldgMonthStart(now).AddDate(0, -18, 0); begin.Before(floor) {
		return costWindow{}, badParam("only cost data within 18 months can be queried: begin_time must not be before %s", floor.Format(w.layout))
	}
	// The end is inclusive: the whole last day or month.
	w.begin, w.end = begin, w.next(end)
	return w, nil
}

// checkCostGroupBy checks each groupby entry and that two entries differ.
func checkCostGroupBy(groupBy []costGroupBy, amortized bool) error {
	for i, gb := range groupBy {
		if err := billLen("groupby.key", gb.Key, 128); err != nil {
			return err
		}
		switch gb.Type {
		case "tag", "cost_unit":
			if gb.Key == "" {
				return badParam("groupby[%d].key is mandatory", i)
			}
		case "dimension":
			if !slices.Contains(costDimensions, gb.Key) {
				return badParam("groupby[%d].key %q is not a dimension", i, gb.Key)
			}
			if gb.Key == "SPLIT_ITEM_NAME" && !amortized {
				return badParam("SPLIT_ITEM_NAME cannot be used with ORIGINAL_COST")
			}
		default:
			return badParam("groupby[%d].type must be tag, cost_unit or dimension, got %q", i, gb.Type)
		}
	}
	if len(groupBy) == 2 {
		x, y := groupBy[0], groupBy[1]
		if x.Type == y.Type && (x.Type != "dimension" || x.Key == y.Key) {
			return badParam("two groupby entries must be of different types, or two different dimensions")
		}
	}
	return nil
}

// parseCostFilters checks the filters and returns them with the member
// accounts they include.
func parseCostFilters(in []costFilter, amortized bool) (filters []costFilterSpec, accountsAsked []string, err error) {
	if len(in) > 100 {
		return nil, nil, badParam("filters holds at most 100 entries, got %d", len(in))
	}
	for i, fl := range in {
		if fl.Operator == nil || (*fl.Operator != upstream.CostFilterInclude && *fl.Operator != upstream.CostFilterExclude) {
			return nil, nil, badParam("filters[%d].operator must be 0 or 1", i)
		}
		ff := fl.FilterFactor
		if ff == nil {
			return nil, nil, badParam("filters[%d].filter_factor is mandatory", i)
		}
		if !slices.Contains(costFilterKeys, ff.Key) {
			return nil, nil, badParam("filters[%d].filter_factor.key %q is not a filter key", i, ff.Key)
		}
		if ff.Key == "SPLIT_ITEM_NAME" && !amortized {
			return nil, nil, badParam("SPLIT_ITEM_NAME cannot be used with ORIGINAL_COST")
		}
		if len(ff.Value) < 1 || len(ff.Value) > 100 {
			return nil, nil, badParam("filters[%d].filter_factor.value holds 1 to 100 values, got %d", i, len(ff.Value))
		}
		f := costFilterSpec{exclude: *fl.Operator == upstream.CostFilterExclude, key: ff.Key, values: map[string]bool{}}
		for _, v := range ff.Value {
			f.values[v] = true
		}
		if ff.Key == "ASSOCIATED_ACCOUNT" && !f.exclude {
			accountsAsked = append(accountsAsked, ff.Value...)
		}
		filters = append(filters, f)
	}
	return filters, accountsAsked, nil
}

// costScope returns the accounts whose records the caller may see:
// partners have no cost center, members see themselves only, enterprise
// masters their members too (at most costMaxIndependent independently
// accounted ones at once).
func costScope(a *account, accountsAsked []string) ([]*account, error) {
	switch a.Kind {
	case kindPartner:
		return nil, errorf(http.StatusBadRequest, "CBC.18000014", "Cost Center not enabled.")
	case kindMember:
		for _, id := range accountsAsked {
			if id != a.ID {
				return nil, errorf(http.StatusBadRequest, "CBC.18000053", "Insufficient permissions. Contact your enterprise master.")
			}
		}
	case kindEnterprise:
		independent := 0
		for _, m := range a.members {
			if m.enterprise.member.independent && (len(accountsAsked) == 0 || slices.Contains(accountsAsked, m.ID)) {
				independent++
			}
		}
		if independent > costMaxIndependent {
			return nil, errorf(http.StatusBadRequest, "CBC.18000048", "Too many independent accounting members. Specify a member account for query.")
		}
		return append([]*account{a}, a.members...), nil
	}
	return []*account{a}, nil
}

// costCell is one group's amounts in one time bucket, in cents.
type costCell struct {
	amount, official int64
	set              bool // the bucket has records
}

// costGroup is one row of the answer: its dimension values and its cells.
type costGroup struct {
	dims            []upstream.CostDimension
	first           int        // bucket of cells[0]
	cells           []costCell // buckets first.. as far as records reach
	total, totalOff int64
}

// add adds amounts to the group's cell of bucket, growing cells as needed.
func (gr *costGroup) add(bucket int, amount, official int64) {
	switch {
	case gr.first < 0:
		gr.first = bucket
	case bucket < gr.first:
		gr.cells = append(make([]costCell, gr.first-bucket), gr.cells...)
		gr.first = bucket
	}
	if i := bucket - gr.first; i >= len(gr.cells) {
		gr.cells = append(gr.cells, make([]costCell, i+1-len(gr.cells))...)
	}
	c := &gr.cells[bucket-gr.first]
	c.set = true
	c.amount += amount
	c.official += official
	gr.total += amount
	gr.totalOff += official
}

// costTable accumulates the records of a query into groups and buckets.
type costTable struct {
	q        *costRequest
	bucketAt []int64                  // bucket starts, then the end
	groups   map[[2]string]*costGroup // by the values of the (at most two) group_by dimensions
	order    []*costGroup
}

func newCostTable(q *costRequest) *costTable {
	t := &costTable{q: q, groups: map[[2]string]*costGroup{}}
	for at := q.window.begin; at.Before(q.window.end); at = q.window.next(at) {
		t.bucketAt = append(t.bucketAt, at.Unix())
	}
	t.bucketAt = append(t.bucketAt, q.window.end.Unix())
	return t
}

// bucketOf returns the bucket holding time t (Unix seconds).
func (t *costTable) bucketOf(at int64) int {
	i, found := slices.BinarySearch(t.bucketAt, at)
	if !found {
		i--
	}
	return i
}

// groupOf returns the group of record e of account m, creating it.
func (t *costTable) groupOf(m *account, e *ledgerEntry) *costGroup {
	var values [2]string
	for i, gb := range t.q.groupBy {
		values[i] = costGroupValue(gb, m, e)
	}
	gr := t.groups[values]
	if gr == nil {
		dims := make([]upstream.CostDimension, len(t.q.groupBy))
		for i, gb := range t.q.groupBy {
			dims[i] = upstream.CostDimension{Key: gb.Key, Value: values[i]}
			if gb.Type == "tag" {
				dims[i].Key = "tag"
			}
		}
		gr = &costGroup{dims: dims, first: -1}
		t.groups[values] = gr
		t.order = append(t.order, gr)
	}
	return gr
}

// addAccount adds the matching records of account m.
func (t *costTable) addAccount(m *account) {
	lo, hi := t.bucketAt[0], t.bucketAt[len(t.bucketAt)-1]
	b := &m.bills
	for c := range b.cycles {
		// Original costs only need the cycles of the window; amortized
		// ones also the earlier charges whose periods reach into it.
		if b.monthAt[c] >= hi || (!t.q.amortized && b.monthAt[c+1] <= lo) {
			continue
		}
		for i := range b.cycles[c] {
			if e := &b.cycles[c][i]; costMatch(t.q.filters, m, e) {
				t.addEntry(m, e)
			}
		}
	}
}

// addEntry adds one record: on its bill date, or spread over its service
// period when amortized.
func (t *costTable) addEntry(m *account, e *ledgerEntry) {
	lo, hi := t.bucketAt[0], t.bucketAt[len(t.bucketAt)-1]
	amount := e.amount()
	if t.q.net {
		amount -= e.coupon
	}
	if !t.q.amortized || e.chargeMode != 1 || e.to <= e.from {
		if e.at >= lo && e.at < hi {
			t.groupOf(m, e).add(t.bucketOf(e.at), amount, e.official)
		}
		return
	}
	// Spread over [from, to): the share up to t is
	// amount × (t - from) / (to - from), rounded down.
	from, to := max(e.from, lo), min(e.to, hi)
	if from >= to {
		return
	}
	span := e.to - e.from
	share := func(c, at int64) int64 { return c * (at - e.from) / span }
	gr := t.groupOf(m, e)
	nb := len(t.bucketAt) - 1
	for k := t.bucketOf(from); k < nb && t.bucketAt[k] < to; k++ {
		s, u := max(t.bucketAt[k], from), min(t.bucketAt[k+1], to)
		gr.add(k, share(amount, u)-share(amount, s), share(e.official, u)-share(e.official, s))
	}
}

// answer sorts the groups (largest total first, then by dimension values)
// and builds the requested page.
func (t *costTable) answer() *upstream.CostPage {
	slices.SortStableFunc(t.order, func(x, y *costGroup) int {
		if c := cmp.Compare(y.total, x.total); c != 0 {
			return c
		}
		for i := range x.dims {
			if c := strings.Compare(x.dims[i].Value, y.dims[i].Value); c != 0 {
				return c
			}
		}
		return 0
	})
	w := t.q.window
	out := &upstream.CostPage{Currency: "USD", TotalCount: len(t.order), Data: []upstream.CostData{}}
	for _, gr := range page(t.order, t.q.offset, t.q.limit) {
		cd := upstream.CostData{
			Dimensions: gr.dims, Costs: []upstream.CostAmount{},
			AmountByCosts:         costAmount(gr.total),
			OfficialAmountByCosts: costAmount(gr.totalOff),
		}
		for i, c := range gr.cells {
			if !c.set {
				continue
			}
			at := time.Unix(t.bucketAt[gr.first+i], 0).In(gmt8)
			cd.Costs = append(cd.Costs, upstream.CostAmount{
				TimeDimensionValue: at.Format(w.layout), TimeMeasureID: w.measure,
				Amount: costAmount(c.amount), OfficialAmount: costAmount(c.official),
			})
		}
		out.Data = append(out.Data, cd)
	}
	return out
}

func costAmount(cents int64) upstream.StringAmount {
	return upstream.StringAmount{Decimal: decimal.New(cents, -2)}
}

// costMatch applies the filters to a record.
func costMatch(filters []costFilterSpec, m *account, e *ledgerEntry) bool {
	for _, f := range filters {
		var v string
		if f.key == "COST_UNIT" || f.key == "SPLIT_ITEM_NAME" {
			v = ""
		} else {
			v = costDim(f.key, m, e)
		}
		if f.values[v] == f.exclude {
			return false
		}
	}
	return true
}
