package upstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// checkWireShape fails the test unless v, encoded as the sandbox will encode
// it, carries every field of the golden response name with the same JSON kind
// (number, string, bool, object, array) and value. A null in the golden file
// matches any value, because the types decode null to a zero value or nil.
// Numbers, and strings holding decimals, compare by value: 4.0 matches 4 and
// "13225.00" matches the "13225" that StringAmount re-encodes.
func checkWireShape(t *testing.T, v any, name string) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	decode := func(b []byte) any {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var x any
		if err := d.Decode(&x); err != nil {
			t.Fatalf("decoding %s: %v", b, err)
		}
		return x
	}
	for _, d := range wireShapeDiffs("$", decode(golden(t, name)), decode(b)) {
		t.Errorf("%T encodes unlike %s: %s", v, name, d)
	}
}

func wireShapeDiffs(path string, want, got any) []string {
	text := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Sprint(v)
		}
		return string(b)
	}
	mismatch := []string{fmt.Sprintf("%s = %s, want %s", path, text(got), text(want))}
	switch w := want.(type) {
	case nil:
		return nil
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return mismatch
		}
		var diffs []string
		for _, k := range slices.Sorted(maps.Keys(w)) {
			gv, ok := g[k]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s.%s is missing", path, k))
				continue
			}
			diffs = append(diffs, wireShapeDiffs(path+"."+k, w[k], gv)...)
		}
		return diffs
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return mismatch
		}
		var diffs []string
		for i := range w {
			diffs = append(diffs, wireShapeDiffs(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return diffs
	case json.Number:
		if g, ok := got.(json.Number); !ok || !decimalTextEqual(string(w), string(g)) {
			return mismatch
		}
	case string:
		if g, ok := got.(string); !ok || g != w && !decimalTextEqual(w, g) {
			return mismatch
		}
	default:
		if got != want {
			return mismatch
		}
	}
	return nil
}

func decimalTextEqual(a, b string) bool {
	da, errA := decimal.NewFromString(a)
	db, errB := decimal.NewFromString(b)
	return errA == nil && errB == nil && da.Equal(db)
}

const testDomainID = "dom-0123456789"

func TestBillsService_MonthlySummary(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	// The reference's example request: ?cycle=2018-05&type=0.
	serveGolden(t, mux, "/v1.0/"+testDomainID+"/customer/account-mgr/bill/monthly-sum", "monthly_sum.json", func(r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, url.Values{"cycle": {"2018-05"}, "type": {"0"}})
	})

	got, err := client.Bills.MonthlySummary(testContext(t), testDomainID, &MonthlySummaryOptions{Cycle: "2018-05", Type: "0"})
	if err != nil {
		t.Fatalf("Bills.MonthlySummary returned error: %v", err)
	}
	// The reference's example is split over two code blocks with mismatched
	// braces (the second half of account_details, discount_detail_infos and
	// enterpriseProjectId sit outside the record); monthly_sum.json joins them
	// into the one record they belong to. Amounts are in cents (measure_id 3).
	zero := amt("0")
	want := &MonthlySummary{
		ErrorCode:                 "CBC.0000",
		ErrorMsg:                  "success",
		Currency:                  "USD",
		TotalCount:                1,
		TotalAmount:               amt("10212"),
		DebtAmount:                amt("56"),
		CouponAmount:              zero,
		FlexiPurchaseCouponAmount: zero,
		StoredCardAmount:          zero,
		DebitAmount:               amt("10156"),
		CreditAmount:              zero,
		MeasureID:                 3,
		BillSums: []BillSum{{
			CustomerID:           "7b47a4c7ec764e1a94c5c2eb1a578e77",
			ResourceTypeCode:     "",
			RegionCode:           "",
			CloudServiceTypeCode: "hws.service.type.ebs",
			ConsumeTime:          "2019-12",
			PayMethod:            "",
			ConsumeAmount:        amt("10212"),
			Debt:                 amt("56"),
			Discount:             zero,
			MeasureID:            3,
			BillType:             0,
			AccountDetails: []BalancePayment{
				{BalanceTypeID: "BALANCE_TYPE_DEBIT", DeductAmount: amt("10156")},
				{BalanceTypeID: "BALANCE_TYPE_CREDIT", DeductAmount: zero},
				{BalanceTypeID: "BALANCE_TYPE_BONUS", DeductAmount: zero},
				{BalanceTypeID: "BALANCE_TYPE_COUPON", DeductAmount: zero},
				{BalanceTypeID: "BALANCE_TYPE_DEBIT_RATE", DeductAmount: zero},
				{BalanceTypeID: "BALANCE_TYPE_FOREGIFT", DeductAmount: zero},
				{BalanceTypeID: "BALANCE_TYPE_BE_AVAILABLE", DeductAmount: zero},
				{BalanceTypeID: "BALANCE_TYPE_OTHER", DeductAmount: zero},
				{BalanceTypeID: "BALANCE_TYPE_RCASH_COUPON", DeductAmount: zero},
				{BalanceTypeID: "WRITEOFFDEBT", DeductAmount: zero},
				{BalanceTypeID: "BALANCE_TYPE_STORED_VALUE_CARD", DeductAmount: zero},
			},
			DiscountDetailInfos: []BillSumDiscount{},
			EnterpriseProjectID: "0",
		}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Bills.MonthlySummary mismatch (-want +got):\n%s", diff)
	}
	checkWireShape(t, got, "monthly_sum.json")
}

func TestBillsService_MonthlySummary_query(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *MonthlySummaryOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{"cycle only", &MonthlySummaryOptions{Cycle: "2024-03"}, url.Values{"cycle": {"2024-03"}}},
		{
			// enterpriseProjectId is camelCase in §7.1 only.
			"all fields",
			&MonthlySummaryOptions{Cycle: "2024-03", CloudServiceTypeCode: "hws.service.type.obs", Type: "1", EnterpriseProjectID: "-1"},
			url.Values{"cycle": {"2024-03"}, "cloud_service_type_code": {"hws.service.type.obs"}, "type": {"1"}, "enterpriseProjectId": {"-1"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v1.0/"+testDomainID+"/customer/account-mgr/bill/monthly-sum", "monthly_sum.json", func(r *http.Request) {
				testQuery(t, r, tt.want)
			})
			if _, err := client.Bills.MonthlySummary(testContext(t), testDomainID, tt.opts); err != nil {
				t.Errorf("Bills.MonthlySummary(%+v) returned error: %v", tt.opts, err)
			}
		})
	}
}

