package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// ---------------------------------------------------------------------------
// Request parsing shared by the bill APIs.

// strFilter is a string filter: set tells "no filter" from a value.
type strFilter struct {
	set bool
	v   string
}

func (f strFilter) ok(v string) bool { return !f.set || f.v == v }

// ldgFilter selects ledger records.
type ldgFilter struct {
	service, resType, region, resID, tradeID strFilter
	ep                                       strFilter // "0" default, "-1" services without enterprise projects
	chargeMode, billType                     int
	payer                                    string
	from, to                                 int64 // bill time window; 0: the whole cycle
}

func (f *ldgFilter) match(a *account, e *ledgerEntry) bool {
	br := e.res
	if !f.service.ok(br.p.serviceType) || !f.resType.ok(br.p.resourceType) || !f.region.ok(br.reg.code) || !f.resID.ok(br.id) {
		return false
	}
	if f.chargeMode != 0 && int(e.chargeMode) != f.chargeMode || f.billType != 0 && int(e.billType) != f.billType {
		return false
	}
	if f.ep.set {
		want := f.ep.v
		if want == "-1" {
			want = ""
		}
		if br.epID() != want {
			return false
		}
	}
	if f.payer != "" && billPayer(a).ID != f.payer {
		return false
	}
	if f.to != 0 && (e.at < f.from || e.at >= f.to) {
		return false
	}
	return !f.tradeID.set || e.tradeID() == f.tradeID.v
}

// eachEntry calls fn with each ledger entry of cycle that f matches, account
// by account in scope's order, with the account's index in scope and the
// entry's cycle and position (7.1, 7.2, 7.3 and the SDK's summary bill all
// read a month this way).
func (f *ldgFilter) eachEntry(scope []*account, cycle time.Time, fn func(ai, c, i int, e *ledgerEntry)) {
	for ai, m := range scope {
		c := m.bills.cycleIndex(cycle)
		if c < 0 {
			continue
		}
		for i := range m.bills.cycles[c] {
			if e := &m.bills.cycles[c][i]; f.match(m, e) {
				fn(ai, c, i, e)
			}
		}
	}
}

// rawInt reads an Integer body field that BSS also accepts as a numeric
// string. Absent and null are unset; "" and anything else are CBC.0100.
func rawInt(name string, raw json.RawMessage) (int, bool, error) {
	s, err := scalarOf(raw)
	if err != nil {
		return 0, false, badParam("%s must be an integer", name)
	}
	if s == nil {
		return 0, false, nil
	}
	n, err := strconv.Atoi(*s)
	if err != nil {
		return 0, false, badParam("%s must be an integer, got %q", name, *s)
	}
	return n, true, nil
}

// scalarOf returns the text of a JSON scalar, nil for absent or null.
func scalarOf(raw json.RawMessage) (*string, error) {
	t := strings.TrimSpace(string(raw))
	if t == "" || t == "null" {
		return nil, nil
	}
	if t[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
		return &s, nil
	}
	if t[0] == '{' || t[0] == '[' {
		return nil, fmt.Errorf("not a scalar")
	}
	return &t, nil
}

// billLen checks a string parameter's documented maximum length.
func billLen(name, v string, n int) error { return catCheckLen(name, v, n) }

// ldgCycle validates a mandatory cycle (YYYY-MM, GMT+08:00).
func ldgCycle(v *string, maxLen int) (time.Time, string, error) {
	if v == nil || *v == "" {
		return time.Time{}, "", badParam("cycle is mandatory")
	}
	if err := billLen("cycle", *v, maxLen); err != nil {
		return time.Time{}, "", err
	}
	t, err := parseMonth("cycle", *v)
	if err != nil || t.Format(monthLayout) != *v {
		return time.Time{}, "", badParam("cycle must be a month YYYY-MM such as 2024-01, got %q", *v)
	}
	return t, *v, nil
}

// ldgDays validates a pair of dates of a cycle and returns their window.
func ldgDays(beginName, endName, begin, end string, cycle time.Time) (int64, int64, error) {
	b, err := parseDate(beginName, begin)
	if err != nil {
		return 0, 0, err
	}
	e, err := parseDate(endName, end)
	if err != nil {
		return 0, 0, err
	}
	next := cycle.AddDate(0, 1, 0)
	if b.Before(cycle) || !b.Before(next) || e.Before(cycle) || !e.Before(next) {
		return 0, 0, badParam("%s and %s must be in the billing cycle %s", beginName, endName, cycle.Format(monthLayout))
	}
	if e.Before(b) {
		return 0, 0, badParam("%s must not be after %s", beginName, endName)
	}
	return b.Unix(), e.AddDate(0, 0, 1).Unix(), nil
}

