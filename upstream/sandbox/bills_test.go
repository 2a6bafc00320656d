package sandbox

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// ldgServer starts a quota-free sandbox for the bill tests.
func ldgServer(t *testing.T, sizes Sizes) (*Server, *httptest.Server) {
	t.Helper()
	return newTestServer(t, Options{QuotaScale: -1, Sizes: sizes})
}

func ldgClient(t *testing.T, srv *httptest.Server) *upstream.Client {
	t.Helper()
	c, err := upstream.NewClient(srv.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func as(ctx context.Context, token string) context.Context {
	return upstream.WithCaller(ctx, upstream.Caller{Token: upstream.Secret(token)})
}

// lastCycle is the last month of the ledger of a default-clock sandbox.
const lastCycle = "2026-10"

// allUsageRecords pages through 7.2.
func allUsageRecords(t *testing.T, c *upstream.Client, ctx context.Context, req upstream.MonthlyBillRequest) []upstream.MonthlyBillRecord {
	t.Helper()
	var out []upstream.MonthlyBillRecord
	req.Limit = 1000
	for off := 0; ; off += 1000 {
		o := off
		req.Offset = &o
		p, err := c.Bills.UsageRecords(ctx, &req)
		if err != nil {
			t.Fatalf("UsageRecords(%+v): %v", req, err)
		}
		out = append(out, p.Records...)
		if off+1000 >= p.TotalCount {
			if len(out) != p.TotalCount {
				t.Fatalf("UsageRecords: got %d records, total_count %d", len(out), p.TotalCount)
			}
			return out
		}
	}
}

// allFeeRecords pages through 7.3.
func allFeeRecords(t *testing.T, c *upstream.Client, ctx context.Context, opts upstream.FeeRecordOptions) []upstream.FeeRecord {
	t.Helper()
	var out []upstream.FeeRecord
	opts.Limit = 1000
	for off := 0; ; off += 1000 {
		o := off
		opts.Offset = &o
		p, err := c.Bills.Expenditures(ctx, &opts)
		if err != nil {
			t.Fatalf("Expenditures(%+v): %v", opts, err)
		}
		out = append(out, p.Records...)
		if off+1000 >= p.TotalCount {
			if len(out) != p.TotalCount {
				t.Fatalf("Expenditures: got %d records, total_count %d", len(out), p.TotalCount)
			}
			return out
		}
	}
}

func sumOf[T any](items []T, f func(T) decimal.Decimal) decimal.Decimal {
	s := decimal.Zero
	for _, it := range items {
		s = s.Add(f(it))
	}
	return s
}

func TestBills_ClientRoundTrip(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	ctx := as(t.Context(), TokenCustomer)

	sum, err := c.Bills.MonthlySummary(ctx, DomainCustomer, &upstream.MonthlySummaryOptions{Cycle: lastCycle})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Currency != "USD" || sum.MeasureID != upstream.SummaryMeasureCent || sum.TotalCount == 0 || sum.TotalCount != len(sum.BillSums) {
		t.Fatalf("summary = %+v", sum)
	}
	services := map[string]bool{}
	payMethods := map[string]bool{}
	for _, b := range sum.BillSums {
		if b.CustomerID != DomainCustomer || b.ConsumeTime != lastCycle || b.ResourceTypeCode != "" || b.MeasureID != 3 {
			t.Errorf("bill sum %+v", b)
		}
		services[b.CloudServiceTypeCode] = true
		payMethods[b.PayMethod] = true
	}
	if len(services) < 5 || !payMethods["0"] || !payMethods["1"] {
		t.Errorf("summary covers services %v and pay methods %v, want ≥ 5 services, yearly/monthly and pay-per-use", services, payMethods)
	}
	// Per resource type of one service.
	byRT, err := c.Bills.MonthlySummary(ctx, DomainCustomer, &upstream.MonthlySummaryOptions{Cycle: lastCycle, CloudServiceTypeCode: "hws.service.type.ec2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range byRT.BillSums {
		if b.CloudServiceTypeCode != "hws.service.type.ec2" || b.ResourceTypeCode == "" {
			t.Errorf("per-resource-type sum %+v", b)
		}
	}

	page, err := c.Bills.UsageRecords(ctx, &upstream.MonthlyBillRequest{Cycle: lastCycle, ListOptions: upstream.ListOptions{Limit: 50}, StatisticType: 3})
	if err != nil {
		t.Fatal(err)
	}
	if page.Currency != "USD" || page.TotalCount < 50 || len(page.Records) != 50 {
		t.Fatalf("usage records: total %d, %d records", page.TotalCount, len(page.Records))
	}
	for _, r := range page.Records {
		if r.Cycle != lastCycle || r.CustomerID != DomainCustomer || r.RegionName == "" || r.CloudServiceTypeName == "" || r.ResInstanceID == "" ||
			r.ID == "" || r.ConsumeTime == "" || r.EffectiveTime == "" || r.MeasureID != 1 || r.PayerAccountID != DomainCustomer {
			t.Errorf("usage record %+v", r)
		}
		if !r.ConsumeAmount.Equal(r.OfficialAmount.Sub(r.DiscountAmount.Decimal)) {
			t.Errorf("record %s: consume %s != official %s - discount %s", r.ID, r.ConsumeAmount, r.OfficialAmount, r.DiscountAmount)
		}
	}

	fees, err := c.Bills.Expenditures(ctx, &upstream.FeeRecordOptions{Cycle: lastCycle, ChargeMode: 3, ListOptions: upstream.ListOptions{Limit: 20}})
	if err != nil {
		t.Fatal(err)
	}
	if len(fees.Records) != 20 {
		t.Fatalf("expenditures: %d records", len(fees.Records))
	}
	for _, f := range fees.Records {
		if f.ChargeMode != "3" || f.PeriodType != "25" || f.Usage == nil || f.UsageMeasureID == 0 || f.UnitPrice == nil || f.Unit == "" || f.Formula == "" || f.BillDate[:7] != lastCycle {
			t.Errorf("pay-per-use expenditure %+v", f)
		}
	}
	ym, err := c.Bills.Expenditures(ctx, &upstream.FeeRecordOptions{Cycle: lastCycle, ChargeMode: 1, ListOptions: upstream.ListOptions{Limit: 20}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ym.Records {
		if f.ChargeMode != "1" || f.OrderID == "" || f.OrderID != f.TradeID || f.Usage != nil || (f.PeriodType != "19" && f.PeriodType != "20") {
			t.Errorf("yearly/monthly expenditure %+v", f)
		}
	}
	if ym.TotalCount == 0 {
		t.Error("no yearly/monthly expenditures in the last cycle")
	}
}

// TestBills_LedgerConsistency checks that a month's summary bill equals the
// sum of its usage records (by cycle, by day and in detail), of its
// expenditures (by cycle and in detail) and its original cost.
func TestBills_LedgerConsistency(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	for _, tc := range []struct {
		token, domain string
		payer         bool // compare with the records the caller pays (master + unified members)
	}{
		{TokenCustomer, DomainCustomer, false},
		{TokenEnterprise, DomainEnterprise, true},
		{"sandbox-member-1", "", false},
		{"sandbox-member-2", "", false},
	} {
		for _, cycle := range []string{"2026-05", lastCycle} {
			t.Run(tc.token+"/"+cycle, func(t *testing.T) {
				checkLedger(t, c, srv, tc.token, tc.domain, tc.payer, cycle)
			})
		}
	}
}

// checkLedger checks that a month's summary bill (7.1), its usage records
// (7.2), its expenditures (7.3) and its original cost (8.1) agree, and
// returns the summary's total in USD. domain "" looks the account up;
// payer compares with the records the caller pays (master + unified
// members).
func checkLedger(t *testing.T, c *upstream.Client, srv *httptest.Server, token, domain string, payer bool, cycle string) decimal.Decimal {
	t.Helper()
	ctx := as(t.Context(), token)
	if domain == "" {
		domain = memberID(t, srv, token)
	}
	sum, err := c.Bills.MonthlySummary(ctx, domain, &upstream.MonthlySummaryOptions{Cycle: cycle})
	if err != nil {
		t.Fatal(err)
	}
	totalA, _ := upstream.SummaryAmountInMajorUnit(sum.TotalAmount, sum.MeasureID)
	total := totalA.Decimal
	if s := sumOf(sum.BillSums, func(b upstream.BillSum) decimal.Decimal { return b.ConsumeAmount.Decimal }); !s.Equal(sum.TotalAmount.Decimal) {
		t.Errorf("summary records add up to %s, total_amount %s", s, sum.TotalAmount)
	}
	var debit, credit, coupon, debt decimal.Decimal
	for _, b := range sum.BillSums {
		paid := b.Debt.Decimal
		for _, d := range b.AccountDetails {
			paid = paid.Add(d.DeductAmount.Decimal)
			switch d.BalanceTypeID {
			case "BALANCE_TYPE_DEBIT":
				debit = debit.Add(d.DeductAmount.Decimal)
			case "BALANCE_TYPE_CREDIT":
				credit = credit.Add(d.DeductAmount.Decimal)
			case "BALANCE_TYPE_COUPON":
				coupon = coupon.Add(d.DeductAmount.Decimal)
			}
		}
		debt = debt.Add(b.Debt.Decimal)
		if !paid.Equal(b.ConsumeAmount.Decimal) {
			t.Errorf("summary record %s: payments %s != consume_amount %s", b.CloudServiceTypeCode, paid, b.ConsumeAmount)
		}
	}
	if !debit.Equal(sum.DebitAmount.Decimal) || !credit.Equal(sum.CreditAmount.Decimal) || !coupon.Equal(sum.CouponAmount.Decimal) || !debt.Equal(sum.DebtAmount.Decimal) {
		t.Errorf("summary totals debit %s credit %s coupon %s debt %s, records %s %s %s %s",
			sum.DebitAmount, sum.CreditAmount, sum.CouponAmount, sum.DebtAmount, debit, credit, coupon, debt)
	}
	if total.IsZero() {
		t.Fatal("empty month")
	}
	req := upstream.MonthlyBillRequest{Cycle: cycle}
	opts := upstream.FeeRecordOptions{Cycle: cycle}
	if payer {
		req.PayerAccountID = domain
	}
	consume := func(r upstream.MonthlyBillRecord) decimal.Decimal { return r.ConsumeAmount.Decimal }
	for _, st := range []int{1, 2, 3} {
		req.StatisticType = st
		recs := allUsageRecords(t, c, ctx, req)
		if s := sumOf(recs, consume); !s.Equal(total) {
			t.Errorf("7.2 statistic_type %d: records add up to %s, summary %s", st, s, total)
		}
		for _, r := range recs {
			parts := r.CashAmount.Add(r.CreditAmount.Decimal).Add(r.CouponAmount.Decimal).Add(r.DebtAmount.Decimal)
			if r.AdjustmentAmount != nil {
				parts = parts.Add(r.AdjustmentAmount.Decimal)
			}
			if !parts.Equal(r.ConsumeAmount.Decimal) {
				t.Fatalf("7.2 record %+v: payments %s != consume_amount", r, parts)
			}
			if payer && r.PayerAccountID != domain {
				t.Fatalf("7.2 record of payer %s", r.PayerAccountID)
			}
		}
	}
	if payer {
		return total // 7.3 has no payer filter
	}
	amount := func(r upstream.FeeRecord) decimal.Decimal { return r.Amount.Decimal }
	for _, st := range []int{1, 3} {
		opts.StatisticType = st
		if s := sumOf(allFeeRecords(t, c, ctx, opts), amount); !s.Equal(total) {
			t.Errorf("7.3 statistic_type %d: records add up to %s, summary %s", st, s, total)
		}
	}
	// Per service: the summary by resource type adds up to the
	// service's summary, and to its records.
	svc := sum.BillSums[0].CloudServiceTypeCode
	bySvc, err := c.Bills.MonthlySummary(ctx, domain, &upstream.MonthlySummaryOptions{Cycle: cycle, CloudServiceTypeCode: svc})
	if err != nil {
		t.Fatal(err)
	}
	want := decimal.Zero
	for _, b := range sum.BillSums {
		if b.CloudServiceTypeCode == svc {
			want = want.Add(b.ConsumeAmount.Decimal)
		}
	}
	if !bySvc.TotalAmount.Equal(want) {
		t.Errorf("summary of %s by resource type %s, by service %s", svc, bySvc.TotalAmount, want)
	}
	opts.StatisticType, opts.CloudServiceType = 3, svc
	if s := sumOf(allFeeRecords(t, c, ctx, opts), amount); !s.Shift(2).Equal(want) {
		t.Errorf("7.3 records of %s add up to %s, summary %s cents", svc, s, want)
	}
	// Cost data: the original cost of the month.
	if token != TokenCustomer {
		return total
	}
	costs, err := c.Costs.Query(ctx, &upstream.CostQueryRequest{
		TimeCondition: upstream.CostTimeCondition{TimeMeasureID: upstream.CostByMonth, BeginTime: cycle, EndTime: cycle},
		GroupBy:       []upstream.CostGroupBy{{Type: "dimension", Key: "CLOUD_SERVICE_TYPE"}},
		CostType:      upstream.CostTypeOriginal, AmountType: upstream.CostAmountPayment, ListOptions: upstream.ListOptions{Limit: 1000},
	})
	if err != nil {
		t.Fatal(err)
	}
	if s := sumOf(costs.Data, func(d upstream.CostData) decimal.Decimal { return d.AmountByCosts.Decimal }); !s.Equal(total) {
		t.Errorf("8.1 original cost of %s: %s, summary %s", cycle, s, total)
	}
	return total
}

// memberID returns the account id of a sandbox token.
func memberID(t *testing.T, srv *httptest.Server, token string) string {
	t.Helper()
	_, body := call(t, srv, "GET", "/_sandbox/accounts", "", "")
	var accounts []AccountInfo
	if err := jsonUnmarshal(body, &accounts); err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		if a.Token == token {
			return a.DomainID
		}
	}
	t.Fatalf("no account for %s in %s", token, body)
	return ""
}

func TestBills_Isolation(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	members := map[string]bool{}
	for i := 1; i <= smallSizes.Members; i++ {
		members[memberID(t, srv, fmt.Sprintf("sandbox-member-%d", i))] = true
	}
	for _, tc := range []struct {
		token, domain string
		allowed       func(id string) bool
	}{
		{TokenCustomer, DomainCustomer, func(id string) bool { return id == DomainCustomer }},
		{TokenEnterprise, DomainEnterprise, func(id string) bool { return id == DomainEnterprise || members[id] }},
		{TokenPartner, DomainPartner, func(id string) bool { return id == DomainPartner }},
	} {
		ctx := as(t.Context(), tc.token)
		recs := allUsageRecords(t, c, ctx, upstream.MonthlyBillRequest{Cycle: lastCycle})
		fees := allFeeRecords(t, c, ctx, upstream.FeeRecordOptions{Cycle: lastCycle})
		if len(recs) == 0 || len(fees) == 0 {
			t.Errorf("%s: no records", tc.token)
		}
		seen := map[string]bool{}
		for _, r := range recs {
			seen[r.CustomerID] = true
			if !tc.allowed(r.CustomerID) {
				t.Fatalf("%s sees a usage record of %s", tc.token, r.CustomerID)
			}
		}
		for _, f := range fees {
			if !tc.allowed(f.CustomerID) {
				t.Fatalf("%s sees an expenditure of %s", tc.token, f.CustomerID)
			}
		}
		if tc.token == TokenEnterprise && len(seen) != 1+len(members) {
			t.Errorf("the enterprise master sees records of %d accounts, want itself and %d members", len(seen), len(members))
		}
		sum, err := c.Bills.MonthlySummary(ctx, tc.domain, &upstream.MonthlySummaryOptions{Cycle: lastCycle})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range sum.BillSums {
			if !tc.allowed(b.CustomerID) {
				t.Fatalf("%s sees a summary of %s", tc.token, b.CustomerID)
			}
		}
		// Another account's domain_id in the path.
		for _, other := range []string{DomainCustomer, DomainEnterprise, DomainPartner} {
			if other == tc.domain {
				continue
			}
			_, err := c.Bills.MonthlySummary(ctx, other, &upstream.MonthlySummaryOptions{Cycle: lastCycle})
			wantAPIError(t, err, 403, "CBC.0151")
			_, err = c.Invoices.List(ctx, other, &upstream.InvoiceListOptions{StartTime: "2020-01-01T00:00:00Z", EndTime: "2027-01-01T00:00:00Z", Page: 1, Limit: 10})
			wantAPIError(t, err, 403, "CBC.0151")
		}
	}
	// Naming another account's resource or member finds nothing or is denied.
	ctx := as(t.Context(), TokenCustomer)
	ent := allFeeRecords(t, c, as(t.Context(), TokenEnterprise), upstream.FeeRecordOptions{Cycle: lastCycle, Method: "oneself"})
	if got := allFeeRecords(t, c, ctx, upstream.FeeRecordOptions{Cycle: lastCycle, ResourceID: ent[0].ResourceID}); len(got) != 0 {
		t.Errorf("the customer sees %d records of the enterprise's resource %s", len(got), ent[0].ResourceID)
	}
	for id := range members {
		_, err := c.Bills.UsageRecords(ctx, &upstream.MonthlyBillRequest{Cycle: lastCycle, Method: "sub_customer", SubCustomerID: id})
		wantAPIError(t, err, 403, "CBC.0151")
		// The master may ask for one member.
		recs := allUsageRecords(t, c, as(t.Context(), TokenEnterprise), upstream.MonthlyBillRequest{Cycle: lastCycle, Method: "sub_customer", SubCustomerID: id})
		for _, r := range recs {
			if r.CustomerID != id {
				t.Fatalf("sub_customer %s: record of %s", id, r.CustomerID)
			}
		}
		break
	}
}

func wantAPIError(t *testing.T, err error, status int, code string) {
	t.Helper()
	var ue *upstream.Error
	if !errorsAs(err, &ue) || ue.HTTPStatus != status || ue.Code != code {
		t.Errorf("err = %v, want %d %s", err, status, code)
	}
}

func TestBills_BadInput(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	const sum = "/v1.0/" + DomainCustomer + "/customer/account-mgr/bill/monthly-sum"
	const recs = "/v2/bills/customer-bills/res-records/query"
	const fees = "/v2/bills/customer-bills/res-fee-records"
	tests := []struct {
		name, method, path, token, body string
		status                          int
		code                            string
	}{
		{"7.1 no cycle", "GET", sum, TokenCustomer, "", 400, "CBC.0100"},
		{"7.1 bad cycle", "GET", sum + "?cycle=2026-13", TokenCustomer, "", 400, "CBC.0100"},
		{"7.1 cycle with day", "GET", sum + "?cycle=2026-10-01", TokenCustomer, "", 400, "CBC.0100"},
		{"7.1 empty type", "GET", sum + "?cycle=2026-10&type=", TokenCustomer, "", 400, "CBC.0100"},
		{"7.1 type 2", "GET", sum + "?cycle=2026-10&type=2", TokenCustomer, "", 400, "CBC.0100"},
		{"7.1 empty enterpriseProjectId", "GET", sum + "?cycle=2026-10&enterpriseProjectId=", TokenCustomer, "", 400, "CBC.0100"},
		{"7.1 another domain", "GET", sum + "?cycle=2026-10", TokenEnterprise, "", 403, "CBC.0151"},
		{"7.1 bad token", "GET", sum + "?cycle=2026-10", "nope", "", 401, "CBC.0154"},
		{"7.2 no body", "POST", recs, TokenCustomer, "", 400, "CBC.0100"},
		{"7.2 no cycle", "POST", recs, TokenCustomer, `{"limit":10}`, 400, "CBC.0100"},
		{"7.2 limit 0", "POST", recs, TokenCustomer, `{"cycle":"2026-10","limit":0}`, 400, "CBC.0100"},
		{"7.2 limit 1001", "POST", recs, TokenCustomer, `{"cycle":"2026-10","limit":1001}`, 400, "CBC.0100"},
		{"7.2 negative offset", "POST", recs, TokenCustomer, `{"cycle":"2026-10","offset":-1}`, 400, "CBC.0100"},
		{"7.2 empty statistic_type", "POST", recs, TokenCustomer, `{"cycle":"2026-10","statistic_type":""}`, 400, "CBC.0100"},
		{"7.2 statistic_type 4", "POST", recs, TokenCustomer, `{"cycle":"2026-10","statistic_type":4}`, 400, "CBC.0100"},
		{"7.2 charge_mode 2", "POST", recs, TokenCustomer, `{"cycle":"2026-10","charge_mode":2}`, 400, "CBC.0100"},
		{"7.2 bill_type 12", "POST", recs, TokenCustomer, `{"cycle":"2026-10","bill_type":12}`, 400, "CBC.0100"},
		{"7.2 include_zero_record maybe", "POST", recs, TokenCustomer, `{"cycle":"2026-10","include_zero_record":"maybe"}`, 400, "CBC.0100"},
		{"7.2 method unknown", "POST", recs, TokenCustomer, `{"cycle":"2026-10","method":"everyone"}`, 400, "CBC.0100"},
		{"7.2 sub_customer without id", "POST", recs, TokenEnterprise, `{"cycle":"2026-10","method":"sub_customer"}`, 400, "CBC.0100"},
		{"7.2 sub_customer not a member", "POST", recs, TokenEnterprise, `{"cycle":"2026-10","method":"sub_customer","sub_customer_id":"` + DomainCustomer + `"}`, 403, "CBC.0151"},
		{"7.2 DAILY without dates", "POST", recs, TokenCustomer, `{"cycle":"2026-10","statistic_type":2,"query_type":"DAILY"}`, 400, "CBC.0100"},
		{"7.2 DAILY by cycle", "POST", recs, TokenCustomer, `{"cycle":"2026-10","query_type":"DAILY","bill_cycle_begin":"2026-10-01","bill_cycle_end":"2026-10-02"}`, 400, "CBC.0100"},
		{"7.2 DAILY outside the cycle", "POST", recs, TokenCustomer, `{"cycle":"2026-10","statistic_type":2,"query_type":"DAILY","bill_cycle_begin":"2026-09-30","bill_cycle_end":"2026-10-02"}`, 400, "CBC.0100"},
		{"7.2 empty payer_account_id", "POST", recs, TokenCustomer, `{"cycle":"2026-10","payer_account_id":""}`, 400, "CBC.0100"},
		{"7.2 cycle not a string", "POST", recs, TokenCustomer, `{"cycle":202610}`, 400, "CBC.0100"},
		{"7.3 no cycle", "GET", fees, TokenCustomer, "", 400, "CBC.0100"},
		{"7.3 empty charge_mode", "GET", fees + "?cycle=2026-10&charge_mode=", TokenCustomer, "", 400, "CBC.0100"},
		{"7.3 charge_mode 2", "GET", fees + "?cycle=2026-10&charge_mode=2", TokenCustomer, "", 400, "CBC.0100"},
		{"7.3 statistic_type 2", "GET", fees + "?cycle=2026-10&statistic_type=2", TokenCustomer, "", 400, "CBC.0100"},
		{"7.3 limit 1001", "GET", fees + "?cycle=2026-10&limit=1001", TokenCustomer, "", 400, "CBC.0100"},
		{"7.3 empty limit", "GET", fees + "?cycle=2026-10&limit=", TokenCustomer, "", 400, "CBC.0100"},
		{"7.3 bill_type 99", "GET", fees + "?cycle=2026-10&bill_type=99", TokenCustomer, "", 400, "CBC.0100"},
		{"7.3 bill dates outside the cycle", "GET", fees + "?cycle=2026-10&bill_date_begin=2026-10-01&bill_date_end=2026-11-01", TokenCustomer, "", 400, "CBC.0100"},
		{"7.3 bill dates reversed", "GET", fees + "?cycle=2026-10&bill_date_begin=2026-10-05&bill_date_end=2026-10-01", TokenCustomer, "", 400, "CBC.0100"},
		{"7.3 sub_customer as a customer", "GET", fees + "?cycle=2026-10&method=sub_customer&sub_customer_id=x", TokenCustomer, "", 403, "CBC.0151"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := call(t, srv, tt.method, tt.path, tt.token, tt.body)
			if status != tt.status || !strings.Contains(body, `"error_code":"`+tt.code+`"`) {
				t.Errorf("%s %s: got %d %s, want %d %s", tt.method, tt.path, status, body, tt.status, tt.code)
			}
		})
	}
}

// TestBills_Quirks checks the documented empty-value and filter semantics.
func TestBills_Quirks(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	ctx := as(t.Context(), TokenCustomer)
	// 7.3: an explicit empty cloud_service_type filters for empty values.
	status, body := call(t, srv, "GET", "/v2/bills/customer-bills/res-fee-records?cycle=2026-10&cloud_service_type=", TokenCustomer, "")
	if status != 200 || !hasNumber(body, "total_count", 0) {
		t.Errorf("7.3 with cloud_service_type= : %d %.200s, want no records", status, body)
	}
	// 7.2: "" means no filter.
	all, _ := c.Bills.UsageRecords(ctx, &upstream.MonthlyBillRequest{Cycle: lastCycle})
	status, body = call(t, srv, "POST", "/v2/bills/customer-bills/res-records/query", TokenCustomer, `{"cycle":"2026-10","cloud_service_type":"","include_zero_record":"true"}`)
	if status != 200 || !strings.Contains(body, fmt.Sprintf(`"total_count":%d`, all.TotalCount)) {
		t.Errorf("7.2 with empty filters: %d %.200s, want total_count %d", status, body, all.TotalCount)
	}
	// include_zero_record=false drops records whose amount is zero.
	f := false
	nonZero := allUsageRecords(t, c, ctx, upstream.MonthlyBillRequest{Cycle: lastCycle, StatisticType: 3, IncludeZeroRecord: &f})
	detail := allUsageRecords(t, c, ctx, upstream.MonthlyBillRequest{Cycle: lastCycle, StatisticType: 3})
	zeros := 0
	for _, r := range detail {
		if r.ConsumeAmount.IsZero() {
			zeros++
		}
	}
	if zeros == 0 || len(nonZero) != len(detail)-zeros {
		t.Errorf("include_zero_record=false: %d of %d records, %d zero", len(nonZero), len(detail), zeros)
	}
	// X-Language: 7.2 defaults to English, 7.3 to Chinese.
	_, body = call(t, srv, "POST", "/v2/bills/customer-bills/res-records/query", TokenCustomer, `{"cycle":"2026-10","limit":1}`)
	if !strings.Contains(body, `"region_name":"`) || strings.Contains(body, "中国") || strings.Contains(body, "亚太") {
		t.Errorf("7.2 default language: %.300s", body)
	}
	_, body = call(t, srv, "GET", "/v2/bills/customer-bills/res-fee-records?cycle=2026-10&limit=5", TokenCustomer, "")
	if !strings.ContainsAny(body, "云服务器硬盘网络存储数据库") {
		t.Errorf("7.3 default language is not Chinese: %.300s", body)
	}
	// Filters narrow the records consistently.
	for _, st := range []int{1, 3} {
		recs := allFeeRecords(t, c, ctx, upstream.FeeRecordOptions{Cycle: lastCycle, StatisticType: st, ChargeMode: 3, Region: regions[0].code, BillType: 5})
		for _, r := range recs {
			if r.ChargeMode != "3" || r.Region != regions[0].code || r.BillType != 5 {
				t.Fatalf("filtered record %+v", r)
			}
		}
	}
	// 7.2 by day: every record has a bill date in the window.
	recs := allUsageRecords(t, c, ctx, upstream.MonthlyBillRequest{Cycle: lastCycle, StatisticType: 2, QueryType: "DAILY", BillCycleBegin: "2026-10-03", BillCycleEnd: "2026-10-04"})
	if len(recs) == 0 {
		t.Fatal("no daily records")
	}
	for _, r := range recs {
		if r.BillDate != "2026-10-03" && r.BillDate != "2026-10-04" {
			t.Fatalf("daily record on %q", r.BillDate)
		}
	}
	// A cycle outside the ledger has no data.
	old, err := c.Bills.MonthlySummary(ctx, DomainCustomer, &upstream.MonthlySummaryOptions{Cycle: "2019-01"})
	if err != nil || old.TotalCount != 0 || len(old.BillSums) != 0 {
		t.Errorf("summary of 2019-01: %+v, %v", old, err)
	}
	// type 1 (partner budget) only for a partner-associated customer.
	if s, err := c.Bills.MonthlySummary(as(t.Context(), TokenEnterprise), DomainEnterprise, &upstream.MonthlySummaryOptions{Cycle: lastCycle, Type: "1"}); err != nil || s.TotalCount != 0 {
		t.Errorf("type 1 for the enterprise: %+v %v", s, err)
	}
	// enterpriseProjectId filters the summary.
	s0, err := c.Bills.MonthlySummary(ctx, DomainCustomer, &upstream.MonthlySummaryOptions{Cycle: lastCycle, EnterpriseProjectID: "0"})
	if err != nil {
		t.Fatal(err)
	}
	sNone, _ := c.Bills.MonthlySummary(ctx, DomainCustomer, &upstream.MonthlySummaryOptions{Cycle: lastCycle, EnterpriseProjectID: "-1"})
	sAll, _ := c.Bills.MonthlySummary(ctx, DomainCustomer, &upstream.MonthlySummaryOptions{Cycle: lastCycle})
	if !s0.TotalAmount.Add(sNone.TotalAmount.Decimal).Equal(sAll.TotalAmount.Decimal) || sNone.TotalAmount.IsZero() {
		t.Errorf("enterpriseProjectId 0 (%s) + -1 (%s) != all (%s)", s0.TotalAmount, sNone.TotalAmount, sAll.TotalAmount)
	}
}

// TestBills_YearlyMonthlyCharges checks the yearly/monthly records against
// the orders (§6.2): every line item of a completed order settled in the
// ledger's window is one record with the order's id and the item's amounts,
// and nothing else is.
func TestBills_YearlyMonthlyCharges(t *testing.T) {
	t.Parallel()
	sb, srv := ldgServer(t, Sizes{Orders: 300, Resources: 300, Months: 36, Members: 5})
	c := ldgClient(t, srv)
	ctx := as(t.Context(), TokenCustomer)
	var records []upstream.FeeRecord
	for m := time.Date(2023, 11, 1, 0, 0, 0, 0, gmt8); m.Before(time.Date(2026, 11, 1, 0, 0, 0, 0, gmt8)); m = m.AddDate(0, 1, 0) {
		records = append(records, allFeeRecords(t, c, ctx, upstream.FeeRecordOptions{Cycle: m.Format(monthLayout), ChargeMode: 1})...)
	}
	sb.mu.RLock()
	defer sb.mu.RUnlock()
	a := sb.world.accounts[DomainCustomer]
	want := map[string]int{} // order id → items in the ledger's window
	start, end := time.Date(2023, 11, 1, 0, 0, 0, 0, gmt8), time.Date(2026, 11, 1, 0, 0, 0, 0, gmt8)
	for _, o := range a.orders.list {
		at := o.paid
		if at.IsZero() {
			at = o.created
		}
		if o.status != ordStCompleted || at.Before(start) || !at.Before(end) {
			continue
		}
		for _, it := range o.items {
			if it.res != nil {
				want[o.id]++
			}
		}
	}
	got := map[string]int{}
	types := map[int]int{}
	for _, f := range records {
		types[f.BillType]++
		o := a.orders.byID[strings.ToUpper(f.TradeID)]
		if o == nil || o.parent != nil || o.status != ordStCompleted || f.OrderID != f.TradeID {
			t.Fatalf("record %s/%s: trade_id %s is not a completed top-level order", f.ResourceID, f.BillDate, f.TradeID)
		}
		got[o.id]++
		var item *ordItem
		for _, it := range o.items {
			if it.res != nil && it.res.ResourceID == f.ResourceID {
				item = it
			}
		}
		if item == nil {
			t.Fatalf("order %s has no item for resource %s", o.id, f.ResourceID)
		}
		if f.RelativeOrderID != "" && (item.order.id != f.RelativeOrderID || item.order.parent != o) {
			t.Errorf("record of %s: relative_order_id %s, the item's sub-order %s", f.ResourceID, f.RelativeOrderID, item.order.id)
		}
		if !f.OfficialAmount.Equal(item.official) || !f.Amount.Equal(item.after.Add(item.coupon)) || !f.CouponAmount.Equal(item.coupon) {
			t.Errorf("order %s item %s: record official %s amount %s coupon %s, item %s %s+%s", o.id, item.id, f.OfficialAmount, f.Amount, f.CouponAmount, item.official, item.after, item.coupon)
		}
		if ldgBillType(item.order, f.Amount.Shift(2).IntPart()) != int8(f.BillType) {
			t.Errorf("order %s of type %d recorded as bill type %d", o.id, o.orderType, f.BillType)
		}
	}
	if len(got) != len(want) {
		t.Errorf("records of %d orders, want %d", len(got), len(want))
	}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("order %s: %d records, %d items", id, got[id], n)
		}
	}
	if types[1] == 0 || types[2] == 0 || types[8] == 0 || types[4] == 0 {
		t.Errorf("yearly/monthly bill types %v, want purchases, renewals, automatic renewals and refunds", types)
	}
}

// TestBills_GenerationIsDeterministic builds the world at the default
// sizes, then rebuilds the packages, bills and invoices of every account
// from the same streams: the result is the same.
func TestBills_GenerationIsDeterministic(t *testing.T) {
	t.Parallel()
	w := newWorld(1, DefaultSizes, Epoch)
	type snapshot struct {
		bills    billState
		packages packageState
		invoices invoiceState
	}
	before := map[string]snapshot{}
	for _, a := range w.ordered {
		before[a.ID] = snapshot{a.bills, a.packages, a.invoices}
		a.bills, a.packages, a.invoices = billState{}, packageState{}, invoiceState{}
	}
	for _, a := range w.ordered {
		genPackages(w, a, w.rand(a.ID, "packages"))
		genBills(w, a, w.sizesFor(a), w.rand(a.ID, "bills"))
		genInvoices(w, a, w.rand(a.ID, "invoices"))
	}
	entries, deductions := 0, 0
	for _, a := range w.ordered {
		old := before[a.ID]
		for i := range a.bills.cycles {
			entries += len(a.bills.cycles[i])
			if len(a.bills.cycles[i]) != len(old.bills.cycles[i]) {
				t.Fatalf("%s cycle %d: %d records, then %d", a.Name, i, len(old.bills.cycles[i]), len(a.bills.cycles[i]))
			}
			for j := range a.bills.cycles[i] {
				x, y := a.bills.cycles[i][j], old.bills.cycles[i][j]
				if x.res.id != y.res.id || x.at != y.at || x.amount() != y.amount() || x.billType != y.billType {
					t.Fatalf("%s cycle %d record %d differs between two builds", a.Name, i, j)
				}
			}
		}
		deductions += len(a.packages.records)
		if len(a.packages.records) != len(old.packages.records) || len(a.packages.list) != len(old.packages.list) {
			t.Fatalf("%s: packages differ between two builds", a.Name)
		}
		for i := range a.invoices.list {
			if a.invoices.list[i].RequestID != old.invoices.list[i].RequestID || !a.invoices.list[i].InvoiceAmount.Equal(old.invoices.list[i].InvoiceAmount.Decimal) {
				t.Fatalf("%s: invoice %d differs between two builds", a.Name, i)
			}
		}
	}
	t.Logf("default sizes: %d ledger records, %d package deductions", entries, deductions)
	if months := len(w.accounts[DomainCustomer].bills.cycles); months != 36 {
		t.Errorf("ledger has %d cycles, want 36", months)
	}
	// Speed is measured by BenchmarkLedger, not asserted here.
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// BenchmarkLedger measures building packages, bills and invoices of every
// account at the default sizes.
func BenchmarkLedger(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		w := newWorld(1, DefaultSizes, Epoch)
		for _, a := range w.ordered {
			a.bills, a.packages, a.invoices = billState{}, packageState{}, invoiceState{}
		}
		b.StartTimer()
		for _, a := range w.ordered {
			genPackages(w, a, w.rand(a.ID, "packages"))
			genBills(w, a, w.sizesFor(a), w.rand(a.ID, "bills"))
			genInvoices(w, a, w.rand(a.ID, "invoices"))
		}
	}
}
