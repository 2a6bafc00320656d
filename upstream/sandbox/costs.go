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

// costs answers 8.1.
func (s *Server) costs(a *account, r *request) (any, error) {
	var body struct {
		TimeCondition *struct {
			TimeMeasureID json.RawMessage `json:"time_measure_id"`
			BeginTime     *string         `json:"begin_time"`
			EndTime       *string         `json:"end_time"`
		} `json:"time_condition"`
		GroupBy    []costGroupBy `json:"groupby"`
		CostType   *string       `json:"cost_type"`
		AmountType *string       `json:"amount_type"`
		Filters    []struct {
			Operator     *int `json:"operator"`
			FilterFactor *struct {
				Key   string   `json:"key"`
				Value []string `json:"value"`
			} `json:"filter_factor"`
		} `json:"filters"`
		Offset json.RawMessage `json:"offset"`
		Limit  json.RawMessage `json:"limit"`
	}
	if err := r.decodeBody(&body); err != nil {
		return nil, err
	}
	// Time condition: days or months in GMT+08:00, within 18 months.
	tc := body.TimeCondition
	if tc == nil {
		return nil, badParam("time_condition is mandatory")
	}
	measure, set, err := rawInt("time_condition.time_measure_id", tc.TimeMeasureID)
	if err != nil {
		return nil, err
	}
	if !set {
		return nil, badParam("time_condition.time_measure_id is mandatory")
	}
	if measure != upstream.CostByDay && measure != upstream.CostByMonth {
		return nil, badParam("time_condition.time_measure_id must be 1 (day) or 2 (month), got %d", measure)
	}
	if tc.BeginTime == nil || *tc.BeginTime == "" || tc.EndTime == nil || *tc.EndTime == "" {
		return nil, badParam("time_condition.begin_time and time_condition.end_time are mandatory")
	}
	layout := dateLayout
	if measure == upstream.CostByMonth {
		layout = monthLayout
	}
	begin, err1 := time.ParseInLocation(layout, *tc.BeginTime, gmt8)
	end, err2 := time.ParseInLocation(layout, *tc.EndTime, gmt8)
	if err1 != nil || err2 != nil || begin.Format(layout) != *tc.BeginTime || end.Format(layout) != *tc.EndTime {
		return nil, badParam("time_condition.begin_time and end_time must be %s with time_measure_id %d", map[bool]string{true: "YYYY-MM-DD", false: "YYYY-MM"}[measure == 1], measure)
	}
	if end.Before(begin) {
		return nil, badParam("time_condition.end_time must not be before begin_time")
	}
	if floor := ldgMonthStart(r.now).AddDate(0, -18, 0); begin.Before(floor) {
		return nil, badParam("only cost data within 18 months can be queried: begin_time must not be before %s", floor.Format(layout))
	}
	// The end is inclusive: the whole last day or month.
	if measure == upstream.CostByMonth {
		end = end.AddDate(0, 1, 0)
	} else {
		end = end.AddDate(0, 0, 1)
	}
	// Group by: 1 or 2 entries.
	if body.GroupBy == nil {
		return nil, badParam("groupby is mandatory")
	}
	if len(body.GroupBy) < 1 || len(body.GroupBy) > 2 {
		return nil, badParam("groupby holds 1 or 2 entries, got %d", len(body.GroupBy))
	}
	costType := ""
	if body.CostType != nil {
		costType = *body.CostType
	}
	if costType != upstream.CostTypeOriginal && costType != upstream.CostTypeAmortized {
		return nil, badParam("cost_type must be ORIGINAL_COST or AMORTIZED_COST, got %q", costType)
	}
	amountType := ""
	if body.AmountType != nil {
		amountType = *body.AmountType
	}
	if amountType != upstream.CostAmountPayment && amountType != upstream.CostAmountNet {
		return nil, badParam("amount_type must be PAYMENT_AMOUNT or NET_AMOUNT, got %q", amountType)
	}
	for i, gb := range body.GroupBy {
		if err := billLen("groupby.key", gb.Key, 128); err != nil {
			return nil, err
		}
		switch gb.Type {
		case "tag", "cost_unit":
			if gb.Key == "" {
				return nil, badParam("groupby[%d].key is mandatory", i)
			}
		case "dimension":
			if !slices.Contains(costDimensions, gb.Key) {
				return nil, badParam("groupby[%d].key %q is not a dimension", i, gb.Key)
			}
			if gb.Key == "SPLIT_ITEM_NAME" && costType == upstream.CostTypeOriginal {
				return nil, badParam("SPLIT_ITEM_NAME cannot be used with ORIGINAL_COST")
			}
		default:
			return nil, badParam("groupby[%d].type must be tag, cost_unit or dimension, got %q", i, gb.Type)
		}
	}
	if len(body.GroupBy) == 2 {
		x, y := body.GroupBy[0], body.GroupBy[1]
		if x.Type == y.Type && (x.Type != "dimension" || x.Key == y.Key) {
			return nil, badParam("two groupby entries must be of different types, or two different dimensions")
		}
	}
	// Filters.
	if len(body.Filters) > 100 {
		return nil, badParam("filters holds at most 100 entries, got %d", len(body.Filters))
	}
	var filters []costFilterSpec
	var accountsAsked []string // ASSOCIATED_ACCOUNT values included
	for i, fl := range body.Filters {
		if fl.Operator == nil || (*fl.Operator != upstream.CostFilterInclude && *fl.Operator != upstream.CostFilterExclude) {
			return nil, badParam("filters[%d].operator must be 0 or 1", i)
		}
		ff := fl.FilterFactor
		if ff == nil {
			return nil, badParam("filters[%d].filter_factor is mandatory", i)
		}
		if !slices.Contains(costFilterKeys, ff.Key) {
			return nil, badParam("filters[%d].filter_factor.key %q is not a filter key", i, ff.Key)
		}
		if ff.Key == "SPLIT_ITEM_NAME" && costType == upstream.CostTypeOriginal {
			return nil, badParam("SPLIT_ITEM_NAME cannot be used with ORIGINAL_COST")
		}
		if len(ff.Value) < 1 || len(ff.Value) > 100 {
			return nil, badParam("filters[%d].filter_factor.value holds 1 to 100 values, got %d", i, len(ff.Value))
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
	offset, limit, err := bodyPage(body.Offset, body.Limit, 200000, 1000)
	if err != nil {
		return nil, err
	}

	// Who may see what.
	scope := []*account{a}
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
		scope = append(scope, a.members...)
		independent := 0
		for _, m := range a.members {
			if m.enterprise.member.independent && (len(accountsAsked) == 0 || slices.Contains(accountsAsked, m.ID)) {
				independent++
			}
		}
		if independent > costMaxIndependent {
			return nil, errorf(http.StatusBadRequest, "CBC.18000048", "Too many independent accounting members. Specify a member account for query.")
		}
	}

	// Buckets.
	var bucketAt []int64 // bucket starts, then the end
	for t := begin; t.Before(end); {
		bucketAt = append(bucketAt, t.Unix())
		if measure == upstream.CostByMonth {
			t = t.AddDate(0, 1, 0)
		} else {
			t = t.AddDate(0, 0, 1)
		}
	}
	bucketAt = append(bucketAt, end.Unix())
	lo, hi := bucketAt[0], bucketAt[len(bucketAt)-1]
	bucketOf := func(t int64) int {
		i, found := slices.BinarySearch(bucketAt, t)
		if !found {
			i--
		}
		return i
	}
	type cell struct {
		amount, official int64 // cents
		set              bool  // the bucket has records
	}
	type group struct {
		dims            []upstream.CostDimension
		first           int    // bucket of cells[0]
		cells           []cell // buckets first.. as far as records reach
		total, totalOff int64
	}
	groups := map[string]*group{}
	var order []*group
	nb := len(bucketAt) - 1
	var keyB strings.Builder
	groupOf := func(m *account, e *ledgerEntry) *group {
		keyB.Reset()
		var values [2]string
		for i, gb := range body.GroupBy {
			values[i] = costGroupValue(gb, m, e)
			keyB.WriteString(values[i])
			keyB.WriteByte(0)
		}
		gr := groups[keyB.String()]
		if gr == nil {
			dims := make([]upstream.CostDimension, len(body.GroupBy))
			for i, gb := range body.GroupBy {
				dims[i] = upstream.CostDimension{Key: gb.Key, Value: values[i]}
				if gb.Type == "tag" {
					dims[i].Key = "tag"
				}
			}
			gr = &group{dims: dims, first: -1}
			groups[keyB.String()] = gr
			order = append(order, gr)
		}
		return gr
	}
	add := func(gr *group, bucket int, amount, official int64) {
		switch {
		case gr.first < 0:
			gr.first = bucket
		case bucket < gr.first:
			gr.cells = append(make([]cell, gr.first-bucket), gr.cells...)
			gr.first = bucket
		}
		if i := bucket - gr.first; i >= len(gr.cells) {
			gr.cells = append(gr.cells, make([]cell, i+1-len(gr.cells))...)
		}
		c := &gr.cells[bucket-gr.first]
		c.set = true
		c.amount += amount
		c.official += official
		gr.total += amount
		gr.totalOff += official
	}
	amortized := costType == upstream.CostTypeAmortized
	for _, m := range scope {
		b := &m.bills
		for c := range b.cycles {
			// Original costs only need the cycles of the window; amortized
			// ones also the earlier charges whose periods reach into it.
			if b.monthAt[c] >= hi || (!amortized && b.monthAt[c+1] <= lo) {
				continue
			}
			for i := range b.cycles[c] {
				e := &b.cycles[c][i]
				if !costMatch(filters, m, e) {
					continue
				}
				amount := e.amount()
				if amountType == upstream.CostAmountNet {
					amount -= e.coupon
				}
				if !amortized || e.chargeMode != 1 || e.to <= e.from {
					if e.at >= lo && e.at < hi {
						add(groupOf(m, e), bucketOf(e.at), amount, e.official)
					}
					continue
				}
				// Spread over [from, to): the share up to t is
				// amount × (t - from) / (to - from), rounded down.
				from, to := max(e.from, lo), min(e.to, hi)
				if from >= to {
					continue
				}
				span := e.to - e.from
				share := func(c, t int64) int64 { return c * (t - e.from) / span }
				gr := groupOf(m, e)
				for k := bucketOf(from); k < nb && bucketAt[k] < to; k++ {
					s, t := max(bucketAt[k], from), min(bucketAt[k+1], to)
					add(gr, k, share(amount, t)-share(amount, s), share(e.official, t)-share(e.official, s))
				}
			}
		}
	}
	slices.SortStableFunc(order, func(x, y *group) int {
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
	out := &upstream.CostPage{Currency: "USD", TotalCount: len(order), Data: []upstream.CostData{}}
	for _, gr := range page(order, offset, limit) {
		cd := upstream.CostData{
			Dimensions: gr.dims, Costs: []upstream.CostAmount{},
			AmountByCosts:         costAmount(gr.total),
			OfficialAmountByCosts: costAmount(gr.totalOff),
		}
		for i, c := range gr.cells {
			if !c.set {
				continue
			}
			t := time.Unix(bucketAt[gr.first+i], 0).In(gmt8)
			cd.Costs = append(cd.Costs, upstream.CostAmount{
				TimeDimensionValue: t.Format(layout), TimeMeasureID: measure,
				Amount: costAmount(c.amount), OfficialAmount: costAmount(c.official),
			})
		}
		out.Data = append(out.Data, cd)
	}
	return out, nil
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