// billScope returns the accounts whose records a 7.2/7.3 caller asked for:
// an enterprise master sees itself and its members (method all), itself
// (oneself) or one member (sub_customer); any other account sees itself.
func billScope(a *account, method string, sub strFilter) ([]*account, error) {
	switch method {
	case "", "all", "oneself", "sub_customer":
	default:
		return nil, badParam("method must be oneself, sub_customer or all, got %q", method)
	}
	if method == "sub_customer" {
		if !sub.set || sub.v == "" {
			return nil, badParam("sub_customer_id is mandatory when method is sub_customer")
		}
		if a.Kind == kindEnterprise {
			for _, m := range a.members {
				if m.ID == sub.v {
					return []*account{m}, nil
				}
			}
		}
		return nil, errorf(http.StatusForbidden, "CBC.0151", "Access denied: %s is not a member account of this enterprise.", sub.v)
	}
	if a.Kind == kindEnterprise && method != "oneself" {
		return append([]*account{a}, a.members...), nil
	}
	return []*account{a}, nil
}

// ---------------------------------------------------------------------------
// 7.1 Querying Summary Bills.

// monthlySum answers 7.1 on GET /v1.0/{domain_id}/customer/account-mgr/bill/monthly-sum.
// The domain_id must be the caller's account (else 403 CBC.0151). Amounts
// are in cents (measure_id 3, as the reference's example). The records are
// what the caller pays: its own fees and, for an enterprise master, those
// of its members under unified accounting; one record per customer, cloud
// service type (or resource type of cloud_service_type_code), pay_method
// and bill_type. A month's summary is the sum of the 7.2 records of the
// same cycle with payer_account_id = the caller.
func (s *Server) monthlySum(a *account, r *request) (any, error) {
	if r.pathValue("domain_id") != a.ID {
		return nil, errorf(http.StatusForbidden, "CBC.0151", "Access denied: the domain_id in the path is not the caller's account ID.")
	}
	q, err := parseSumQuery(r.query())
	if err != nil {
		return nil, err
	}
	out := &upstream.MonthlySummary{
		ErrorCode: "CBC.0000", ErrorMsg: "success", Currency: "USD",
		BillSums: []upstream.BillSum{}, MeasureID: upstream.SummaryMeasureCent,
	}
	out.TotalAmount, out.DebtAmount, out.CouponAmount, out.FlexiPurchaseCouponAmount = ldgCents(0), ldgCents(0), ldgCents(0), ldgCents(0)
	out.StoredCardAmount, out.DebitAmount, out.CreditAmount = ldgCents(0), ldgCents(0), ldgCents(0)
	// type 1 is the budget a partner set for a customer of the reseller
	// model: only a customer associated with a partner has one.
	if q.budget && a.partner == nil {
		return out, nil
	}
	scope := []*account{a}
	f := ldgFilter{service: strFilter{q.svc != "", q.svc}, ep: q.ep}
	if a.Kind == kindEnterprise {
		scope = append(scope, a.members...)
		f.payer = a.ID // itself and its members under unified accounting
	}
	var total ledgerMoney
	for _, gr := range sumGroups(scope, q, &f) {
		out.BillSums = append(out.BillSums, gr.billSum(scope[gr.acct], q))
		total.add(&gr.ledgerMoney)
	}
	out.TotalCount = len(out.BillSums)
	out.TotalAmount, out.DebtAmount, out.CouponAmount = ldgCents(total.amount()), ldgCents(total.debt), ldgCents(total.coupon)
	out.DebitAmount, out.CreditAmount = ldgCents(total.cash), ldgCents(total.credit)
	return out, nil
}

// sumQuery is a validated 7.1 query.
type sumQuery struct {
	cycle  time.Time
	cycleS string
	svc    string    // cloud_service_type_code: records by resource type of it
	budget bool      // type 1
	ep     strFilter // enterpriseProjectId
}

func parseSumQuery(q url.Values) (*sumQuery, error) {
	sq := &sumQuery{}
	cycleV := q.Get("cycle")
	var err error
	if sq.cycle, sq.cycleS, err = ldgCycle(&cycleV, 7); err != nil {
		return nil, err
	}
	sq.svc = q.Get("cloud_service_type_code")
	if err := billLen("cloud_service_type_code", sq.svc, 256); err != nil {
		return nil, err
	}
	if vs, ok := q["type"]; ok {
		if vs[0] != "0" && vs[0] != "1" {
			return nil, badParam("type must be 0 or 1, got %q", vs[0])
		}
		sq.budget = vs[0] == "1"
	}
	if sq.ep, err = enterpriseProjectParam(q, "enterpriseProjectId"); err != nil {
		return nil, err
	}
	return sq, nil
}

