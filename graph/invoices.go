package graph

import (
	"context"
	"net/url"
	"time"

	"golang.org/x/sync/errgroup"

	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// Invoices (10.1.1). The API pages by 1-based page number ("offset") with
// pages of up to 100; the connection's cursors are ordinary record offsets,
// and each window is mapped onto the fewest pages of one size that cover it
// (e.g. records 95–114 are page 2 of size 58: one call, not two).

const (
	invoicePageLimit = 100   // limit [1-100]
	invoiceMaxPage   = 99999 // offset [1-99999]
	// invoiceDefaultSpan is the application window when the filter leaves
	// out its start.
	invoiceDefaultSpan = 3 // years
	invoiceTimeLayout  = "2006-01-02T15:04:05Z"
)

// invoiceCosts is the upstream cost model of this domain's fields (limits.go).
func invoiceCosts() map[string]fieldCost {
	return map[string]fieldCost{
		// A window not aligned on pages of 100 may need one page more.
		"Customer.invoices": {
			calls: func(args map[string]any, parents int) int {
				if n := firstArg(args); n > 0 {
					return parents * (ceilDiv(n, invoicePageLimit) + 1 + countCall(args))
				}
				return parents
			},
			items: firstArg,
		},
	}
}

// invoicePagePlan is how a window of records maps onto pages: pages first
// to last (1-based) of size records.
type invoicePagePlan struct {
	size, first, last int
}

// planInvoicePages covers records [offset, offset+n) with the fewest pages
// of one size (largest size on ties), within the API's page numbers.
func planInvoicePages(offset, n int) (invoicePagePlan, bool) {
	if n <= 0 {
		return invoicePagePlan{size: 1, first: 1, last: 1}, true
	}
	var best invoicePagePlan
	found := false
	for size := invoicePageLimit; size >= 1; size-- {
		p := invoicePagePlan{size: size, first: offset/size + 1, last: (offset+n-1)/size + 1}
		if p.last > invoiceMaxPage {
			continue
		}
		if !found || p.last-p.first < best.last-best.first {
			best, found = p, true
		}
	}
	return best, found
}

// invoiceListWindow validates the filter and returns the application-time
// window, defaulting to the three years up to now.
func invoiceListWindow(f *model.InvoiceFilter, now time.Time) (string, string, error) {
	to := now.UTC().Truncate(time.Second)
	var from time.Time
	if f != nil && f.To != nil {
		to = f.To.UTC()
	}
	if f != nil && f.From != nil {
		from = f.From.UTC()
	} else {
		from = to.AddDate(-invoiceDefaultSpan, 0, 0)
	}
	if to.Before(from) {
		return "", "", badInput("filter.to (%s) is before filter.from (%s)", to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	return from.Format(invoiceTimeLayout), to.Format(invoiceTimeLayout), nil
}

// invoices lists the caller's invoice applications (10.1.1).
func (r *Resolver) invoices(ctx context.Context, c *model.Customer, filter *model.InvoiceFilter, first *int32, after *string, last *int32, before *string) (*model.InvoiceConnection, error) {
	w, err := pageWindow(ctx, pageArgs{first, after, last, before})
	if err != nil {
		return nil, err
	}
	start, end, err := invoiceListWindow(filter, time.Now())
	if err != nil {
		return nil, err
	}
	if err := r.ownAccountOnly(ctx, c, "invoices", "10.1.1"); err != nil {
		return nil, err
	}
	domainID, err := r.accountID(ctx, c)
	if err != nil {
		return nil, err
	}
	if w.Last > 0 {
		// The last records: one smallest page tells the count.
		probe, _ := planInvoicePages(0, 1)
		_, total, err := r.fetchInvoicePages(ctx, domainID, start, end, probe)
		if err != nil {
			return nil, err
		}
		w = w.resolve(total)
	}
	plan, ok := planInvoicePages(w.Offset, w.First)
	if !ok {
		return nil, badInput("after: 10.1.1 cannot page as far as record %d", w.Offset)
	}
	items, total, err := r.fetchInvoicePages(ctx, domainID, start, end, plan)
	if err != nil {
		return nil, err
	}
	if w.First == 0 {
		return connection([]*model.Invoice{}, w, total), nil
	}
	// items start at record (first-1)*size.
	skip := w.Offset - (plan.first-1)*plan.size
	if skip > len(items) {
		skip = len(items)
	}
	return connection(mapSlice(trim(items[skip:], w.First), invoiceFromUpstream), w, total), nil
}

// fetchInvoicePages fetches the pages of plan: the first tells the count,
// the others (those the count says exist) are fetched concurrently.
func (r *Resolver) fetchInvoicePages(ctx context.Context, domainID, start, end string, plan invoicePagePlan) ([]upstream.Invoice, int, error) {
	get := func(ctx context.Context, page int) (*upstream.InvoicePage, error) {
		return r.bss.Invoices.List(ctx, domainID, &upstream.InvoiceListOptions{StartTime: start, EndTime: end, Page: page, Limit: plan.size})
	}
	p, err := get(ctx, plan.first)
	if err != nil {
		return nil, 0, err
	}
	items, total := p.Invoices, p.Count
	last := min(plan.last, max(plan.first, ceilDiv(total, plan.size)))
	if last <= plan.first || len(p.Invoices) < plan.size {
		return items, total, nil
	}
	pages := make([][]upstream.Invoice, last-plan.first)
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(pageFetchConcurrency)
	for i := range pages {
		g.Go(func() error {
			p, err := get(gctx, plan.first+1+i)
			if err != nil {
				return err
			}
			pages[i] = p.Invoices
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, 0, err
	}
	for _, p := range pages {
		items = append(items, p...)
	}
	return items, total, nil
}

// invoiceKey is what refetching an invoice needs, since 10.1.1 has no
// look-up by id: its application id and application time.
type invoiceKey struct {
	RequestID, ApplyTime string
}

func (k invoiceKey) String() string {
	return url.Values{"r": {k.RequestID}, "t": {k.ApplyTime}}.Encode()
}

func parseInvoiceKey(s string) (invoiceKey, bool) {
	v, err := url.ParseQuery(s)
	if err != nil || v.Get("r") == "" || v.Get("t") == "" {
		return invoiceKey{}, false
	}
	return invoiceKey{RequestID: v.Get("r"), ApplyTime: v.Get("t")}, true
}

// invoiceNode refetches an invoice of the caller: 10.1.1 over the two
// seconds around its application time, scanned for its requestId.
func (r *Resolver) invoiceNode(ctx context.Context, key string) (model.Node, error) {
	k, ok := parseInvoiceKey(key)
	if !ok {
		return nil, badInput("%s is not an invoice key", quoteInput(key))
	}
	at := parseTime(k.ApplyTime)
	if at == nil {
		return nil, badInput("%s is not an invoice key", quoteInput(key))
	}
	domainID, err := r.viewerID(ctx)
	if err != nil {
		return nil, err
	}
	opts := &upstream.InvoiceListOptions{
		StartTime: at.Add(-time.Second).Format(invoiceTimeLayout),
		EndTime:   at.Add(time.Second).Format(invoiceTimeLayout),
		Page:      1, Limit: invoicePageLimit,
	}
	for {
		p, err := r.bss.Invoices.List(ctx, domainID, opts)
		if err != nil {
			return nil, err
		}
		for _, inv := range p.Invoices {
			if inv.RequestID == k.RequestID {
				return invoiceFromUpstream(inv), nil
			}
		}
		if len(p.Invoices) < opts.Limit || opts.Page*opts.Limit >= p.Count || opts.Page >= invoiceMaxPage {
			return nil, nil
		}
		opts.Page++
	}
}

var (
	invoiceTitleTypes   = map[int]model.InvoiceTitleType{0: model.InvoiceTitleTypeIndividual, 1: model.InvoiceTitleTypeCorporate}
	invoiceChannelTypes = map[int]model.InvoiceChannelType{0: model.InvoiceChannelTypeHuaweiCloud}
	invoiceTypes        = map[int]model.InvoiceType{0: model.InvoiceTypeSpecialVat, 1: model.InvoiceTypeGeneralVat}
	invoiceMethods      = map[int]model.InvoiceMethod{0: model.InvoiceMethodByBill, 1: model.InvoiceMethodByPayment, 2: model.InvoiceMethodByOrder}
	invoiceClasses      = map[int]model.InvoiceClass{0: model.InvoiceClassTaxInvoice, 1: model.InvoiceClassBusinessInvoice}
	invoiceStates       = map[int]model.InvoiceState{
		0: model.InvoiceStateDraft, 1: model.InvoiceStateWaitingFirstTrial, 4: model.InvoiceStateWaitingExportFile,
		5: model.InvoiceStateWaitingFileBackfill, 6: model.InvoiceStateWaitingMailConfirmation,
		7: model.InvoiceStateWaitingReceiptConfirmation, 8: model.InvoiceStateComplete, 9: model.InvoiceStateRefunded,
		11: model.InvoiceStateWaitingRebutAudit, 13: model.InvoiceStateReturnAudit,
		14: model.InvoiceStateWaitingReturnCisNotify, 15: model.InvoiceStateReturnFailed,
	}
	invoiceModes        = map[string]model.InvoiceMode{"0": model.InvoiceModePaper}
	invoiceRequestModes = map[string]model.InvoiceRequestMode{"0": model.InvoiceRequestModeCreation, "1": model.InvoiceRequestModeReturn, "2": model.InvoiceRequestModeChange}
	invoiceTradeTypes   = map[int]model.InvoiceTradeType{
		3: model.InvoiceTradeTypeCreditCardSettlement, 4: model.InvoiceTradeTypeBillingSettlement,
		5: model.InvoiceTradeTypeInvoicingByPayment, 6: model.InvoiceTradeTypeBpBillingSettlement,
		7: model.InvoiceTradeTypeInvoicingByRecharge, 8: model.InvoiceTradeTypeOnlineOrderPayment,
		10: model.InvoiceTradeTypeInvoicingByRefund,
	}
	invoiceTaxClasses = map[string]model.InvoiceTaxClass{
		"VAT": model.InvoiceTaxClassVat, "ISS": model.InvoiceTaxClassIss, "WHT": model.InvoiceTaxClassWht, "GST": model.InvoiceTaxClassGst,
	}
	invoiceSubTaxClasses = map[string]model.InvoiceSubTaxClass{
		"PIS": model.InvoiceSubTaxClassPis, "COFINS": model.InvoiceSubTaxClassCofins, "CGST": model.InvoiceSubTaxClassCgst,
		"SGST": model.InvoiceSubTaxClassSgst, "IGST": model.InvoiceSubTaxClassIgst, "ISS": model.InvoiceSubTaxClassIss,
		"WHT": model.InvoiceSubTaxClassWht, "VAT": model.InvoiceSubTaxClassVat,
	}
)

// invoiceCurrency is the currency of invoice amounts: 10.1.1 documents
// them in USD and sends no currency.
const invoiceCurrency = "USD"

func invoiceFromUpstream(inv upstream.Invoice) *model.Invoice {
	out := &model.Invoice{
		ID:                globalID("Invoice", invoiceKey{RequestID: inv.RequestID, ApplyTime: inv.ApplyTime}.String()),
		InvoiceID:         inv.RequestID,
		CancelReason:      strPtr(inv.CancelReason),
		TitleType:         enumOf(invoiceTitleTypes, inv.TitleType, model.InvoiceTitleTypeUnknown),
		TitleTypeCode:     int32(inv.TitleType),
		ChannelType:       enumOf(invoiceChannelTypes, inv.ChannelType, model.InvoiceChannelTypeUnknown),
		ChannelTypeCode:   int32(inv.ChannelType),
		InvoiceType:       enumOf(invoiceTypes, inv.InvoiceType, model.InvoiceTypeUnknown),
		InvoiceTypeCode:   int32(inv.InvoiceType),
		InvoiceTitle:      strPtr(inv.InvoiceTitle),
		InvoiceAmount:     money(inv.InvoiceAmount.Decimal, 0, invoiceCurrency),
		InvoiceMethod:     enumOf(invoiceMethods, inv.InvoiceMethod, model.InvoiceMethodUnknown),
		InvoiceMethodCode: int32(inv.InvoiceMethod),
		InvoiceClass:      enumOf(invoiceClasses, inv.InvoiceClass, model.InvoiceClassUnknown),
		InvoiceClassCode:  int32(inv.InvoiceClass),
		InvoiceState:      enumOf(invoiceStates, inv.InvoiceState, model.InvoiceStateUnknown),
		InvoiceStateCode:  int32(inv.InvoiceState),
		ApplyOpera:        strPtr(inv.ApplyOpera),
		AppliedAt:         parseTime(inv.ApplyTime),
		InvoiceMode:       enumOf(invoiceModes, inv.InvoiceMode, model.InvoiceModeUnknown),
		InvoiceModeCode:   inv.InvoiceMode,
		Email:             strPtr(inv.Email),
		RequestMode:       enumOf(invoiceRequestModes, inv.RequestMode, model.InvoiceRequestModeUnknown),
		RequestModeCode:   inv.RequestMode,
		SrcRequestID:      strPtr(inv.SrcRequestID),
		SalesID:           strPtr(inv.SalesID),
		InvoiceNo:         strPtr(inv.InvoiceNo),
		TradeType:         enumOf(invoiceTradeTypes, inv.TradeType, model.InvoiceTradeTypeUnknown),
		TradeTypeCode:     int32(inv.TradeType),
		BillCycle:         invoiceBillCycle(inv.BillCycle),
		BillCycleCode:     strPtr(inv.BillCycle),
		Taxes:             make([]*model.InvoiceTax, len(inv.TaxList)),
	}
	if a := inv.AddressInfo; a != nil {
		out.AddressInfo = &model.InvoiceAddress{
			Address: strPtr(a.Address), Recipients: strPtr(a.Recipients),
			ZipCode: strPtr(a.ZipCode), MobilePhone: strPtr(a.MobilePhone),
		}
	}
	for i, t := range inv.TaxList {
		out.Taxes[i] = &model.InvoiceTax{
			TaxClass:        enumOf(invoiceTaxClasses, t.TaxClass, model.InvoiceTaxClassUnknown),
			TaxClassCode:    t.TaxClass,
			TaxRate:         t.TaxRate.Decimal,
			SubTaxClass:     enumOf(invoiceSubTaxClasses, t.SubTaxClass, model.InvoiceSubTaxClassUnknown),
			SubTaxClassCode: t.SubTaxClass,
			TaxAmount:       money(t.TaxAmount.Decimal, 0, invoiceCurrency),
		}
	}
	return out
}

// invoiceBillCycle normalises billCycle's YYYYMM to a Month.
func invoiceBillCycle(s string) *model.Month {
	if len(s) == 6 {
		s = s[:4] + "-" + s[4:]
	}
	return monthOf(s)
}
