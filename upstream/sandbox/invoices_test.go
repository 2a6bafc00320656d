package sandbox

import (
	"strings"
	"testing"

	"bssgraph/upstream"
)

const (
	invFrom = "2023-01-01T00:00:00Z"
	invTo   = "2026-12-31T23:59:59Z"
)

func TestInvoices_ClientRoundTrip(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{Orders: 60, Resources: 150, Months: 36, Members: 5})
	c := ldgClient(t, srv)
	for _, tc := range []struct{ token, domain string }{{TokenCustomer, DomainCustomer}, {TokenEnterprise, DomainEnterprise}} {
		ctx := as(t.Context(), tc.token)
		first, err := c.Invoices.List(ctx, tc.domain, &upstream.InvoiceListOptions{StartTime: invFrom, EndTime: invTo, Page: 1, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if first.Count < 20 || len(first.Invoices) != first.Count {
			t.Fatalf("%s: %d invoices of %d", tc.token, len(first.Invoices), first.Count)
		}
		states := map[int]bool{}
		byID := map[string]upstream.Invoice{}
		for i, inv := range first.Invoices {
			byID[inv.RequestID] = inv
			states[inv.InvoiceState] = true
			if !strings.HasPrefix(inv.RequestID, "IV") || inv.ApplyTime == "" || len(inv.BillCycle) != 6 || !inv.InvoiceAmount.IsPositive() || len(inv.TaxList) == 0 || inv.AddressInfo == nil {
				t.Errorf("invoice %+v", inv)
			}
			if i > 0 && inv.ApplyTime > first.Invoices[i-1].ApplyTime {
				t.Errorf("invoices not newest first at %d", i)
			}
		}
		if !states[8] || len(states) < 3 {
			t.Errorf("%s: invoice states %v", tc.token, states)
		}
		// An invoice is for what the account paid in cash and credit that
		// month: the summary's debit + credit amounts.
		checked := 0
		for _, inv := range first.Invoices {
			if inv.RequestMode != "0" || checked >= 6 {
				if inv.RequestMode == "1" {
					if src, ok := byID[inv.SrcRequestID]; !ok || src.InvoiceState != 9 {
						t.Errorf("return %s of %s: original %+v", inv.RequestID, inv.SrcRequestID, src)
					}
				}
				continue
			}
			checked++
			cycle := inv.BillCycle[:4] + "-" + inv.BillCycle[4:]
			sum, err := c.Bills.MonthlySummary(ctx, tc.domain, &upstream.MonthlySummaryOptions{Cycle: cycle})
			if err != nil {
				t.Fatal(err)
			}
			paid, _ := upstream.SummaryAmountInMajorUnit(upstream.Amount{Decimal: sum.DebitAmount.Add(sum.CreditAmount.Decimal)}, sum.MeasureID)
			if !paid.Equal(inv.InvoiceAmount.Decimal) {
				t.Errorf("invoice %s for %s: %s, the month's payments %s", inv.RequestID, cycle, inv.InvoiceAmount, paid)
			}
			if inv.ApplyTime < cycle {
				t.Errorf("invoice %s for %s applied for at %s", inv.RequestID, cycle, inv.ApplyTime)
			}
		}
		// Pages and the time window.
		p2, err := c.Invoices.List(ctx, tc.domain, &upstream.InvoiceListOptions{StartTime: invFrom, EndTime: invTo, Page: 2, Limit: 5})
		if err != nil || len(p2.Invoices) != 5 || p2.Invoices[0].RequestID != first.Invoices[5].RequestID || p2.Count != first.Count {
			t.Errorf("page 2: %+v %v", p2, err)
		}
		win, _ := c.Invoices.List(ctx, tc.domain, &upstream.InvoiceListOptions{StartTime: "2026-01-01T00:00:00Z", EndTime: "2026-06-30T23:59:59Z", Page: 1, Limit: 100})
		for _, inv := range win.Invoices {
			if inv.ApplyTime < "2026-01-01T00:00:00Z" || inv.ApplyTime > "2026-06-30T23:59:59Z" {
				t.Errorf("invoice applied for at %s outside the window", inv.ApplyTime)
			}
		}
		if win.Count == 0 || win.Count >= first.Count {
			t.Errorf("window: %d of %d", win.Count, first.Count)
		}
		past, _ := c.Invoices.List(ctx, tc.domain, &upstream.InvoiceListOptions{StartTime: invFrom, EndTime: invTo, Page: 999, Limit: 100})
		if past.Count != first.Count || len(past.Invoices) != 0 {
			t.Errorf("page past the end: %+v", past)
		}
	}
	// Members under unified accounting have none (the master invoices
	// their bills); independent members have their own.
	for _, tc := range []struct {
		token string
		some  bool
	}{{"sandbox-member-1", false}, {"sandbox-member-2", true}} {
		p, err := c.Invoices.List(as(t.Context(), tc.token), memberID(t, srv, tc.token), &upstream.InvoiceListOptions{StartTime: invFrom, EndTime: invTo, Page: 1, Limit: 100})
		if err != nil || (p.Count > 0) != tc.some {
			t.Errorf("%s: %d invoices, %v", tc.token, p.Count, err)
		}
	}
}

func TestInvoices_BadInput(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	base := "/v1.0/" + DomainCustomer + "/payments/intl-invoices"
	ok := "?start_time=2026-01-01T00:00:00Z&end_time=2026-10-01T00:00:00Z"
	tests := []struct {
		name, path, token string
		status            int
		code              string
	}{
		{"no parameters", base, TokenCustomer, 400, "CBC.0100"},
		{"no offset", base + ok + "&limit=10", TokenCustomer, 400, "CBC.0100"},
		{"no limit", base + ok + "&offset=1", TokenCustomer, 400, "CBC.0100"},
		{"offset 0", base + ok + "&offset=0&limit=10", TokenCustomer, 400, "CBC.0100"},
		{"offset 100000", base + ok + "&offset=100000&limit=10", TokenCustomer, 400, "CBC.0100"},
		{"limit 101", base + ok + "&offset=1&limit=101", TokenCustomer, 400, "CBC.0100"},
		{"no start_time", base + "?end_time=2026-10-01T00:00:00Z&offset=1&limit=10", TokenCustomer, 400, "CBC.0100"},
		{"date without time", base + "?start_time=2026-01-01&end_time=2026-10-01T00:00:00Z&offset=1&limit=10", TokenCustomer, 400, "CBC.0100"},
		{"end before start", base + "?start_time=2026-10-01T00:00:00Z&end_time=2026-01-01T00:00:00Z&offset=1&limit=10", TokenCustomer, 400, "CBC.0100"},
		{"another account's domain", base + ok + "&offset=1&limit=10", TokenEnterprise, 403, "CBC.0151"},
		{"unknown domain", "/v1.0/0000/payments/intl-invoices" + ok + "&offset=1&limit=10", TokenCustomer, 403, "CBC.0151"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := call(t, srv, "GET", tt.path, tt.token, "")
			if status != tt.status || !strings.Contains(body, `"error_code":"`+tt.code+`"`) {
				t.Errorf("got %d %s, want %d %s", status, body, tt.status, tt.code)
			}
		})
	}
	status, body := call(t, srv, "GET", base+ok+"&offset=1&limit=10", TokenCustomer, "")
	if status != 200 || !strings.Contains(body, `"count":`) || !strings.Contains(body, `"requestId":"`) {
		t.Errorf("valid call: %d %.200s", status, body)
	}
}
