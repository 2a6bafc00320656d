package upstream

import (
	"context"
	"net/url"
)

// InvoicesService talks to the invoice API (§10.1).
type InvoicesService service

// InvoiceListOptions are the query parameters of the invoice list API
// (§10.1.1, Table 10-1). BSS requires all four.
type InvoiceListOptions struct {
	// StartTime and EndTime bound the application time, in UTC
	// yyyy-MM-dd'T'HH:mm:ss'Z', e.g. 2019-05-06T08:05:01Z.
	StartTime string
	EndTime   string
	// Page is the 1-based page number (1–99999), which BSS calls offset:
	// unlike every other list API it is not a record offset, so these two
	// fields are not a ListOptions.
	Page  int
	Limit int // records per page, 1–100
}

func (o *InvoiceListOptions) addTo(v url.Values) {
	querySetStr(v, "start_time", o.StartTime)
	querySetStr(v, "end_time", o.EndTime)
	querySetInt(v, "offset", o.Page)
	querySetInt(v, "limit", o.Limit)
}

// InvoicePage is one page of invoice applications (§10.1.1 response). Its
// count is "count", not total_count, and all invoice fields are camelCase.
type InvoicePage struct {
	Count    int       `json:"count"`
	Invoices []Invoice `json:"invoices"`
}

// Invoice is one invoice application (§10.1.1, Table 10-2
// IntlInvoiceRequestInfo).
type Invoice struct {
	RequestID     string `json:"requestId"` // application ID, e.g. IV19122807N6S5
	CancelReason  string `json:"cancelReason"`
	TitleType     int    `json:"titleType"`   // 0 individual, 1 corporate
	ChannelType   int    `json:"channelType"` // 0 HUAWEI CLOUD
	InvoiceType   int    `json:"invoiceType"` // 0 special VAT, 1 general VAT
	InvoiceTitle  string `json:"invoiceTitle"`
	InvoiceAmount Amount `json:"invoiceAmount"` // USD
	InvoiceMethod int    `json:"invoiceMethod"` // 0 by bill, 1 by payment, 2 by order
	InvoiceClass  int    `json:"invoiceClass"`  // 0 tax invoice, 1 business invoice
	// InvoiceState is one of the twelve states of Table 10-2 (8 complete, 9
	// refunded...).
	InvoiceState int             `json:"invoiceState"`
	ApplyOpera   string          `json:"applyOpera"` // applicant
	AddressInfo  *InvoiceAddress `json:"addressInfo"`
	ApplyTime    string          `json:"applyTime"` // UTC
	// InvoiceMode is documented only as "0" (paper), but the reference's
	// example returns "1".
	InvoiceMode  string       `json:"invoiceMode"`
	Email        string       `json:"email"`
	RequestMode  string       `json:"requestMode"`  // "0" creation, "1" return, "2" change
	SrcRequestID string       `json:"srcRequestId"` // the original application of a return
	SalesID      string       `json:"salesId"`      // signing entity
	InvoiceNo    string       `json:"invoiceNo"`
	TradeType    int          `json:"tradeType"`
	BillCycle    string       `json:"billCycle"` // YYYYMM, without the dash of the bill APIs' cycles
	TaxList      []InvoiceTax `json:"taxList"`
}

// InvoiceAddress is the postal address of an invoice (§10.1.1, Table 10-3
// PostAddressInfoIntl).
type InvoiceAddress struct {
	Address     string `json:"address"`
	Recipients  string `json:"recipients"`
	ZipCode     string `json:"zipCode"`
	MobilePhone string `json:"mobilePhone"`
}

// InvoiceTax is one tax of an invoice (§10.1.1, Table 10-4 TaxInfo).
type InvoiceTax struct {
	TaxClass    string       `json:"taxClass"`    // VAT, ISS, WHT or GST
	TaxRate     StringAmount `json:"taxRate"`     // a string on the wire, e.g. "0.01"
	SubTaxClass string       `json:"subTaxClass"` // PIS, COFINS, CGST, SGST, IGST, ISS, WHT or VAT
	TaxAmount   Amount       `json:"taxAmount"`   // USD
}

// List returns one page of the invoice applications made by account domainID
// in a time range.
//
// BSS API: "Querying the Invoice List" (10.1.1), GET /v1.0/{domain_id}/payments/intl-invoices
func (s *InvoicesService) List(ctx context.Context, domainID string, opts *InvoiceListOptions) (*InvoicePage, error) {
	var p InvoicePage
	if err := s.client.do(ctx, OpListInvoices, OpListInvoices.Expand(domainID), queryOf(opts), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