// The §7.1 example answers a success with error_code "CBC.0000" in a 200
// body; that must decode as a result, while any other code in a 200 body is
// an error (§12.4).
func TestBillsService_MonthlySummary_successCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		wantCode string // "" for success
	}{
		{"CBC.0000 is success", `{"error_code":"CBC.0000","error_msg":"success","currency":"USD","total_count":0,"bill_sums":[],"total_amount":0,"measure_id":1}`, ""},
		{"other code is an error", `{"error_code":"CBC.0151","error_msg":"Access denied."}`, "CBC.0151"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			mux.HandleFunc("/v1.0/"+testDomainID+"/customer/account-mgr/bill/monthly-sum", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, tt.body)
			})
			got, err := client.Bills.MonthlySummary(testContext(t), testDomainID, &MonthlySummaryOptions{Cycle: "2024-03"})
			if tt.wantCode == "" {
				if err != nil {
					t.Fatalf("Bills.MonthlySummary returned error: %v", err)
				}
				if got.ErrorCode != "CBC.0000" || got.Currency != "USD" || got.MeasureID != 1 {
					t.Errorf("Bills.MonthlySummary = %+v, want the decoded CBC.0000 body", got)
				}
				return
			}
			var ue *Error
			if !errors.As(err, &ue) || ue.Code != tt.wantCode {
				t.Fatalf("Bills.MonthlySummary error = %v, want *Error with code %s", err, tt.wantCode)
			}
		})
	}
}

func TestSummaryAmountInMajorUnit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		amount    string
		measureID int
		want      string
		wantErr   bool
	}{
		{"10212", SummaryMeasureCent, "102.12", false},
		{"1", SummaryMeasureCent, "0.01", false},
		{"102.12", SummaryMeasureMajor, "102.12", false},
		{"10212", 0, "", true},
		{"10212", 2, "", true},
	}
	for _, tt := range tests {
		got, err := SummaryAmountInMajorUnit(amt(tt.amount), tt.measureID)
		if (err != nil) != tt.wantErr {
			t.Errorf("SummaryAmountInMajorUnit(%s, %d) error = %v, want error %t", tt.amount, tt.measureID, err, tt.wantErr)
			continue
		}
		if err == nil && got.String() != tt.want {
			t.Errorf("SummaryAmountInMajorUnit(%s, %d) = %s, want %s", tt.amount, tt.measureID, got, tt.want)
		}
	}
}

