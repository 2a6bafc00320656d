package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// Invoices (§10.1.1) are applications for the months an account paid: one
// per billing cycle of the ledger (most cycles), for what the account paid
// that month in cash and credit, applied for in the following weeks. An
// enterprise master invoices for its members under unified accounting too
// (it paid their bills); those members have no invoices of their own.

type invoiceState struct {
	list    []upstream.Invoice // newest application first
	applied []int64            // applyTime of list[i], unix seconds
}

// genInvoices builds the invoices of a from its ledger. The master's depend
// on its members' ledgers, which are generated after it, so they are built
// when the last member's are.
func genInvoices(w *world, a *account, g *gen) {
	switch {
	case a.Kind == kindEnterprise && len(a.members) > 0:
		return
	case a.Kind == kindMember:
		if !a.enterprise.member.independent {
			a.invoices = invoiceState{}
		} else {
			invBuild(w, a, []*account{a}, g)
		}
		if m := a.master; m != nil && m.members[len(m.members)-1] == a {
			scope := []*account{m}
			for _, x := range m.members {
				if billPayer(x) == m {
					scope = append(scope, x)
				}
			}
			invBuild(w, m, scope, w.rand(m.ID, "invoices"))
		}
		return
	}
	invBuild(w, a, []*account{a}, g)
}

func invBuild(w *world, a *account, scope []*account, g *gen) {
	st := invoiceState{}
	b := &a.bills
	now := w.now.Unix()
	credit := a.Kind == kindEnterprise || a.Kind == kindPartner
	title := map[accountKind]string{kindCustomer: "Sandbox Customer", kindEnterprise: "Sandbox Enterprise Co., Ltd.", kindMember: "Sandbox Enterprise " + a.Name, kindPartner: "Sandbox Partner Ltd."}[a.Kind]
	type inv struct {
		upstream.Invoice
		at int64
	}
	var all []inv
	for c := 0; c < b.months(); c++ {
		var paid int64
		for _, m := range scope {
			if m.bills.months() != b.months() {
				continue
			}
			for i := range m.bills.cycles[c] {
				e := &m.bills.cycles[c][i]
				paid += e.cash + e.credit
			}
		}
		if paid <= 0 || g.IntN(100) >= 85 {
			continue
		}
		at := b.monthAt[c+1] + int64(g.between(3, 25))*86400 + int64(g.IntN(86400))
		if at >= now {
			continue
		}
		cycle := time.Unix(b.monthAt[c], 0).In(gmt8)
		applied := time.Unix(at, 0).UTC()
		amount := decimal.New(paid, -2)
		tax := amount.Sub(amount.Div(d("1.06"))).Round(2)
		it := upstream.Invoice{
			RequestID:     "IV" + applied.In(gmt8).Format("060102") + ldgCode(g.Uint64(), 6),
			TitleType:     1,
			InvoiceType:   1,
			InvoiceTitle:  title,
			InvoiceAmount: upstream.AmountOf(amount),
			InvoiceMethod: 1, InvoiceClass: 1,
			ApplyOpera: a.Name[:4] + "*****",
			AddressInfo: &upstream.InvoiceAddress{
				Address: "*****", Recipients: "Finance**", ZipCode: "10****", MobilePhone: "188****" + fmt.Sprintf("%04d", g.IntN(10000)),
			},
			ApplyTime: fmtTime(applied), InvoiceMode: "0", Email: "bill***@example.com", RequestMode: "0",
			SalesID: "1351", TradeType: 5, BillCycle: cycle.Format("200601"),
			TaxList: []upstream.InvoiceTax{{TaxClass: "VAT", TaxRate: upstream.StringAmount{Decimal: d("0.06")}, SubTaxClass: "VAT", TaxAmount: upstream.AmountOf(tax)}},
		}
		if a.Kind == kindCustomer {
			it.TitleType = 0
		}
		if credit {
			it.InvoiceMethod, it.TradeType = 0, 4
		}
		age := now - at
		switch {
		case age > 60*86400:
			it.InvoiceState = 8
		case age > 20*86400:
			it.InvoiceState = pick(g, 6, 7, 8)
		default:
			it.InvoiceState = pick(g, 0, 1, 4, 5)
		}
		if it.InvoiceState == 8 || it.InvoiceState == 7 {
			it.InvoiceNo = "CSER" + applied.In(gmt8).Format("0601") + fmt.Sprintf("%05d", g.IntN(100000))
		}
		all = append(all, inv{it, at})
		// Now and then a completed invoice is returned: a return
		// application refers to the original, which becomes refunded.
		if it.InvoiceState == 8 && g.IntN(100) < 8 {
			rat := at + int64(g.between(5, 30))*86400
			if rat < now {
				ret := it
				ret.RequestID = "IV" + time.Unix(rat, 0).In(gmt8).Format("060102") + ldgCode(g.Uint64(), 6)
				ret.RequestMode, ret.SrcRequestID = "1", it.RequestID
				ret.ApplyTime, ret.InvoiceNo = fmtTime(time.Unix(rat, 0)), ""
				ret.CancelReason = "Incorrect invoice title"
				all[len(all)-1].InvoiceState = 9
				all = append(all, inv{ret, rat})
			}
		}
	}
	slices.SortStableFunc(all, func(x, y inv) int {
		switch {
		case x.at > y.at:
			return -1
		case x.at < y.at:
			return 1
		}
		return 0
	})
	for _, x := range all {
		st.list = append(st.list, x.Invoice)
		st.applied = append(st.applied, x.at)
	}
	a.invoices = st
}

// listInvoices answers 10.1.1 on GET /v1.0/{domain_id}/payments/intl-invoices.
// The domain_id must be the caller's (else 403 CBC.0151). offset is a
// 1-based page number; both it and limit are mandatory. The time window
// (both ends included) applies to the application time.
func (s *Server) listInvoices(a *account, r *request) (any, error) {
	if r.pathValue("domain_id") != a.ID {
		return nil, errorf(http.StatusForbidden, "CBC.0151", "Access denied: the domain_id in the path is not the caller's account ID.")
	}
	startV, err := r.requiredParam("start_time")
	if err != nil {
		return nil, err
	}
	endV, err := r.requiredParam("end_time")
	if err != nil {
		return nil, err
	}
	if err := billLen("start_time", startV, 64); err != nil {
		return nil, err
	}
	if err := billLen("end_time", endV, 64); err != nil {
		return nil, err
	}
	start, err := parseTime("start_time", startV)
	if err != nil {
		return nil, err
	}
	end, err := parseTime("end_time", endV)
	if err != nil {
		return nil, err
	}
	if end.Before(start) {
		return nil, badParam("end_time must not be before start_time")
	}
	pageV, err := r.requiredParam("offset")
	if err != nil {
		return nil, err
	}
	pageN, err := checkInt("offset", pageV, 1, 99999)
	if err != nil {
		return nil, err
	}
	limitV, err := r.requiredParam("limit")
	if err != nil {
		return nil, err
	}
	limit, err := checkInt("limit", limitV, 1, 100)
	if err != nil {
		return nil, err
	}
	var match []upstream.Invoice
	for i, it := range a.invoices.list {
		if t := a.invoices.applied[i]; t >= start.Unix() && t <= end.Unix() {
			match = append(match, it)
		}
	}
	out := &upstream.InvoicePage{Count: len(match), Invoices: []upstream.Invoice{}}
	out.Invoices = append(out.Invoices, page(match, (pageN-1)*limit, limit)...)
	return out, nil
}