// enterpriseProjectParam reads an optional enterprise project id that, when
// present, must not be empty (7.1 and the SDK's summary bill).
func enterpriseProjectParam(q url.Values, name string) (strFilter, error) {
	vs, ok := q[name]
	if !ok {
		return strFilter{}, nil
	}
	if vs[0] == "" {
		return strFilter{}, badParam("%s cannot be empty", name)
	}
	if err := billLen(name, vs[0], 64); err != nil {
		return strFilter{}, err
	}
	return strFilter{true, vs[0]}, nil
}

// sumKey is what a 7.1 record sums over: the account (index in scope), the
// service (and resource type), pay_method and bill_type.
type sumKey struct {
	acct             int
	svc, rt, payMeth string
	billType         int
}

// sumGroup is one 7.1 record being summed, amounts in cents.
type sumGroup struct {
	sumKey
	ledgerMoney
	promos  map[int16]int64
	ep      string
	epMixed bool
}

// sumKeyOf returns the record of ledger entry e of account ai.
func sumKeyOf(ai int, e *ledgerEntry, svc string) sumKey {
	k := sumKey{acct: ai, svc: e.res.p.serviceType, billType: 0}
	if svc != "" {
		k.rt = e.res.p.resourceType
	}
	switch {
	case e.billType == 9 && svc == "":
		k.payMeth = ""
	case e.chargeMode == 1:
		k.payMeth = "0"
	default:
		k.payMeth = "1"
	}
	if e.billType == 4 {
		k.billType = 1
	}
	return k
}

func (gr *sumGroup) add(e *ledgerEntry) {
	gr.ledgerMoney.add(&e.ledgerMoney)
	if e.promo != 0 {
		gr.promos[e.promo] += e.discount
	}
	if gr.ep != e.res.epID() {
		gr.epMixed = true
	}
}

// sumGroups sums the cycle's matching records of scope, sorted by account,
// service, pay method and bill type.
func sumGroups(scope []*account, q *sumQuery, f *ldgFilter) []*sumGroup {
	groups := map[sumKey]*sumGroup{}
	var order []*sumGroup
	f.eachEntry(scope, q.cycle, func(ai, _, _ int, e *ledgerEntry) {
		k := sumKeyOf(ai, e, q.svc)
		gr := groups[k]
		if gr == nil {
			gr = &sumGroup{sumKey: k, promos: map[int16]int64{}, ep: e.res.epID()}
			groups[k] = gr
			order = append(order, gr)
		}
		gr.add(e)
	})
	slices.SortFunc(order, func(x, y *sumGroup) int {
		if x.acct != y.acct {
			return x.acct - y.acct
		}
		if c := strings.Compare(x.svc+"|"+x.rt, y.svc+"|"+y.rt); c != 0 {
			return c
		}
		if c := strings.Compare(x.payMeth, y.payMeth); c != 0 {
			return c
		}
		return x.billType - y.billType
	})
	return order
}

// billSum is the 7.1 record of group gr of account m.
func (gr *sumGroup) billSum(m *account, q *sumQuery) upstream.BillSum {
	sum := upstream.BillSum{
		CustomerID: m.ID, ResourceTypeCode: gr.rt, CloudServiceTypeCode: gr.svc, ConsumeTime: q.cycleS,
		PayMethod: gr.payMeth, ConsumeAmount: ldgCents(gr.amount()), Debt: ldgCents(gr.debt),
		Discount: ldgCents(gr.discount), MeasureID: upstream.SummaryMeasureCent, BillType: gr.billType,
		AccountDetails: []upstream.BalancePayment{
			{BalanceTypeID: "BALANCE_TYPE_DEBIT", DeductAmount: ldgCents(gr.cash)},
			{BalanceTypeID: "BALANCE_TYPE_CREDIT", DeductAmount: ldgCents(gr.credit)},
			{BalanceTypeID: "BALANCE_TYPE_COUPON", DeductAmount: ldgCents(gr.coupon)},
		},
	}
	if gr.adjust != 0 {
		sum.AccountDetails = append(sum.AccountDetails, upstream.BalancePayment{BalanceTypeID: "BALANCE_TYPE_OTHER", DeductAmount: ldgCents(gr.adjust)})
	}
	switch {
	case q.ep.set:
		sum.EnterpriseProjectID = q.ep.v
	case !gr.epMixed:
		sum.EnterpriseProjectID = gr.ep
	}
	if gr.billType == 0 {
		sum.DiscountDetailInfos = []upstream.BillSumDiscount{}
		promos := make([]int, 0, len(gr.promos))
		for p := range gr.promos {
			promos = append(promos, int(p))
		}
		slices.Sort(promos)
		for _, p := range promos {
			sum.DiscountDetailInfos = append(sum.DiscountDetailInfos, upstream.BillSumDiscount{
				PromotionType: strconv.Itoa(p), DiscountAmount: ldgCents(gr.promos[int16(p)]),
				PromotionID: offerID(billPayer(m).ID, p), MeasureID: upstream.SummaryMeasureCent,
			})
		}
	}
	return sum
}

