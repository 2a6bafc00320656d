package graph_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"bssgraph/graph"
	"bssgraph/upstream/sandbox"
)

// exampleBody answers a route with one of the reference's own example
// bodies, kept by package upstream's golden tests.
func exampleBody(t *testing.T, name string) func([]byte) (int, any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "upstream", "testdata", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return func([]byte) (int, any) { return 200, b }
}

func TestMonthlyBill_Golden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.golden("bills_monthly_bill", sandbox.TokenCustomer).mustData(t)
	if c := e.calls(); !countsEqual(c, map[string]int{"ShowCustomerMonthlySum": 2}) {
		t.Errorf("calls = %v, want 2 summary calls", c)
	}
}

func TestUsageRecords_Golden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.golden("bills_usage_records", sandbox.TokenCustomer).mustData(t)
	if c := e.calls(); !countsEqual(c, map[string]int{"ListResourceUsageRecords": 2}) {
		t.Errorf("calls = %v, want 2", c)
	}
}

func TestExpenditures_Golden(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.golden("bills_expenditures", sandbox.TokenCustomer).mustData(t)
	if c := e.calls(); !countsEqual(c, map[string]int{"ListResourceExpenditures": 2}) {
		t.Errorf("calls = %v, want 2", c)
	}
}

// sumAmounts adds the amount of the Money at path in every node.
func sumAmounts(t *testing.T, nodes []any, path ...any) decimal.Decimal {
	t.Helper()
	sum := decimal.Zero
	for _, n := range nodes {
		s, _ := dig(n, path...).(string)
		d, err := decimal.NewFromString(s)
		if err != nil {
			t.Fatalf("amount %v: %v", dig(n, path...), err)
		}
		sum = sum.Add(d)
	}
	return sum
}

// TestMonthlyBill_SumOfUsageRecords checks the sandbox's ledger through the
// gateway: a month's summary (7.1, cents) equals the sum of its usage
// records (7.2, dollars) paid by the same account, in total and per cloud
// service type. 1500 records take two 7.2 pages fetched concurrently.
func TestMonthlyBill_SumOfUsageRecords(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct{ token, domain string }{
		{sandbox.TokenCustomer, sandbox.DomainCustomer},
		{sandbox.TokenEnterprise, sandbox.DomainEnterprise},
	} {
		for _, cycle := range []string{"2026-09", "2026-03"} {
			r := e.do(request{token: tc.token, domainID: tc.domain, vars: map[string]any{"cycle": cycle, "payer": tc.domain}, query: `
				query($cycle: Month!, $payer: String!) { viewer {
					monthlyBill(cycle: $cycle) { totalAmount { amount } records { serviceTypeCode consumeAmount { amount } } }
					usageRecords(filter: {cycle: $cycle, payerAccountId: $payer}, first: 1000) {
						totalCount nodes { serviceTypeCode consumeAmount { amount } } }
				} }`})
			d := r.mustData(t)
			if n, _ := dig(d, "viewer", "usageRecords", "totalCount").(json.Number).Int64(); n > 1000 || n == 0 {
				t.Fatalf("%s %s: %d usage records, want 1 to 1000", tc.token, cycle, n)
			}
			records := dig(d, "viewer", "usageRecords", "nodes").([]any)
			total, _ := decimal.NewFromString(dig(d, "viewer", "monthlyBill", "totalAmount", "amount").(string))
			if sum := sumAmounts(t, records, "consumeAmount", "amount"); !sum.Equal(total) {
				t.Errorf("%s %s: usage records sum to %s, the summary bill says %s", tc.token, cycle, sum, total)
			}
			perService := map[string]decimal.Decimal{}
			for _, rec := range records {
				a, _ := decimal.NewFromString(dig(rec, "consumeAmount", "amount").(string))
				s := dig(rec, "serviceTypeCode").(string)
				perService[s] = perService[s].Add(a)
			}
			for _, sum := range dig(d, "viewer", "monthlyBill", "records").([]any) {
				s := dig(sum, "serviceTypeCode").(string)
				a, _ := decimal.NewFromString(dig(sum, "consumeAmount", "amount").(string))
				perService[s] = perService[s].Sub(a)
			}
			for s, diff := range perService {
				if !diff.IsZero() {
					t.Errorf("%s %s: service %s: usage records and summary records differ by %s", tc.token, cycle, s, diff)
				}
			}
		}
	}
	// A page after a cursor is the same slice of the list as in one big page.
	all := e.query(`{ viewer { expenditures(filter: {cycle: "2026-09"}, first: 60) { nodes { recordId } } } }`, nil).mustData(t)
	page := e.query(`{ viewer { expenditures(filter: {cycle: "2026-09"}, first: 7, after: "`+graph.CursorAt("Customer.expenditures", 49)+`") { pageInfo { hasPreviousPage startCursor } nodes { recordId } } } }`, nil).mustData(t)
	want := dig(all, "viewer", "expenditures", "nodes").([]any)[50:57]
	if got := dig(page, "viewer", "expenditures", "nodes"); jsonText(t, got) != jsonText(t, want) {
		t.Errorf("records 50-56 = %s, want %s", jsonText(t, got), jsonText(t, want))
	}
}

