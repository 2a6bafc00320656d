package upstream

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestInvoicesService_List(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	// The reference's example request; offset is a 1-based page number.
	serveGolden(t, mux, "/v1.0/"+testDomainID+"/payments/intl-invoices", "invoices.json", func(r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, url.Values{
			"start_time": {"2019-01-28T11:48:41Z"},
			"end_time":   {"2019-12-28T11:48:41Z"},
			"offset":     {"1"},
			"limit":      {"10"},
		})
	})

	got, err := client.Invoices.List(testContext(t), testDomainID, &InvoiceListOptions{
		StartTime: "2019-01-28T11:48:41Z",
		EndTime:   "2019-12-28T11:48:41Z",
		Page:      1,
		Limit:     10,
	})
	if err != nil {
		t.Fatalf("Invoices.List returned error: %v", err)
	}
	// invoices.json is the reference's example with the closing "}]}" it
	// lacks.
	address := &InvoiceAddress{Address: "*****", Recipients: "Wang**", ZipCode: "10****", MobilePhone: "188****8888"}
	want := &InvoicePage{
		Count: 2,
		Invoices: []Invoice{
			{
				RequestID:     "IV19122807N6S5",
				TitleType:     1,
				ChannelType:   0,
				InvoiceType:   1,
				InvoiceTitle:  "Dream666",
				InvoiceAmount: amt("102.0"),
				InvoiceMethod: 1,
				InvoiceClass:  1,
				InvoiceState:  8,
				ApplyOpera:    "*****",
				AddressInfo:   address,
				ApplyTime:     "2019-12-28T07:02:03Z",
				InvoiceMode:   "1",
				Email:         "***@163.com",
				RequestMode:   "0",
				SalesID:       "1351",
				InvoiceNo:     "CSER191001322",
				TradeType:     5,
				BillCycle:     "201912",
				TaxList: []InvoiceTax{
					{TaxClass: "WHT", TaxRate: samt("0.01"), SubTaxClass: "WHT", TaxAmount: amt("1.0")},
					{TaxClass: "VAT", TaxRate: samt("0.01"), SubTaxClass: "VAT", TaxAmount: amt("1.0")},
				},
			},
			{
				RequestID:     "IV19122806VJF8",
				TitleType:     1,
				ChannelType:   0,
				InvoiceType:   1,
				InvoiceTitle:  "Dream666",
				InvoiceAmount: amt("384.4"),
				InvoiceMethod: 1,
				InvoiceClass:  1,
				InvoiceState:  8,
				ApplyOpera:    "*****",
				AddressInfo:   address,
				ApplyTime:     "2019-12-28T06:20:41Z",
				InvoiceMode:   "1",
				Email:         "***@163.com",
				RequestMode:   "0",
				SalesID:       "1351",
				InvoiceNo:     "CSER191001321",
				TradeType:     7,
				BillCycle:     "201912",
				TaxList: []InvoiceTax{
					{TaxClass: "WHT", TaxRate: samt("0.15"), SubTaxClass: "WHT", TaxAmount: amt("54.4")},
					{TaxClass: "VAT", TaxRate: samt("0.06"), SubTaxClass: "VAT", TaxAmount: amt("21.76")},
				},
			},
		},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Invoices.List mismatch (-want +got):\n%s", diff)
	}
	checkWireShape(t, got, "invoices.json")
}

func TestInvoicesService_List_query(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *InvoiceListOptions
		want url.Values
	}{
		// BSS requires all four parameters; the client leaves the check to
		// BSS (CBC.0100) rather than sending empty values.
		{"nil", nil, url.Values{}},
		{"last page of 100", &InvoiceListOptions{StartTime: "2024-01-01T00:00:00Z", EndTime: "2024-03-31T23:59:59Z", Page: 99999, Limit: 100}, url.Values{
			"start_time": {"2024-01-01T00:00:00Z"}, "end_time": {"2024-03-31T23:59:59Z"}, "offset": {"99999"}, "limit": {"100"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v1.0/"+testDomainID+"/payments/intl-invoices", "invoices.json", func(r *http.Request) {
				testQuery(t, r, tt.want)
			})
			if _, err := client.Invoices.List(testContext(t), testDomainID, tt.opts); err != nil {
				t.Errorf("Invoices.List(%+v) returned error: %v", tt.opts, err)
			}
		})
	}
}
