package sandbox

import (
	"cmp"
	"slices"

	"bssgraph/upstream"
)

// The summary bill as the Huawei Cloud SDK asks for it (bssintl/v2
// ShowCustomerMonthlySum): GET /v2/bills/customer-bills/monthly-sum, the
// path §3.3's quota table lists for "Querying Summary Bills". The reference
// documents only the v1.0 variant (7.1), so the fields are the SDK models'
// (upstream.CustomerMonthlySum, upstream.BillSumRecord). It needs no
// domain_id, answers in USD (measure_id 1) and covers the same ledger
// records as 7.2 for the same method, so its totals equal theirs.

// sdkBillType maps a record's bill type (E1) to the SDK summary's.
func sdkBillType(e *ledgerEntry) int {
	switch e.billType {
	case 4, 20: // unsubscription, downgrade
		return 2
	case 9:
		return 3
	}
	return 1
}

// monthlySumSDK answers GET /v2/bills/customer-bills/monthly-sum.
func (s *Server) monthlySumSDK(a *account, r *request) (any, error) {
	q := r.query()
	cycleV := q.Get("bill_cycle")
	cycle, cycleS, err := ldgCycle(&cycleV, 7)
	if err != nil {
		return nil, badParam("bill_cycle is mandatory and must be a month YYYY-MM such as 2024-01, got %q", cycleV)
	}
	var f ldgFilter
	if v := q.Get("service_type_code"); v != "" {
		if err := billLen("service_type_code", v, 64); err != nil {
			return nil, err
		}
		f.service = strFilter{true, v}
	}
	if f.ep, err = enterpriseProjectParam(q, "enterprise_project_id"); err != nil {
		return nil, err
	}
	offset, limit, err := r.pageParams(1<<31-1, 1000)
	if err != nil {
		return nil, err
	}
	var sub strFilter
	if v := q.Get("sub_customer_id"); v != "" {
		sub = strFilter{true, v}
	}
	scope, err := billScope(a, q.Get("method"), sub)
	if err != nil {
		return nil, err
	}
	type key struct {
		acct           int
		svc, rt        string
		charge, billTy int
	}
	type group struct {
		key
		ledgerMoney
	}
	groups := map[key]*group{}
	var order []*group
	f.eachEntry(scope, cycle, func(ai, _, _ int, e *ledgerEntry) {
		k := key{ai, e.res.p.serviceType, e.res.p.resourceType, int(e.chargeMode), sdkBillType(e)}
		gr := groups[k]
		if gr == nil {
			gr = &group{key: k}
			groups[k] = gr
			order = append(order, gr)
		}
		gr.add(&e.ledgerMoney)
	})
	slices.SortFunc(order, func(x, y *group) int {
		return cmp.Or(cmp.Compare(x.acct, y.acct), cmp.Compare(x.svc, y.svc), cmp.Compare(x.rt, y.rt),
			cmp.Compare(x.charge, y.charge), cmp.Compare(x.billTy, y.billTy))
	})
	en := r.en()
	out := &upstream.CustomerMonthlySum{BillSums: []upstream.BillSumRecord{}, TotalCount: len(order), MeasureID: muUSD, Currency: "USD"}
	var total ledgerMoney
	for _, gr := range order {
		total.add(&gr.ledgerMoney)
	}
	for _, gr := range page(order, offset, limit) {
		m := scope[gr.acct]
		out.BillSums = append(out.BillSums, upstream.BillSumRecord{
			BillCycle: cycleS, ResourceTypeCode: gr.rt, ServiceTypeCode: gr.svc,
			ServiceTypeName: catalogServiceName(gr.svc, en), ResourceTypeName: catalogResourceName(gr.rt, en),
			ChargingMode: gr.charge, OfficialAmount: ldgUSD(gr.official), OfficialDiscountAmount: ldgUSD(gr.discount),
			TruncatedAmount: ldgUSD(0), ConsumeAmount: ldgUSD(gr.amount()),
			CouponAmount: ldgUSD(gr.coupon), FlexipurchaseCouponAmount: ldgUSD(0), StoredValueCardAmount: ldgUSD(0),
			DebtAmount: ldgUSD(gr.debt), WriteoffAmount: ldgUSD(0), CashAmount: ldgUSD(gr.cash), CreditAmount: ldgUSD(gr.credit),
			MeasureID: muUSD, BillType: gr.billTy, CustomerID: m.ID, AccountName: m.Name,
		})
	}
	out.ConsumeAmount, out.DebtAmount, out.CouponAmount = ldgUSD(total.amount()), ldgUSD(total.debt), ldgUSD(total.coupon)
	out.CashAmount, out.CreditAmount = ldgUSD(total.cash), ldgUSD(total.credit)
	out.FlexipurchaseCouponAmount, out.StoredValueCardAmount, out.WriteoffAmount = ldgUSD(0), ldgUSD(0), ldgUSD(0)
	return out, nil
}