func TestBills_BadInput(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, tc := range []struct {
		name, query string
		vars        map[string]any
	}{
		{"malformed Month literal", `{ viewer { monthlyBill(cycle: "2026-9") { totalCount } } }`, nil},
		{"malformed Month variable", `query($f: UsageRecordFilter!) { viewer { usageRecords(filter: $f) { totalCount } } }`,
			map[string]any{"f": map[string]any{"cycle": "September"}}},
		{"malformed Date variable", `query($f: ExpenditureFilter!) { viewer { expenditures(filter: $f) { totalCount } } }`,
			map[string]any{"f": map[string]any{"cycle": "2026-09", "billDateBegin": "2026-09-31", "billDateEnd": "2026-09-30"}}},
		{"first over 1000", `{ viewer { usageRecords(filter: {cycle: "2026-09"}, first: 1001) { totalCount } } }`, nil},
		{"negative first", `{ viewer { expenditures(filter: {cycle: "2026-09"}, first: -1) { totalCount } } }`, nil},
		{"unknown enum in variables", `query($f: UsageRecordFilter!) { viewer { usageRecords(filter: $f) { totalCount } } }`,
			map[string]any{"f": map[string]any{"cycle": "2026-09", "chargeMode": "MONTHLY"}}},
		{"UNKNOWN charge mode", `{ viewer { expenditures(filter: {cycle: "2026-09", chargeMode: UNKNOWN}) { totalCount } } }`, nil},
		{"7.3-only bill type on 7.2", `{ viewer { usageRecords(filter: {cycle: "2026-09", billType: HOURLY_BILLING}) { totalCount } } }`, nil},
		{"DAILY without days", `{ viewer { usageRecords(filter: {cycle: "2026-09", statisticType: BY_DAY, queryType: DAILY}) { totalCount } } }`, nil},
		{"DAILY by cycle", `{ viewer { usageRecords(filter: {cycle: "2026-09", queryType: DAILY, billCycleBegin: "2026-09-01", billCycleEnd: "2026-09-02"}) { totalCount } } }`, nil},
		{"days outside the cycle", `{ viewer { expenditures(filter: {cycle: "2026-09", billDateBegin: "2026-08-31", billDateEnd: "2026-09-02"}) { totalCount } } }`, nil},
		{"one day of two", `{ viewer { expenditures(filter: {cycle: "2026-09", billDateBegin: "2026-09-01"}) { totalCount } } }`, nil},
		{"subCustomerId with method ALL", `{ viewer { usageRecords(filter: {cycle: "2026-09", method: ALL, subCustomerId: "x"}) { totalCount } } }`, nil},
		{"SUB_CUSTOMER without id", `{ viewer { expenditures(filter: {cycle: "2026-09", method: SUB_CUSTOMER}) { totalCount } } }`, nil},
		{"empty payer", `{ viewer { usageRecords(filter: {cycle: "2026-09", payerAccountId: ""}) { totalCount } } }`, nil},
		{"empty enterprise project of 7.1", `{ viewer { monthlyBill(cycle: "2026-09", enterpriseProjectId: "") { totalCount } } }`, nil},
		{"malformed cursor", `{ viewer { usageRecords(filter: {cycle: "2026-09"}, after: "b2Zmc2V0Oi0x") { totalCount } } }`, nil},
	} {
		r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer, query: tc.query, vars: tc.vars})
		if codes := r.errorCodes(); len(codes) == 0 || codes[0] != "BAD_USER_INPUT" {
			t.Errorf("%s: errors = %+v, want BAD_USER_INPUT", tc.name, r.Errors)
		}
	}
	if n := e.sandbox.TotalCalls(); n != 0 {
		t.Errorf("bad input cost %d upstream calls, want 0: %v", n, e.calls())
	}
}