// ---------------------------------------------------------------------------
// Rows: records aggregated by billing cycle, by day or not at all.

const (
	statCycle   = 1
	statDay     = 2
	statDetails = 3
)

type ldgRow struct {
	acct  *account
	e     *ledgerEntry // the first record of the row
	cycle int
	idx   int    // index of e in its cycle (for ids)
	day   string // bill_date, by day and details
	ledgerMoney
	usage, free int64
	adjusted    bool
}

func (r *ldgRow) add(e *ledgerEntry) {
	r.ledgerMoney.add(&e.ledgerMoney)
	r.usage += e.usage
	r.free += e.free
	if e.billType == 9 {
		r.adjusted = true
	}
}

// ldgRows selects the records of scope in cycle c and groups them by
// statistic type. Order-type records (a purchase, a renewal, a refund) stay
// one per row; usage is summed per resource, bill type and charge mode (and
// day, by day).
func ldgRows(scope []*account, cycle time.Time, f *ldgFilter, stat int, zero *bool) []*ldgRow {
	type key struct {
		acct     *account
		res      *billedRes
		billType int8
		charge   int8
		day      string
	}
	var rows []*ldgRow
	index := map[key]*ldgRow{} // keys hold the account: one index serves all of scope
	f.eachEntry(scope, cycle, func(ai, c, i int, e *ledgerEntry) {
		m := scope[ai]
		if stat == statDetails || e.orderType() {
			row := &ldgRow{acct: m, e: e, cycle: c, idx: i, day: e.billDate()}
			row.add(e)
			rows = append(rows, row)
			return
		}
		k := key{acct: m, res: e.res, billType: e.billType, charge: e.chargeMode}
		if stat == statDay {
			k.day = e.billDate()
		}
		row := index[k]
		if row == nil {
			row = &ldgRow{acct: m, e: e, cycle: c, idx: i, day: k.day}
			index[k] = row
			rows = append(rows, row)
		}
		row.add(e)
	})
	if zero != nil && !*zero {
		rows = slices.DeleteFunc(rows, func(r *ldgRow) bool { return r.amount() == 0 })
	}
	return rows
}

// recordID is the unique id of a detail row.
func (r *ldgRow) recordID() string {
	return fmt.Sprintf("%016x_%d", ldgHash(r.acct.ID, r.cycle, r.e.res.id), r.idx+1)
}

// ---------------------------------------------------------------------------
// 7.2 Viewing Resource Usage Details.

// usageBody is the request body of 7.2.
type usageBody struct {
	Cycle               *string         `json:"cycle"`
	CloudServiceType    *string         `json:"cloud_service_type"`
	ResourceType        *string         `json:"resource_type"`
	Region              *string         `json:"region"`
	ResInstanceID       *string         `json:"res_instance_id"`
	ChargeMode          json.RawMessage `json:"charge_mode"`
	BillType            json.RawMessage `json:"bill_type"`
	EnterpriseProjectID *string         `json:"enterprise_project_id"`
	IncludeZeroRecord   json.RawMessage `json:"include_zero_record"`
	Method              *string         `json:"method"`
	SubCustomerID       *string         `json:"sub_customer_id"`
	StatisticType       json.RawMessage `json:"statistic_type"`
	QueryType           *string         `json:"query_type"`
	BillCycleBegin      *string         `json:"bill_cycle_begin"`
	BillCycleEnd        *string         `json:"bill_cycle_end"`
	PayerAccountID      *string         `json:"payer_account_id"`
	bodyPaging
}

