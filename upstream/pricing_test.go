package upstream

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pricingWithoutNulls returns the JSON document b with every null-valued
// field removed. The reference's example requests send "available_zone":
// null and the like; the client leaves unset optional fields out instead,
// which Tables 4-18 and 4-21 treat the same way.
func pricingWithoutNulls(t *testing.T, b []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if e == nil {
					delete(v, k)
				} else {
					walk(e)
				}
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// payPerUseExample is the reference's example request of §4.2.1
// (testdata/on_demand_rating_request.json) as a typed value.
func payPerUseExample() *PayPerUsePriceRequest {
	return &PayPerUsePriceRequest{
		ProjectID: "06488a*****832f55c016b0e337d7",
		ProductInfos: []PayPerUseProductInfo{
			{
				ID: "1", CloudServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm",
				ResourceSpec: "c3.3xlarge.2.linux", Region: "ap-southeast-1",
				UsageFactor: "Duration", UsageValue: amt("2"), UsageMeasureID: 4, SubscriptionNum: 1,
			},
			{
				ID: "2", CloudServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume",
				ResourceSpec: "SSD", Region: "ap-southeast-1",
				UsageFactor: "Duration", UsageValue: amt("2"), UsageMeasureID: 4, SubscriptionNum: 1,
				ResourceSize: new(10), SizeMeasureID: new(17),
			},
			{
				ID: "3", CloudServiceType: "hws.service.type.vpc", ResourceType: "hws.resource.type.ip",
				ResourceSpec: "5_bgp", Region: "ap-southeast-1",
				UsageFactor: "Duration", UsageValue: amt("3"), UsageMeasureID: 4, SubscriptionNum: 1,
			},
			{
				ID: "4", CloudServiceType: "hws.service.type.vpc", ResourceType: "hws.resource.type.bandwidth",
				ResourceSpec: "12_sbgp", Region: "ap-southeast-1",
				UsageFactor: "upflow", UsageValue: amt("4"), UsageMeasureID: 10, SubscriptionNum: 1,
				AvailableZone: "cn-north-1a", ResourceSize: new(1), SizeMeasureID: new(15),
			},
		},
		InquiryPrecision: new(1),
	}
}

func TestPricingService_PayPerUse_request(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	example := golden(t, "on_demand_rating_request.json")
	serveGolden(t, mux, "/v2/bills/ratings/on-demand-resources", "on_demand_rating.json", func(r *http.Request) {
		testMethod(t, r, "POST")
		testBody(t, r, pricingWithoutNulls(t, example))
	})
	if _, err := client.Pricing.PayPerUse(testContext(t), payPerUseExample()); err != nil {
		t.Fatal(err)
	}

	// The sandbox decodes requests with the same type; the example, with
	// its explicit nulls, must decode to the same value.
	var decoded PayPerUsePriceRequest
	if err := json.Unmarshal(example, &decoded); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(payPerUseExample(), &decoded, cmpOpts); diff != "" {
		t.Errorf("decoding the example request (-want +got):\n%s", diff)
	}
}

// The reference's example response lost its final "}" and was split by a
// page break inside the second result; on_demand_rating.json joins it.
func TestPricingService_PayPerUse(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/bills/ratings/on-demand-resources", "on_demand_rating.json", nil)
	got, err := client.Pricing.PayPerUse(testContext(t), payPerUseExample())
	if err != nil {
		t.Fatal(err)
	}
	rating := func(id, product, amount string) PayPerUseProductRating {
		return PayPerUseProductRating{
			ID: id, ProductID: product,
			Amount: amt(amount), DiscountAmount: amt("0.0"), OfficialWebsiteAmount: amt(amount),
			MeasureID: 1, DiscountRatingResults: []PayPerUseDiscountRating{},
		}
	}
	want := &PayPerUseQuote{
		Amount:                amt("8.128"),
		DiscountAmount:        amt("0.0"),
		OfficialWebsiteAmount: amt("8.128"),
		MeasureID:             1,
		Currency:              "USD",
		ProductRatingResults: []PayPerUseProductRating{
			rating("1", "00301-243025-0--0_merge", "5.48"),
			rating("2", "00301-290407774-0--1", "0.028"),
			rating("3", "00301-238601-0--0_merge", "0.06"),
			rating("4", "00301-290407706-0--1", "2.56"),
		},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Pricing.PayPerUse mismatch (-want +got):\n%s", diff)
	}
	testMarshalsToGolden(t, got, "on_demand_rating.json")
}

// The top-level amounts are sums over the batch (8.128 = 5.48 + 0.028 + 0.06
// + 2.56 in the reference's example) and must survive decoding and encoding
// exactly, as must the 10 decimal places of inquiry_precision 1.
func TestPricingService_PayPerUse_exactAmounts(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/bills/ratings/on-demand-resources", "on_demand_rating.json", nil)
	got, err := client.Pricing.PayPerUse(testContext(t), payPerUseExample())
	if err != nil {
		t.Fatal(err)
	}
	if s := got.Amount.String(); s != "8.128" {
		t.Errorf("Amount = %s, want 8.128", s)
	}
	sum := amt("0")
	for _, r := range got.ProductRatingResults {
		sum = AmountOf(sum.Add(r.Amount.Decimal))
	}
	if !sum.Equal(got.Amount.Decimal) {
		t.Errorf("sum of product amounts = %s, want the top-level %s", sum, got.Amount)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Amount json.RawMessage `json:"amount"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw.Amount) != "8.128" {
		t.Errorf("encoded amount = %s, want the JSON number 8.128", raw.Amount)
	}

	var precise PayPerUseQuote
	if err := json.Unmarshal([]byte(`{"amount":1.0000000001,"discount_amount":0.0000000001,"official_website_amount":1.0000000002,"measure_id":1,"currency":"USD","product_rating_results":[]}`), &precise); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		got  Amount
		want string
	}{
		{"amount", precise.Amount, "1.0000000001"},
		{"discount_amount", precise.DiscountAmount, "0.0000000001"},
		{"official_website_amount", precise.OfficialWebsiteAmount, "1.0000000002"},
	} {
		if tt.got.String() != tt.want {
			t.Errorf("%s = %s, want %s", tt.name, tt.got, tt.want)
		}
	}
}

// subscriptionExample is the reference's example request of §4.2.2
// (testdata/subscribe_rate_request.json) as a typed value.
func subscriptionExample() *SubscriptionPriceRequest {
	return &SubscriptionPriceRequest{
		ProjectID: "84c53ec51e794a4888fb0f5c0cfb2420",
		ProductInfos: []SubscriptionProductInfo{
			{
				ID: "1", CloudServiceType: "hws.service.type.ec2", ResourceType: "hws.resource.type.vm",
				ResourceSpec: "s3.medium.4.linux", Region: "ap-southeast-1", AvailableZone: "ap-southeast-1a",
				PeriodType: 2, PeriodNum: 1, SubscriptionNum: 1,
			},
			{
				ID: "2", CloudServiceType: "hws.service.type.vpc", ResourceType: "hws.resource.type.ip",
				ResourceSpec: "5_bgp", Region: "ap-southeast-1", SizeMeasureID: new(15),
				PeriodType: 2, PeriodNum: 1, SubscriptionNum: 1,
			},
			{
				ID: "3", CloudServiceType: "hws.service.type.ebs", ResourceType: "hws.resource.type.volume",
				ResourceSpec: "GPSSD", Region: "ap-southeast-1", AvailableZone: "ap-southeast-1a",
				ResourceSize: new(40), SizeMeasureID: new(17),
				PeriodType: 2, PeriodNum: 1, SubscriptionNum: 1,
			},
			{
				ID: "4", CloudServiceType: "hws.service.type.vpc", ResourceType: "hws.resource.type.bandwidth",
				ResourceSpec: "19_bgp", Region: "ap-southeast-1", AvailableZone: "ap-southeast-1a",
				ResourceSize: new(40), SizeMeasureID: new(15),
				PeriodType: 2, PeriodNum: 1, SubscriptionNum: 1,
			},
		},
	}
}

// The reference's example request ends in "} } ]" instead of "} ] }";
// subscribe_rate_request.json repairs it.
func TestPricingService_Subscription_request(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	example := golden(t, "subscribe_rate_request.json")
	serveGolden(t, mux, "/v2/bills/ratings/period-resources/subscribe-rate", "subscribe_rate.json", func(r *http.Request) {
		testMethod(t, r, "POST")
		testBody(t, r, pricingWithoutNulls(t, example))
	})
	if _, err := client.Pricing.Subscription(testContext(t), subscriptionExample()); err != nil {
		t.Fatal(err)
	}

	var decoded SubscriptionPriceRequest
	if err := json.Unmarshal(example, &decoded); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(subscriptionExample(), &decoded, cmpOpts); diff != "" {
		t.Errorf("decoding the example request (-want +got):\n%s", diff)
	}
}

// The body field is size_measure_id, as in every example and Huawei's SDK,
// not the size_measurement_id of Tables 4-18 and 4-21.
func TestPricing_sizeMeasureIDWireName(t *testing.T) {
	t.Parallel()
	for _, v := range []any{
		PayPerUseProductInfo{ResourceSize: new(40), SizeMeasureID: new(17)},
		SubscriptionProductInfo{ResourceSize: new(40), SizeMeasureID: new(17)},
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m["size_measure_id"] != 17.0 {
			t.Errorf("%T encodes %s, want size_measure_id 17", v, b)
		}
		if _, ok := m["size_measurement_id"]; ok {
			t.Errorf("%T encodes size_measurement_id: %s", v, b)
		}
	}
}

func TestPricingService_Subscription(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/bills/ratings/period-resources/subscribe-rate", "subscribe_rate.json", nil)
	got, err := client.Pricing.Subscription(testContext(t), subscriptionExample())
	if err != nil {
		t.Fatal(err)
	}
	listPrice := func(id, product, amount string) SubscriptionProductOfficialRating {
		return SubscriptionProductOfficialRating{ID: id, ProductID: product, OfficialWebsiteAmount: amt(amount), MeasureID: 1}
	}
	want := &SubscriptionQuote{
		OfficialWebsiteRatingResult: &SubscriptionOfficialRating{
			OfficialWebsiteAmount: amt("623.78"),
			MeasureID:             1,
			ProductRatingResults: []SubscriptionProductOfficialRating{
				listPrice("1", "00301-18008-0--0", "27.2"),
				listPrice("2", "00301-03001-0--0", "0"),
				listPrice("3", "00301-170006-0--0", "5.28"),
				listPrice("4", "00301-34543-0--0", "591.3"),
			},
		},
		OptionalDiscountRatingResults: []SubscriptionDiscountRating{},
		Currency:                      "USD",
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Pricing.Subscription mismatch (-want +got):\n%s", diff)
	}
	testMarshalsToGolden(t, got, "subscribe_rate.json", "installment_official_website_amount", "installment_period_type")
}

// The reference's example has no discount; this body exercises Tables 4-24
// and 4-25 with the values of their descriptions.
func TestPricingService_Subscription_discounts(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	mux.HandleFunc("/v2/bills/ratings/period-resources/subscribe-rate", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"official_website_rating_result":{"official_website_amount":27.2,"measure_id":1,"product_rating_results":[{"id":"1","product_id":"00301-18008-0--0","official_website_amount":27.2,"measure_id":1}]},
			"optional_discount_rating_results":[{"discount_id":"d-1","amount":24.48,"official_website_amount":27.2,"discount_amount":2.72,"measure_id":1,"discount_type":605,"discount_name":"Commercial discount","best_offer":1,
				"product_rating_results":[{"id":"1","product_id":"00301-18008-0--0","amount":24.48,"official_website_amount":27.2,"discount_amount":2.72,"measure_id":1}]}],
			"currency":"USD"}`))
	})
	got, err := client.Pricing.Subscription(testContext(t), subscriptionExample())
	if err != nil {
		t.Fatal(err)
	}
	want := []SubscriptionDiscountRating{{
		DiscountID: "d-1", Amount: amt("24.48"), OfficialWebsiteAmount: amt("27.2"), DiscountAmount: amt("2.72"),
		MeasureID: 1, DiscountType: 605, DiscountName: "Commercial discount", BestOffer: 1,
		ProductRatingResults: []SubscriptionProductRating{{
			ID: "1", ProductID: "00301-18008-0--0", Amount: amt("24.48"), OfficialWebsiteAmount: amt("27.2"), DiscountAmount: amt("2.72"), MeasureID: 1,
		}},
	}}
	if diff := cmp.Diff(want, got.OptionalDiscountRatingResults, cmpOpts); diff != "" {
		t.Errorf("OptionalDiscountRatingResults mismatch (-want +got):\n%s", diff)
	}
}