// TestAccountID_Missing: without X-Domain-Id and without IAM, only the
// fields whose API needs the account id in its path (7.1, 10.1.1) fail,
// with a clear error and no upstream call; their siblings resolve.
func TestAccountID_Missing(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{Sizes: testSizes, QuotaScale: -1})
	e := envWith(t, sb, sb, false)
	r := e.query(`{ viewer {
		id accountId
		monthlyBill(cycle: "2026-09") { totalCount }
		invoices(first: 1) { totalCount }
		usageRecords(filter: {cycle: "2026-09"}, first: 1) { totalCount }
		expenditures(filter: {cycle: "2026-09"}, first: 1) { totalCount }
		costs(input: {from: "2026-09-01", to: "2026-09-30", groupBy: [{dimension: CLOUD_SERVICE_TYPE}], first: 1}) { totalCount }
		resourcePackages(first: 1) { totalCount }
	} }`, nil)
	failed := map[string]bool{}
	for _, err := range r.Errors {
		field := err.Path[len(err.Path)-1].(string)
		failed[field] = true
		if err.Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(err.Message, "X-Domain-Id") {
			t.Errorf("%s: error %q (%v), want BAD_USER_INPUT naming X-Domain-Id", field, err.Message, err.Extensions["code"])
		}
	}
	if len(failed) != 2 || !failed["monthlyBill"] || !failed["invoices"] {
		t.Errorf("failed fields = %v, want monthlyBill and invoices", failed)
	}
	v := dig(r.Data, "viewer").(map[string]any)
	for _, f := range []string{"usageRecords", "expenditures", "costs", "resourcePackages"} {
		if v[f] == nil {
			t.Errorf("%s = null, want data: %s", f, r.raw)
		}
	}
	if v["accountId"] != nil {
		t.Errorf("accountId = %v, want null", v["accountId"])
	}
	c := e.calls()
	if c["ShowCustomerMonthlySum"]+c["ListInvoices"] != 0 {
		t.Errorf("calls = %v, want no 7.1 or 10.1.1 call", c)
	}
}