// usageRecords answers 7.2. X-Language defaults to en_US here.
func (s *Server) usageRecords(a *account, r *request) (any, error) {
	var body usageBody
	if err := r.decodeBody(&body); err != nil {
		return nil, err
	}
	cycle, cycleS, err := ldgCycle(body.Cycle, 8)
	if err != nil {
		return nil, err
	}
	f, err := body.filter()
	if err != nil {
		return nil, err
	}
	zero, err := ldgBool("include_zero_record", body.IncludeZeroRecord)
	if err != nil {
		return nil, err
	}
	var sub strFilter
	if body.SubCustomerID != nil && *body.SubCustomerID != "" {
		sub = strFilter{true, *body.SubCustomerID}
	}
	offset, limit, stat, err := body.paging()
	if err != nil {
		return nil, err
	}
	if err := body.window(&f, stat, cycle); err != nil {
		return nil, err
	}
	if body.PayerAccountID != nil {
		if *body.PayerAccountID == "" {
			return nil, badParam("payer_account_id cannot be empty")
		}
		if err := billLen("payer_account_id", *body.PayerAccountID, 64); err != nil {
			return nil, err
		}
		f.payer = *body.PayerAccountID
	}
	scope, err := billScope(a, derefString(body.Method), sub)
	if err != nil {
		return nil, err
	}
	en := !strings.EqualFold(r.http.Header.Get("X-Language"), "zh_CN")
	rows := ldgRows(scope, cycle, &f, stat, zero)
	records := pageViews(rows, offset, limit, func(row *ldgRow) upstream.MonthlyBillRecord { return ldgMonthlyRecord(row, cycleS, stat, en) })
	return &upstream.MonthlyBillPage{Records: records, TotalCount: len(rows), Currency: "USD"}, nil
}

// filter checks the record filters of the body: strings, charge mode and
// bill type.
func (body *usageBody) filter() (ldgFilter, error) {
	var f ldgFilter
	// "" and null mean "no filter" in 7.2.
	for _, sf := range []struct {
		name string
		v    *string
		dst  *strFilter
	}{
		{"cloud_service_type", body.CloudServiceType, &f.service},
		{"resource_type", body.ResourceType, &f.resType},
		{"region", body.Region, &f.region},
		{"res_instance_id", body.ResInstanceID, &f.resID},
		{"enterprise_project_id", body.EnterpriseProjectID, &f.ep},
	} {
		var err error
		if *sf.dst, err = optStr(sf.name, sf.v, 64); err != nil {
			return f, err
		}
	}
	var err error
	if f.chargeMode, _, err = rawInt("charge_mode", body.ChargeMode); err != nil {
		return f, err
	}
	if f.chargeMode != 0 && !slices.Contains([]int{1, 3, 10, 11}, f.chargeMode) {
		return f, badParam("charge_mode must be 1, 3, 10 or 11, got %d", f.chargeMode)
	}
	if f.billType, _, err = rawInt("bill_type", body.BillType); err != nil {
		return f, err
	}
	if f.billType != 0 && !slices.Contains(billTypes72, f.billType) {
		return f, badParam("bill_type %d is not a bill type of this API", f.billType)
	}
	return f, nil
}

// paging checks offset (not bounded above here), limit (default 10) and
// statistic_type (default 1).
func (body *usageBody) paging() (offset, limit, stat int, err error) {
	offset, set, err := rawInt("offset", body.Offset)
	if err != nil {
		return 0, 0, 0, err
	}
	if set && offset < 0 {
		return 0, 0, 0, badParam("offset must not be negative, got %d", offset)
	}
	if limit, err = body.limit(1000); err != nil {
		return 0, 0, 0, err
	}
	if stat, set, err = rawInt("statistic_type", body.StatisticType); err != nil {
		return 0, 0, 0, err
	}
	if !set {
		stat = statCycle
	}
	if err := checkRange("statistic_type", stat, 1, 3); err != nil {
		return 0, 0, 0, err
	}
	return offset, limit, stat, nil
}

// window sets f's days of the cycle for query_type DAILY.
func (body *usageBody) window(f *ldgFilter, stat int, cycle time.Time) error {
	if body.QueryType == nil || *body.QueryType == "" {
		return nil
	}
	switch *body.QueryType {
	case "BILLCYCLE":
	case "DAILY":
		if stat == statCycle {
			return badParam("query_type DAILY needs statistic_type 2 or 3")
		}
		if derefString(body.BillCycleBegin) == "" || derefString(body.BillCycleEnd) == "" {
			return badParam("bill_cycle_begin and bill_cycle_end are mandatory when query_type is DAILY")
		}
		var err error
		f.from, f.to, err = ldgDays("bill_cycle_begin", "bill_cycle_end", *body.BillCycleBegin, *body.BillCycleEnd, cycle)
		return err
	default:
		return badParam("query_type must be BILLCYCLE or DAILY, got %q", *body.QueryType)
	}
	return nil
}

