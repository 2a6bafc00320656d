package upstream

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCouponsService_List_request(t *testing.T) {
	t.Parallel()
	empty := ""
	tests := []struct {
		name string
		opts *CouponListOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{"zero", &CouponListOptions{}, url.Values{}},
		{
			// The reference's example request has no query string; this is
			// the catalog's example (§1.5).
			name: "example",
			opts: &CouponListOptions{Status: 2, CouponType: 1, ListOptions: ListOptions{Offset: new(0), Limit: 10}},
			want: url.Values{"status": {"2"}, "coupon_type": {"1"}, "offset": {"0"}, "limit": {"10"}},
		},
		{
			name: "all",
			opts: &CouponListOptions{
				CouponID: "CP19092406014086E3", OrderID: "CS1904011928GIBHC", PromotionPlanID: "promotionPlanId5322584",
				CouponType: 1, Status: 3, ActiveStartTime: "2019-05-06T08:05:01Z", ActiveEndTime: "2019-06-06T08:05:01Z",
				SourceID: new("c9e731c4663646988ef4cdb3122837b6"), ListOptions: ListOptions{Offset: new(20), Limit: 100},
			},
			want: url.Values{
				"coupon_id": {"CP19092406014086E3"}, "order_id": {"CS1904011928GIBHC"}, "promotion_plan_id": {"promotionPlanId5322584"},
				"coupon_type": {"1"}, "status": {"3"}, "active_start_time": {"2019-05-06T08:05:01Z"}, "active_end_time": {"2019-06-06T08:05:01Z"},
				"source_id": {"c9e731c4663646988ef4cdb3122837b6"}, "offset": {"20"}, "limit": {"100"},
			},
		},
		{
			// Table 6-1: source_id="" is a filter of its own.
			name: "empty source",
			opts: &CouponListOptions{SourceID: &empty},
			want: url.Values{"source_id": {""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			mux.HandleFunc("/v2/promotions/benefits/coupons", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, "GET")
				testQuery(t, r, tt.want)
				w.Write([]byte(`{"count":0,"user_coupons":[]}`))
			})
			if _, err := c.Coupons.List(testContext(t), tt.opts); err != nil {
				t.Fatalf("Coupons.List(%+v) error: %v", tt.opts, err)
			}
		})
	}
}

// TestCouponsService_List_decode decodes the example response of §6.1.1,
// which quotes every number ("count": "1", "face_value": "100").
func TestCouponsService_List_decode(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	serveGolden(t, mux, "/v2/promotions/benefits/coupons", "coupons.json", nil)

	got, err := c.Coupons.List(testContext(t), nil)
	if err != nil {
		t.Fatalf("Coupons.List: %v", err)
	}
	want := &CouponPage{
		TotalCount: 1,
		Coupons: []Coupon{{
			CouponID:        "CP19092406014086E3",
			CouponCode:      "CP19092406014086E3",
			Status:          2,
			CustomerID:      "c9e731c4663646988ef4cdb3122837b6",
			CouponType:      1,
			MeasureID:       1,
			FaceValue:       amt("100"),
			ValidTime:       "2019-09-16T16:00:00Z",
			ExpireTime:      "2019-09-16T16:00:00Z",
			OrderID:         "CS1904011928GIBHC",
			PromotionPlanID: "promotionPlanId5322584",
			PlanName:        "532 USDCoupon name",
			PlanDesc:        "532 USDCoupon desc",
			MediaType:       1,
			FetchMethod:     1,
			UseLimits: []CouponUseLimit{{
				UseLimitInfoID:  "CP19092406014086E3",
				LimitKey:        CouponLimitSimultaneousUseWithDiscountCoupon,
				Value1:          "1",
				Value2:          "",
				ValueUnit:       "",
				LimitType:       "=",
				PromotionPlanID: "promotionPlanId5322584",
			}},
			ActiveTime:    "2019-09-16T16:00:00Z",
			ReserveTime:   "2019-09-16T16:00:00Z",
			PromotionID:   "promotionPlanId5322584",
			CreateTime:    "2019-09-16T16:00:00Z",
			CouponVersion: 2,
			Balance:       amt("100"),
			LockOrderID:   "CS1904011928GIBHC",
			CouponUsage:   "17071919060338056FEH60VIRWEP",
			IsFrozen:      "0",
			Currency:      "USD",
			ExtendParam1:  "2019091702368200",
			SourceID:      "c9e731c4663646988ef4cdb3122837b6",
		}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Coupons.List mismatch (-want +got):\n%s", diff)
	}
	testWireRoundTrip(t, "coupons.json", got)
}

func TestCouponUseLimit_sdkSpelling(t *testing.T) {
	t.Parallel()
	var got CouponUseLimit
	if err := json.Unmarshal([]byte(`{"use_limiti_info_id":"L1","limit_key":"baseValue"}`), &got); err != nil {
		t.Fatal(err)
	}
	want := CouponUseLimit{UseLimitInfoID: "L1", LimitKey: CouponLimitBaseValue}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoding use_limiti_info_id (-want +got):\n%s", diff)
	}
}

func TestCoupon_OrderIDs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		orderID string
		want    []string
	}{
		{"", nil},
		{"CS1904011928GIBHC", []string{"CS1904011928GIBHC"}},
		// The example of Table 6-2: a combined payment, then another use.
		{
			"CS1904011928GIBHC1,CS1904011928GIBHC2,CS1904011928GIBHC3;CS1904011928GIBHCB",
			[]string{"CS1904011928GIBHC1", "CS1904011928GIBHC2", "CS1904011928GIBHC3", "CS1904011928GIBHCB"},
		},
	}
	for _, tt := range tests {
		c := Coupon{OrderID: tt.orderID}
		if got := c.OrderIDs(); !cmp.Equal(got, tt.want) {
			t.Errorf("Coupon{OrderID: %q}.OrderIDs() = %q, want %q", tt.orderID, got, tt.want)
		}
	}
}