func TestBillsService_UsageRecords(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	// The reference's example request, except that include_zero_record is a
	// JSON boolean (Boolean in the §7.2 table) where the example sends "true".
	serveGolden(t, mux, "/v2/bills/customer-bills/res-records/query", "res_records.json", func(r *http.Request) {
		testMethod(t, r, "POST")
		testQuery(t, r, url.Values{})
		testBody(t, r, `{"cycle":"2018-12","cloud_service_type":"hws.service.type.ec2","resource_type":"hws.resource.type.vm",
			"region":"ap-southeast-1","res_instance_id":"76****7f","charge_mode":1,"bill_type":1,
			"enterprise_project_id":"6***f3-3**4-4**2-9a3e-a****c24","include_zero_record":true,"method":"sub_customer",
			"sub_customer_id":"05b5fef62300d2ad0f98c00befba72c0","offset":1,"limit":10}`)
	})

	got, err := client.Bills.UsageRecords(testContext(t), &MonthlyBillRequest{
		Cycle:               "2018-12",
		CloudServiceType:    "hws.service.type.ec2",
		ResourceType:        "hws.resource.type.vm",
		Region:              "ap-southeast-1",
		ResInstanceID:       "76****7f",
		ChargeMode:          1,
		BillType:            1,
		EnterpriseProjectID: "6***f3-3**4-4**2-9a3e-a****c24",
		IncludeZeroRecord:   new(true),
		Method:              "sub_customer",
		SubCustomerID:       "05b5fef62300d2ad0f98c00befba72c0",
		ListOptions:         ListOptions{Offset: new(1), Limit: 10},
	})
	if err != nil {
		t.Fatalf("Bills.UsageRecords returned error: %v", err)
	}
	// res_records.json is the reference's example with its syntax repaired: a
	// comma was missing after enterprise_project_name, a page break had put
	// "}" lines and a trailing comma after parent_resource_id, and the "]"
	// closing monthly_records was missing.
	zero := amt("0.0")
	want := &MonthlyBillPage{
		Records: []MonthlyBillRecord{{
			Cycle:                 "2022-05",
			BillType:              4,
			CustomerID:            "05f2*****00d50d0f2bc002c46e3020",
			Region:                "ap-southeast-1",
			RegionName:            "CN-Hong Kong",
			CloudServiceType:      "hws.service.type.ebs",
			ResourceTypeCode:      "hws.resource.type.volume",
			CloudServiceTypeName:  "Elastic Volume Service",
			ResourceTypeName:      "Elastic Volume Service",
			ResInstanceID:         "220523_dbc6ee4a02964e04adaa0e01b7a1e8e4",
			ResourceName:          "hws.resource.type.volumename",
			SKUCode:               "SATA",
			EnterpriseProjectName: "Non-project",
			ChargeMode:            1,
			ConsumeAmount:         zero,
			BillPayments: BillPayments{
				CashAmount:                zero,
				CreditAmount:              zero,
				CouponAmount:              zero,
				FlexiPurchaseCouponAmount: zero,
				StoredCardAmount:          zero,
				BonusAmount:               zero,
				DebtAmount:                zero,
			},
			OfficialAmount:  zero,
			DiscountAmount:  amt("0"),
			ID:              "037e8a2b*****01-5f9eb5153cba_1",
			MeasureID:       1,
			PeriodType:      20,
			TradeID:         "CSYD*****214V3CC02",
			ProductSpecDesc: "Common I/O|200GB",
			PreOrderID:      "CS23*****54B1AEW4J",
			AZCodeInfos:     []BillAZCode{{AZCode: "cn-north-1c"}},
			PayerAccountID:  "ZS78*****56A1BEF4J",
			EffectiveTime:   "2024-07-06T16:00:00Z",
			ExpireTime:      "2024-08-06T16:00:00Z",
			BeID:            "15",
			ExtendParams: &BillResourceRelation{
				SelfResourceID: "BOBOzhengji012101",
				RelationInfos:  []BillRelationInfo{{RelativeResourceID: "BOBOzhengji012101", RelativeType: "ROOT"}},
			},
		}},
		TotalCount: 7,
		Currency:   "USD",
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Bills.UsageRecords mismatch (-want +got):\n%s", diff)
	}
	checkWireShape(t, got, "res_records.json")
}