// Bill types each API accepts (E1).
var (
	billTypes72 = []int{1, 2, 3, 4, 5, 8, 9, 14, 15, 16, 17, 20, 23, 24, 100, 101, 102}
	billTypes73 = []int{1, 2, 3, 4, 5, 8, 9, 12, 13, 14, 15, 16, 17, 20, 23, 24, 100, 101, 102}
)

// ldgBool reads include_zero_record: a JSON boolean, or "true"/"false" as
// the reference's example sends it; absent, null or "" is no filter.
func ldgBool(name string, raw json.RawMessage) (*bool, error) {
	s, err := scalarOf(raw)
	if err != nil {
		return nil, badParam("%s must be true or false", name)
	}
	if s == nil || *s == "" {
		return nil, nil
	}
	v, err := strconv.ParseBool(*s)
	if err != nil || (*s != "true" && *s != "false") {
		return nil, badParam("%s must be true or false, got %q", name, *s)
	}
	return &v, nil
}

func ldgMonthlyRecord(row *ldgRow, cycle string, stat int, en bool) upstream.MonthlyBillRecord {
	e, br, m := row.e, row.e.res, row.acct
	rec := upstream.MonthlyBillRecord{
		Cycle: cycle, BillType: int(e.billType), CustomerID: m.ID,
		Region: br.reg.code, RegionName: ldgRegionName(br.reg, en),
		CloudServiceType: br.p.serviceType, ResourceTypeCode: br.p.resourceType,
		CloudServiceTypeName: catalogServiceName(br.p.serviceType, en),
		ResourceTypeName:     catalogResourceName(br.p.resourceType, en),
		ResInstanceID:        br.id, ResourceName: br.name, RootResourceID: br.rootID, ParentResourceID: br.parentID,
		ResourceTag: br.tag, SKUCode: br.p.spec,
		EnterpriseProjectID: br.epID(), EnterpriseProjectName: br.epName(en),
		ChargeMode:    upstream.Int(e.chargeMode),
		ConsumeAmount: ldgUSD(row.amount()), BillPayments: upstream.BillPayments{CashAmount: ldgUSD(row.cash), CreditAmount: ldgUSD(row.credit),
			CouponAmount: ldgUSD(row.coupon), FlexiPurchaseCouponAmount: ldgUSD(0), StoredCardAmount: ldgUSD(0),
			BonusAmount: ldgUSD(0), DebtAmount: ldgUSD(row.debt)},
		OfficialAmount: ldgUSD(row.official), DiscountAmount: ldgUSD(row.discount), MeasureID: muUSD,
		PeriodType: upstream.Int(e.periodType), TradeID: e.tradeID(), ProductSpecDesc: br.specDesc(en),
		PayerAccountID: billPayer(m).ID, BeID: billBeID(m),
		ExtendParams: &upstream.BillResourceRelation{SelfResourceID: br.id, RelationInfos: []upstream.BillRelationInfo{}},
	}
	if br.az != "" {
		rec.AZCodeInfos = []upstream.BillAZCode{{AZCode: br.az}}
	}
	if row.adjusted {
		adj := ldgUSD(row.adjust)
		rec.AdjustmentAmount = &adj
	}
	if br.orderID != "" && e.chargeMode == 1 {
		rec.PreOrderID = br.orderID
	}
	if br.parentID != "" {
		rec.ExtendParams.RelationInfos = append(rec.ExtendParams.RelationInfos,
			upstream.BillRelationInfo{RelativeResourceID: br.parentID, RelativeType: "PARENT"},
			upstream.BillRelationInfo{RelativeResourceID: br.rootID, RelativeType: "ROOT"})
	}
	if stat == statDay {
		rec.BillDate = row.day
	}
	if stat == statDetails {
		rec.ID = row.recordID()
		rec.EffectiveTime, rec.ExpireTime, rec.ConsumeTime = ldgTime(e.from), ldgTime(e.to), ldgTime(e.at)
	}
	if !e.orderType() && stat != statDetails {
		// A usage row sums a resource's records: its trade_id is the
		// first record's transaction.
		rec.TradeID = e.tradeID()
	}
	return rec
}

// ---------------------------------------------------------------------------
// 7.3 Viewing Resource Expenditures.