func renewalExample() *RenewalPriceRequest {
	return &RenewalPriceRequest{
		ResourceIDs:              []string{"230221_169ee*****9d5b8af6a38f099abea"},
		PeriodType:               2,
		PeriodNum:                1,
		IncludeRelativeResources: new(false),
	}
}

func TestPricingService_Renewal_request(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  *RenewalPriceRequest
		want string
	}{
		{"reference example", renewalExample(), string(golden(t, "renew_rate_request.json"))},
		{"default relative resources", &RenewalPriceRequest{ResourceIDs: []string{"r-1", "r-2"}, PeriodType: 3, PeriodNum: 3},
			`{"resource_ids":["r-1","r-2"],"period_type":3,"period_num":3}`},
		{"with relative resources", &RenewalPriceRequest{ResourceIDs: []string{"r-1"}, PeriodType: 2, PeriodNum: 11, IncludeRelativeResources: new(true)},
			`{"resource_ids":["r-1"],"period_type":2,"period_num":11,"include_relative_resources":true}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/bills/ratings/period-resources/renew-rate", "renew_rate.json", func(r *http.Request) {
				testMethod(t, r, "POST")
				testBody(t, r, tt.want)
			})
			if _, err := client.Pricing.Renewal(testContext(t), tt.req); err != nil {
				t.Fatalf("Pricing.Renewal(%+v): %v", tt.req, err)
			}
		})
	}
}

func TestPricingService_Renewal(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/bills/ratings/period-resources/renew-rate", "renew_rate.json", nil)
	got, err := client.Pricing.Renewal(testContext(t), renewalExample())
	if err != nil {
		t.Fatal(err)
	}
	want := &RenewalQuote{
		Currency: "CNY", // sic: the reference's example, although the text says USD
		RenewInquiryResults: []RenewalInquiryResult{
			{ResourceID: "230221_169ee*****9d5b8af6a38f099abea", Amount: samt("800.0")},
		},
		OfficialWebsiteRatingResult:   &RenewalOfficialRating{OfficialWebsiteAmount: samt("800.0")},
		OptionalDiscountRatingResults: []RenewalDiscountRating{},
		FailResourceInfos:             []RenewalFailedResource{},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Pricing.Renewal mismatch (-want +got):\n%s", diff)
	}
	// Renewal amounts go back on the wire as JSON strings.
	testMarshalsToGolden(t, got, "renew_rate.json", "installment_official_website_amount", "installment_period_type")
}

// A resource that cannot be priced comes back in fail_resource_infos of a 200
// answer, with one of the 200-status codes of §4.2.3. The call succeeds and
// the other resources keep their prices.
func TestPricingService_Renewal_failedResource(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	mux.HandleFunc("/v2/bills/ratings/period-resources/renew-rate", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"currency":"USD",
			"renew_inquiry_results":[{"resource_id":"r-ok","amount":"120.5"}],
			"official_website_rating_result":{"official_website_amount":"134.0"},
			"optional_discount_rating_results":[{"discount_id":"d-9","amount":"120.5","official_website_amount":"134.0","discount_amount":"13.5","discount_type":607,"discount_name":"Partner discount","best_offer":1}],
			"fail_resource_infos":[{"error_code":"CBC.30050009","error_msg":"The resources have expired and been deleted or do not exist.","resource_id":"r-gone"}]}`))
	})
	got, err := client.Pricing.Renewal(testContext(t), &RenewalPriceRequest{ResourceIDs: []string{"r-ok", "r-gone"}, PeriodType: 2, PeriodNum: 1})
	if err != nil {
		t.Fatalf("Pricing.Renewal with a failed resource: %v", err)
	}
	want := &RenewalQuote{
		Currency:                    "USD",
		RenewInquiryResults:         []RenewalInquiryResult{{ResourceID: "r-ok", Amount: samt("120.5")}},
		OfficialWebsiteRatingResult: &RenewalOfficialRating{OfficialWebsiteAmount: samt("134.0")},
		OptionalDiscountRatingResults: []RenewalDiscountRating{{
			DiscountID: "d-9", Amount: samt("120.5"), OfficialWebsiteAmount: samt("134.0"), DiscountAmount: samt("13.5"),
			DiscountType: 607, DiscountName: "Partner discount", BestOffer: 1,
		}},
		FailResourceInfos: []RenewalFailedResource{{
			ErrorCode: "CBC.30050009", ErrorMsg: "The resources have expired and been deleted or do not exist.", ResourceID: "r-gone",
		}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Pricing.Renewal mismatch (-want +got):\n%s", diff)
	}
}

// An error code at the top level of a 200 answer fails the whole call (§12.4
// lists CBC.30050013 with status 200).
func TestPricingService_Renewal_topLevelErrorIn200(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	mux.HandleFunc("/v2/bills/ratings/period-resources/renew-rate", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"error_code":"CBC.30050013","error_msg":"Renewal not supported."}`))
	})
	_, err := client.Pricing.Renewal(testContext(t), renewalExample())
	var ue *Error
	if !errors.As(err, &ue) {
		t.Fatalf("Pricing.Renewal error = %v, want *Error", err)
	}
	if ue.HTTPStatus != http.StatusOK || ue.Code != "CBC.30050013" || !errors.Is(err, ErrRejected) {
		t.Errorf("Pricing.Renewal error = %+v, want a 200 CBC.30050013 that is ErrRejected", ue)
	}
}