// TestBills_ReferenceExamples serves the reference's own examples of 7.1,
// 7.2 and 7.3 and checks every amount arrives digit for digit: 7.1's cents
// (measure_id 3) become dollars without losing a digit, 7.2's and 7.3's
// dollars keep their scale, and 7.3's String codes read as 7.2's Integers.
func TestBills_ReferenceExamples(t *testing.T) {
	t.Parallel()
	bss := newCannedBSS()
	bss.handle("GET /v1.0/"+sandbox.DomainCustomer+"/customer/account-mgr/bill/monthly-sum", exampleBody(t, "monthly_sum"))
	bss.handle("POST /v2/bills/customer-bills/res-records/query", exampleBody(t, "res_records"))
	bss.handle("GET /v2/bills/customer-bills/res-fee-records", exampleBody(t, "res_fee_records"))
	e := envWith(t, bss, nil, false)
	r := e.do(request{token: "example", domainID: sandbox.DomainCustomer, query: `{ viewer {
		monthlyBill(cycle: "2018-05") { currency totalCount measureId
			totalAmount { amount rawAmount measureId currency } debtAmount { amount rawAmount } debitAmount { amount rawAmount }
			cashCouponAmount { amount } flexiPurchaseCouponAmount { amount } storedCardAmount { amount } creditAmount { amount }
			records { customerId resourceTypeCode regionCode serviceTypeCode consumeTime payMethod payMethodCode billType billTypeCode enterpriseProjectId
				consumeAmount { amount rawAmount } debt { amount rawAmount } discount { amount }
				payments { balanceType balanceTypeId deductAmount { amount rawAmount } } discounts { promotionType } } }
		usageRecords(filter: {cycle: "2022-05"}) { totalCount nodes { cycle billDate billType chargeMode chargeModeCode periodType periodTypeCode
			consumeAmount { amount rawAmount } discountAmount { amount } adjustmentAmount { amount } resourceTag enterpriseProjectId enterpriseProjectName
			availabilityZones effectiveAt consumedAt resourceRelation { selfResourceId relations { relativeResourceId relativeType } } } }
		expenditures(filter: {cycle: "2020-09"}) { totalCount nodes { billDate billType chargeMode chargeModeCode periodType periodTypeCode
			amount { amount rawAmount currency } officialAmount { amount } discountAmount { amount } cashAmount { amount } specSize specSizeMeasureId
			usage usageMeasureId unitPrice { amount } formula tradedAt } }
	} }`})
	d := r.mustData(t)
	for _, c := range []struct {
		path []any
		want any
	}{
		{[]any{"monthlyBill", "totalAmount", "amount"}, "102.12"},
		{[]any{"monthlyBill", "totalAmount", "rawAmount"}, "10212"},
		{[]any{"monthlyBill", "totalAmount", "measureId"}, 3},
		{[]any{"monthlyBill", "totalAmount", "currency"}, "USD"},
		{[]any{"monthlyBill", "debtAmount", "amount"}, "0.56"},
		{[]any{"monthlyBill", "debitAmount", "amount"}, "101.56"},
		{[]any{"monthlyBill", "creditAmount", "amount"}, "0.00"},
		{[]any{"monthlyBill", "records", 0, "consumeAmount", "amount"}, "102.12"},
		{[]any{"monthlyBill", "records", 0, "debt", "amount"}, "0.56"},
		{[]any{"monthlyBill", "records", 0, "payMethod"}, "OTHER"},
		{[]any{"monthlyBill", "records", 0, "resourceTypeCode"}, nil},
		{[]any{"monthlyBill", "records", 0, "consumeTime"}, "2019-12"},
		{[]any{"monthlyBill", "records", 0, "payments", 0, "deductAmount", "amount"}, "101.56"},
		{[]any{"monthlyBill", "records", 0, "payments", 9, "balanceType"}, "WRITEOFFDEBT"},
		{[]any{"usageRecords", "nodes", 0, "consumeAmount", "amount"}, "0.0"},
		{[]any{"usageRecords", "nodes", 0, "discountAmount", "amount"}, "0"},
		{[]any{"usageRecords", "nodes", 0, "adjustmentAmount"}, nil},
		{[]any{"usageRecords", "nodes", 0, "billType"}, "REFUND_UNSUBSCRIPTION"},
		{[]any{"usageRecords", "nodes", 0, "chargeModeCode"}, 1},
		{[]any{"usageRecords", "nodes", 0, "periodType"}, "MONTH"},
		{[]any{"usageRecords", "nodes", 0, "enterpriseProjectId"}, nil},
		{[]any{"expenditures", "nodes", 0, "amount", "amount"}, "2063.12"},
		{[]any{"expenditures", "nodes", 0, "officialAmount", "amount"}, "2516.0"},
		{[]any{"expenditures", "nodes", 0, "discountAmount", "amount"}, "452.88"},
		{[]any{"expenditures", "nodes", 0, "amount", "currency"}, "USD"},
		{[]any{"expenditures", "nodes", 0, "specSize"}, "300.0"},
		{[]any{"expenditures", "nodes", 0, "chargeMode"}, "YEARLY_MONTHLY"},
		{[]any{"expenditures", "nodes", 0, "chargeModeCode"}, 1},
		{[]any{"expenditures", "nodes", 0, "periodType"}, "YEAR"},
		{[]any{"expenditures", "nodes", 0, "periodTypeCode"}, 19},
		{[]any{"expenditures", "nodes", 0, "usage"}, nil},
		{[]any{"expenditures", "nodes", 0, "usageMeasureId"}, nil},
	} {
		got := dig(d["viewer"], c.path...)
		if n, isInt := c.want.(int); isInt && !isNumber(got, float64(n)) || !isInt && got != c.want {
			t.Errorf("viewer.%v = %#v, want %#v", c.path, got, c.want)
		}
	}
}