func TestBillsService_UsageRecords_body(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  *MonthlyBillRequest
		want string
	}{
		{"cycle only", &MonthlyBillRequest{Cycle: "2024-03"}, `{"cycle":"2024-03"}`},
		{
			"daily details of the master",
			&MonthlyBillRequest{
				Cycle: "2024-03", StatisticType: 2, QueryType: "DAILY", BillCycleBegin: "2024-03-01", BillCycleEnd: "2024-03-05",
				PayerAccountID: "master-id", IncludeZeroRecord: new(false), ListOptions: ListOptions{Offset: new(0), Limit: 1000}, ChargeMode: 3,
			},
			`{"cycle":"2024-03","statistic_type":2,"query_type":"DAILY","bill_cycle_begin":"2024-03-01","bill_cycle_end":"2024-03-05",
			 "payer_account_id":"master-id","include_zero_record":false,"offset":0,"limit":1000,"charge_mode":3}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/bills/customer-bills/res-records/query", "res_records.json", func(r *http.Request) {
				testBody(t, r, tt.want)
			})
			if _, err := client.Bills.UsageRecords(testContext(t), tt.req); err != nil {
				t.Errorf("Bills.UsageRecords(%+v) returned error: %v", tt.req, err)
			}
		})
	}
}

func TestBillsService_Expenditures(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	// The reference's example request.
	serveGolden(t, mux, "/v2/bills/customer-bills/res-fee-records", "res_fee_records.json", func(r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, url.Values{
			"cycle":           {"2020-09"},
			"charge_mode":     {"1"},
			"method":          {"sub_customer"},
			"sub_customer_id": {"05b5fef62300d2ad0f98c00befba72c0"},
			"trade_id":        {"CS1908201442ZLEPW476"},
			"bill_date_begin": {"2020-09-01"},
			"bill_date_end":   {"2020-09-30"},
			"statistic_type":  {"1"},
		})
	})

	got, err := client.Bills.Expenditures(testContext(t), &FeeRecordOptions{
		Cycle:         "2020-09",
		ChargeMode:    1,
		Method:        "sub_customer",
		SubCustomerID: "05b5fef62300d2ad0f98c00befba72c0",
		TradeID:       "CS1908201442ZLEPW476",
		BillDateBegin: "2020-09-01",
		BillDateEnd:   "2020-09-30",
		StatisticType: 1,
	})
	if err != nil {
		t.Fatalf("Bills.Expenditures returned error: %v", err)
	}
	// res_fee_records.json is the reference's example with its syntax
	// repaired: the formula strings, which a page line break split, are
	// joined with a space, and the comma missing after the first formula is
	// added.
	const formula = "(1 year)[Number of periods]/(1)[Period conversion] x (100 GB)[Resource specifications] x (1.08 dollars/GB/year)[Unit price] - 21.60 [Discount] - 0.00[Cash coupon used]"
	zero := amt("0.0")
	want := &FeeRecordPage{
		Records: []FeeRecord{
			{
				BillDate:              "2020-12-21",
				BillType:              3,
				CustomerID:            "8caf348df5fa4529aba5aea760608845",
				Region:                "ap-southeast-1",
				RegionName:            "CN North-Beijing1",
				CloudServiceType:      "hws.service.type.ebs",
				ResourceType:          "hws.resource.type.volume",
				EffectiveTime:         "2020-12-21T07:34:32Z",
				ExpireTime:            "2022-12-21T15:59:59Z",
				ProductID:             "90301-686007-0--0",
				SKUCode:               "SAS",
				SpecSize:              pamt("300.0"),
				SpecSizeMeasureID:     17,
				TradeID:               "CS2012211533IQR1",
				ID:                    "037e8a2b-bde9*****eb5153cba_1",
				TradeTime:             "2020-06-10T19:03:28Z",
				EnterpriseProjectID:   "0",
				EnterpriseProjectName: "default",
				ChargeMode:            "1",
				OrderID:               "CS2012211533IQR1",
				PeriodType:            "19",
				OfficialAmount:        amt("2516.0"),
				DiscountAmount:        amt("452.88"),
				Amount:                amt("2063.12"),
				BillPayments: BillPayments{
					CashAmount:                amt("2063.12"),
					CreditAmount:              zero,
					CouponAmount:              zero,
					FlexiPurchaseCouponAmount: zero,
					StoredCardAmount:          zero,
					BonusAmount:               zero,
					DebtAmount:                zero,
				},
				MeasureID:       1,
				Formula:         formula,
				RelativeOrderID: "ECS*****PU70955",
			},
			{
				BillDate:              "2020-12-21",
				BillType:              1,
				CustomerID:            "8caf348df5fa4529aba5aea760608845",
				Region:                "cn-north-1",
				RegionName:            "CN North-Beijing1",
				CloudServiceType:      "hws.service.type.ebs",
				ResourceType:          "hws.resource.type.volume",
				EffectiveTime:         "2020-12-21T07:28:12Z",
				ProductID:             "90301-526111-0--0",
				ProductName:           "EVS_SATA_5 years",
				ProductSpecDesc:       "EVS_SATA_LXH01|100.0 GB",
				SKUCode:               "SATA_LXH01",
				SpecSize:              pamt("100.0"),
				SpecSizeMeasureID:     17,
				TradeID:               "CS2012211528IP5Q1",
				ID:                    "037e8a2b-bde9-*****-5f9eb5153cba_1",
				TradeTime:             "2020-06-10T17:03:28Z",
				EnterpriseProjectID:   "0",
				EnterpriseProjectName: "default",
				ChargeMode:            "1",
				OrderID:               "CS2012211528IP5Q1",
				PeriodType:            "19",
				OfficialAmount:        amt("4.0"),
				DiscountAmount:        amt("0"),
				Amount:                amt("4.0"),
				BillPayments: BillPayments{
					CashAmount:                amt("4.0"),
					CreditAmount:              zero,
					CouponAmount:              zero,
					FlexiPurchaseCouponAmount: zero,
					StoredCardAmount:          zero,
					BonusAmount:               zero,
					DebtAmount:                zero,
				},
				MeasureID:       1,
				Formula:         formula,
				RelativeOrderID: "ECS*****PU70955",
			},
		},
		TotalCount: 40,
		Currency:   "USD",
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Bills.Expenditures mismatch (-want +got):\n%s", diff)
	}
	checkWireShape(t, got, "res_fee_records.json")
}

func TestBillsService_Expenditures_query(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *FeeRecordOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{"cycle only", &FeeRecordOptions{Cycle: "2024-03"}, url.Values{"cycle": {"2024-03"}}},
		{
			"every other field",
			&FeeRecordOptions{
				Cycle: "2024-03", CloudServiceType: "hws.service.type.ebs", Region: "ap-southeast-1", BillType: 12,
				ListOptions: ListOptions{Offset: new(0), Limit: 1000}, ResourceID: "vol-1", EnterpriseProjectID: "0", IncludeZeroRecord: new(false),
				Method: "oneself", StatisticType: 3,
			},
			url.Values{
				"cycle": {"2024-03"}, "cloud_service_type": {"hws.service.type.ebs"}, "region": {"ap-southeast-1"}, "bill_type": {"12"},
				"offset": {"0"}, "limit": {"1000"}, "resource_id": {"vol-1"}, "enterprise_project_id": {"0"}, "include_zero_record": {"false"},
				"method": {"oneself"}, "statistic_type": {"3"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/bills/customer-bills/res-fee-records", "res_fee_records.json", func(r *http.Request) {
				testQuery(t, r, tt.want)
			})
			if _, err := client.Bills.Expenditures(testContext(t), tt.opts); err != nil {
				t.Errorf("Bills.Expenditures(%+v) returned error: %v", tt.opts, err)
			}
		})
	}
}

// charge_mode and period_type are Integers in §7.2 and Strings in §7.3. Each
// record type accepts both forms and encodes its own.
func TestBillRecords_chargeModeForms(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`{"charge_mode":3,"period_type":25}`, `{"charge_mode":"3","period_type":"25"}`} {
		var m MonthlyBillRecord
		if err := json.Unmarshal([]byte(in), &m); err != nil {
			t.Fatalf("decoding MonthlyBillRecord %s: %v", in, err)
		}
		if m.ChargeMode != 3 || m.PeriodType != 25 {
			t.Errorf("MonthlyBillRecord from %s: charge_mode %d, period_type %d, want 3 and 25", in, m.ChargeMode, m.PeriodType)
		}
		var f FeeRecord
		if err := json.Unmarshal([]byte(in), &f); err != nil {
			t.Fatalf("decoding FeeRecord %s: %v", in, err)
		}
		if f.ChargeMode != "3" || f.PeriodType != "25" {
			t.Errorf("FeeRecord from %s: charge_mode %q, period_type %q, want \"3\" and \"25\"", in, f.ChargeMode, f.PeriodType)
		}
	}
	// The JSON types on the wire: numbers in 7.2, strings in 7.3.
	for _, tc := range []struct {
		rec          any
		charge, term any
	}{
		{MonthlyBillRecord{ChargeMode: 3, PeriodType: 25}, json.Number("3"), json.Number("25")},
		{FeeRecord{ChargeMode: "3", PeriodType: "25"}, "3", "25"},
	} {
		b, err := json.Marshal(tc.rec)
		if err != nil {
			t.Fatal(err)
		}
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var got map[string]any
		if err := d.Decode(&got); err != nil {
			t.Fatal(err)
		}
		if got["charge_mode"] != tc.charge || got["period_type"] != tc.term {
			t.Errorf("%T encodes charge_mode %#v and period_type %#v, want %#v and %#v", tc.rec, got["charge_mode"], got["period_type"], tc.charge, tc.term)
		}
	}
}
