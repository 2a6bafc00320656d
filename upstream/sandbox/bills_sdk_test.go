package sandbox

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// The JSON fields of the Huawei Cloud SDK's models (huaweicloud-sdk-go-v3
// v0.1.215, services/bssintl/v2/model): ShowCustomerMonthlySumResponse
// and BillSumRecordInfoV2.
var (
	sdkSumFields = []string{"total_count", "bill_sums", "consume_amount", "debt_amount", "coupon_amount",
		"flexipurchase_coupon_amount", "stored_value_card_amount", "cash_amount", "credit_amount",
		"writeoff_amount", "measure_id", "currency"}
	sdkRecordFields = []string{"bill_cycle", "resource_type_code", "service_type_code", "service_type_name",
		"resource_type_name", "charging_mode", "official_amount", "official_discount_amount", "truncated_amount",
		"consume_amount", "coupon_amount", "flexipurchase_coupon_amount", "stored_value_card_amount", "debt_amount",
		"writeoff_amount", "cash_amount", "credit_amount", "measure_id", "bill_type", "customer_id", "account_name"}
)

// sdkSum calls the SDK's summary-bill path and decodes the answer with
// amounts as decimals.
func sdkSum(t *testing.T, get func(string) (int, string), query string) (map[string]json.RawMessage, []map[string]json.RawMessage) {
	t.Helper()
	status, body := get("/v2/bills/customer-bills/monthly-sum?" + query)
	if status != 200 {
		t.Fatalf("monthly-sum?%s = %d %s", query, status, body)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &top); err != nil {
		t.Fatal(err)
	}
	var recs []map[string]json.RawMessage
	if err := json.Unmarshal(top["bill_sums"], &recs); err != nil {
		t.Fatal(err)
	}
	return top, recs
}

func dec(t *testing.T, raw json.RawMessage) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(string(raw))
	if err != nil {
		t.Fatalf("amount %s: %v", raw, err)
	}
	return d
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestBills_SDKMonthlySum(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	get := func(path string) (int, string) { return call(t, srv, "GET", path, TokenCustomer, "") }

	top, recs := sdkSum(t, get, "bill_cycle="+lastCycle+"&limit=1000")
	want := slices.Clone(sdkSumFields)
	slices.Sort(want)
	if got := keysOf(top); !slices.Equal(got, want) {
		t.Errorf("response fields %v, want the SDK's %v", got, want)
	}
	wantRec := slices.Clone(sdkRecordFields)
	slices.Sort(wantRec)
	if len(recs) == 0 {
		t.Fatal("no summary records")
	}
	for _, r := range recs {
		if got := keysOf(r); !slices.Equal(got, wantRec) {
			t.Fatalf("record fields %v, want the SDK's %v", got, wantRec)
		}
	}
	// The same money as 7.1, 7.2, 7.3 and 8.1 of the month, in USD.
	total := checkLedger(t, c, srv, TokenCustomer, DomainCustomer, false, lastCycle)
	var measure int // a JSON number: a string "1" does not decode into it
	if got := dec(t, top["consume_amount"]); !got.Equal(total) || json.Unmarshal(top["measure_id"], &measure) != nil || measure != 1 {
		t.Errorf("consume_amount %s (measure_id %s), the month's bills %s USD", got, top["measure_id"], total)
	}
	sum := decimal.Zero
	for _, r := range recs {
		sum = sum.Add(dec(t, r["consume_amount"]))
		if off, d := dec(t, r["official_amount"]), dec(t, r["official_discount_amount"]); !off.Sub(d).Equal(dec(t, r["consume_amount"])) {
			t.Errorf("record %s: official %s - discount %s != consume %s", r["resource_type_code"], off, d, r["consume_amount"])
		}
	}
	if !sum.Equal(total) {
		t.Errorf("records add up to %s, total %s", sum, total)
	}
	// Paging covers every record once.
	var n int
	if err := json.Unmarshal(top["total_count"], &n); err != nil || n != len(recs) {
		t.Fatalf("total_count %s, %d records", top["total_count"], len(recs))
	}
	var paged []string
	for off := 0; off < n; off += 3 {
		_, p := sdkSum(t, get, fmt.Sprintf("bill_cycle=%s&offset=%d&limit=3", lastCycle, off))
		for _, r := range p {
			paged = append(paged, string(r["service_type_code"])+string(r["resource_type_code"])+string(r["charging_mode"])+string(r["bill_type"]))
		}
	}
	if len(paged) != n {
		t.Errorf("paging by 3 gave %d records, want %d", len(paged), n)
	}
	// A service filter keeps that service only.
	svc := strings.Trim(string(recs[0]["service_type_code"]), `"`)
	_, bySvc := sdkSum(t, get, "bill_cycle="+lastCycle+"&limit=1000&service_type_code="+svc)
	for _, r := range bySvc {
		if string(r["service_type_code"]) != `"`+svc+`"` {
			t.Errorf("filtered by %s, got %s", svc, r["service_type_code"])
		}
	}
	// bssgraph's typed client reads the same, and an enterprise master's
	// method picks the same accounts as in 7.2.
	own, err := c.Bills.CustomerMonthlySum(as(t.Context(), TokenCustomer), &upstream.CustomerMonthlySumOptions{BillCycle: lastCycle, ListOptions: upstream.ListOptions{Limit: 1000}})
	if err != nil || !own.ConsumeAmount.Equal(total) || len(own.BillSums) != own.TotalCount || own.BillSums[0].CustomerID != DomainCustomer {
		t.Errorf("client: %+v, %v; want a total of %s", own, err, total)
	}
	ent := as(t.Context(), TokenEnterprise)
	for _, method := range []string{"all", "oneself"} {
		sum, err := c.Bills.CustomerMonthlySum(ent, &upstream.CustomerMonthlySumOptions{BillCycle: lastCycle, Method: method, ListOptions: upstream.ListOptions{Limit: 1000}})
		if err != nil {
			t.Fatal(err)
		}
		recs := allUsageRecords(t, c, ent, upstream.MonthlyBillRequest{Cycle: lastCycle, Method: method})
		if want := sumOf(recs, func(r upstream.MonthlyBillRecord) decimal.Decimal { return r.ConsumeAmount.Decimal }); !sum.ConsumeAmount.Equal(want) {
			t.Errorf("enterprise, method %s: %s, 7.2 records %s", method, sum.ConsumeAmount, want)
		}
	}
	for _, bad := range []string{"", "bill_cycle=2026-13", "bill_cycle=" + lastCycle + "&limit=0", "bill_cycle=" + lastCycle + "&enterprise_project_id="} {
		if status, body := get("/v2/bills/customer-bills/monthly-sum?" + bad); status != 400 || !strings.Contains(body, `"CBC.0100"`) {
			t.Errorf("?%s = %d %s, want 400 CBC.0100", bad, status, body)
		}
	}
}