// expenditures answers 7.3.
func (s *Server) expenditures(a *account, r *request) (any, error) {
	q := r.query()
	cycleV := q.Get("cycle")
	cycle, _, err := ldgCycle(&cycleV, 10)
	if err != nil {
		return nil, err
	}
	f, err := expenditureFilter(q)
	if err != nil {
		return nil, err
	}
	var zero *bool
	if v := q.Get("include_zero_record"); v != "" {
		if zero, err = ldgBool("include_zero_record", json.RawMessage(strconv.Quote(v))); err != nil {
			return nil, err
		}
	}
	var sub strFilter
	if v := q.Get("sub_customer_id"); v != "" {
		sub = strFilter{true, v}
	}
	offset, limit, err := r.pageParams(1<<31-1, 1000)
	if err != nil {
		return nil, err
	}
	stat := statDetails
	if v := q.Get("statistic_type"); v != "" {
		switch v {
		case "1":
			stat = statCycle
		case "3":
		default:
			return nil, badParam("statistic_type must be 1 or 3, got %q", v)
		}
	}
	if stat == statCycle {
		// trade_id and the bill dates are ignored by billing cycle.
		f.tradeID = strFilter{}
	} else if b, e := q.Get("bill_date_begin"), q.Get("bill_date_end"); b != "" && e != "" {
		if f.from, f.to, err = ldgDays("bill_date_begin", "bill_date_end", b, e, cycle); err != nil {
			return nil, err
		}
	}
	scope, err := billScope(a, q.Get("method"), sub)
	if err != nil {
		return nil, err
	}
	en := r.en()
	rows := ldgRows(scope, cycle, &f, stat, zero)
	records := pageViews(rows, offset, limit, func(row *ldgRow) upstream.FeeRecord { return ldgFeeRecord(row, stat, en) })
	return &upstream.FeeRecordPage{Records: records, TotalCount: len(rows), Currency: "USD"}, nil
}

// expenditureFilter checks the record filters of a 7.3 query: strings,
// charge mode and bill type.
func expenditureFilter(q url.Values) (ldgFilter, error) {
	var f ldgFilter
	// In 7.3 an explicit "" for these is a filter that matches empty values.
	for _, sf := range []struct {
		name string
		n    int
		dst  *strFilter
	}{
		{"cloud_service_type", 64, &f.service},
		{"region", 64, &f.region},
		{"resource_id", 64, &f.resID},
		{"trade_id", 64, &f.tradeID},
	} {
		if vs, ok := q[sf.name]; ok {
			if err := billLen(sf.name, vs[0], sf.n); err != nil {
				return f, err
			}
			*sf.dst = strFilter{true, vs[0]}
		}
	}
	if v := q.Get("enterprise_project_id"); v != "" {
		if err := billLen("enterprise_project_id", v, 64); err != nil {
			return f, err
		}
		f.ep = strFilter{true, v}
	}
	if vs, ok := q["charge_mode"]; ok {
		switch vs[0] {
		case "1", "3", "10", "11":
			f.chargeMode, _ = strconv.Atoi(vs[0])
		case "":
			return f, badParam("charge_mode cannot be empty")
		default:
			return f, badParam("charge_mode must be 1, 3, 10 or 11, got %q", vs[0])
		}
	}
	if v := q.Get("bill_type"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !slices.Contains(billTypes73, n) {
			return f, badParam("bill_type %q is not a bill type of this API", v)
		}
		f.billType = n
	}
	return f, nil
}

func ldgFeeRecord(row *ldgRow, stat int, en bool) upstream.FeeRecord {
	e, br, m := row.e, row.e.res, row.acct
	rec := upstream.FeeRecord{
		BillDate: row.day, BillType: int(e.billType), CustomerID: m.ID,
		Region: br.reg.code, RegionName: ldgRegionName(br.reg, en),
		CloudServiceType: br.p.serviceType, ResourceType: br.p.resourceType,
		CloudServiceTypeName: catalogServiceName(br.p.serviceType, en),
		ResourceTypeName:     catalogResourceName(br.p.resourceType, en),
		EffectiveTime:        ldgTime(e.from), ExpireTime: ldgTime(e.to),
		ResourceID: br.id, ResourceName: br.name, ResourceTag: br.tag,
		ProductID: br.p.productID(br.reg.code), ProductName: catLang(en, br.p.descEN, br.p.descZH),
		ProductSpecDesc: br.specDesc(en), SKUCode: br.p.spec,
		TradeID: e.tradeID(), TradeTime: ldgTime(e.at),
		EnterpriseProjectID: br.epID(), EnterpriseProjectName: br.epName(en),
		ChargeMode: upstream.Code(strconv.Itoa(int(e.chargeMode))), PeriodType: upstream.Code(strconv.Itoa(int(e.periodType))),
		UsageType:      br.p.usageFactor,
		OfficialAmount: ldgUSD(row.official), DiscountAmount: ldgUSD(row.discount), Amount: ldgUSD(row.amount()),
		BillPayments: upstream.BillPayments{CashAmount: ldgUSD(row.cash), CreditAmount: ldgUSD(row.credit), CouponAmount: ldgUSD(row.coupon),
			FlexiPurchaseCouponAmount: ldgUSD(0), StoredCardAmount: ldgUSD(0), BonusAmount: ldgUSD(0),
			DebtAmount: ldgUSD(row.debt)}, MeasureID: muUSD,
	}
	if stat == statCycle {
		rec.BillDate = ""
		if !e.orderType() {
			rec.EffectiveTime, rec.ExpireTime = "", ""
		}
	}
	if br.p.linear && br.size > 0 {
		sz := upstream.AmountOf(decimal.NewFromInt(int64(br.size)))
		rec.SpecSize, rec.SpecSizeMeasureID = &sz, br.p.sizeMeasure
	}
	if e.item != nil {
		rec.OrderID, rec.RelativeOrderID = rec.TradeID, e.relativeOrderID()
	}
	if row.adjusted {
		adj := ldgUSD(row.adjust)
		rec.AdjustmentAmount = &adj
	}
	unitPrice, unit := ldgUnitPrice(e, en)
	switch {
	case e.billType == 5:
		measure := usageDefs[br.p.usageFactor].measure
		u := upstream.AmountOf(ldgQty(row.usage))
		rec.Usage, rec.UsageMeasureID = &u, measure
		if row.free > 0 {
			fr := upstream.AmountOf(ldgQty(row.free))
			rec.FreeResourceUsage, rec.FreeResourceMeasureID = &fr, measure
		}
		rec.UnitPrice, rec.Unit = &unitPrice, unit
	case e.chargeMode == 1 && stat == statDetails && (e.billType == 1 || e.billType == 2 || e.billType == 8):
		rec.UnitPrice, rec.Unit = &unitPrice, unit
	}
	if stat == statDetails {
		rec.ID = row.recordID()
		rec.ConsumeTime = ldgTime(e.at)
		rec.Formula = ldgFormula(row, unitPrice, unit, en)
	}
	return rec
}

// ldgUnitPrice is the unit price shown with a record and its unit.
func ldgUnitPrice(e *ledgerEntry, en bool) (upstream.Amount, string) {
	br := e.res
	lin := ""
	if br.p.linear {
		lin = ldgSizeUnit(br.p) + "/"
	}
	if e.chargeMode == 3 {
		price := upstream.AmountOf(decimal.New(br.unitPrice, -10).Round(8))
		switch br.p.usageFactor {
		case "upflow", "downflow":
			return price, "USD/GB"
		case "capacity":
			return price, "USD/GB/hour"
		}
		return price, "USD/" + lin + "hour"
	}
	m := br.p.monthly.Mul(br.reg.factor)
	if e.periodType == 19 {
		return upstream.AmountOf(m.Mul(decimal.NewFromInt(10)).Round(4)), "USD/" + lin + "year"
	}
	return upstream.AmountOf(m.Round(4)), "USD/" + lin + "month"
}

// ldgFormula is the display formula of a detail record.
func ldgFormula(row *ldgRow, unitPrice upstream.Amount, unit string, en bool) string {
	e := row.e
	tail := fmt.Sprintf(" - (%s)[Discounted amount] - (%s)[Cash coupon used]", ldgUSD(row.discount).StringFixed(2), ldgUSD(row.coupon).StringFixed(2))
	switch {
	case e.billType == 5:
		return fmt.Sprintf("(%s)[Usage] - (%s)[Package deduction] x (%s %s)[Unit price]", ldgQty(row.usage), ldgQty(row.free), unitPrice.String(), unit) + tail
	case e.billType == 9:
		return fmt.Sprintf("(%s)[Adjustment]", ldgUSD(row.adjust).StringFixed(2))
	case row.official <= 0:
		return fmt.Sprintf("(%s)[Refund of the unused period, net of the handling fee]", ldgUSD(row.official).StringFixed(2))
	}
	n, unitName := 1, "month"
	if e.item != nil && e.item.periodNum > 0 {
		n = e.item.periodNum
	}
	switch e.periodType {
	case 19:
		unitName = "year"
	case 24:
		unitName = "day"
	case 25:
		unitName = "hour"
	}
	period := fmt.Sprintf("%d %s", n, unitName)
	size := ""
	if e.res.p.linear && e.res.size > 0 {
		size = fmt.Sprintf(" x (%d %s)[Resource specifications]", e.res.size, ldgSizeUnit(e.res.p))
	}
	return fmt.Sprintf("(%s)[Number of periods]%s x (%s %s)[Unit price]", period, size, unitPrice.String(), unit) + tail
}
