package upstream

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testWireRoundTrip checks that v, decoded from testdata/name, encodes back to
// the documented wire shape: the same field names and nulls, numbers as
// numbers and strings as strings. Fields that the example leaves out may
// appear with empty values. A number that the example quotes ("count": "1"
// where the reference says Integer) matches the same number unquoted.
func testWireRoundTrip(t *testing.T, name string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	var want, got any
	if err := json.Unmarshal(golden(t, name), &want); err != nil {
		t.Fatalf("golden %s: %v", name, err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("re-decoding %s: %v", b, err)
	}
	pruneEmptyExtras(want, got)
	quotedNumber := cmp.FilterValues(func(x, y any) bool {
		_, xs := x.(string)
		_, ys := y.(string)
		_, xf := x.(float64)
		_, yf := y.(float64)
		return xs && yf || xf && ys
	}, cmp.Comparer(func(x, y any) bool {
		s, ok := x.(string)
		n, _ := y.(float64)
		if !ok {
			s, _ = y.(string)
			n, _ = x.(float64)
		}
		f, err := strconv.ParseFloat(s, 64)
		return err == nil && f == n
	}))
	if diff := cmp.Diff(want, got, quotedNumber); diff != "" {
		t.Errorf("%T does not encode to the shape of %s (-want +got):\n%s", v, name, diff)
	}
}

// pruneEmptyExtras deletes from got the object members that want lacks and
// whose value is empty.
func pruneEmptyExtras(want, got any) {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return
		}
		for k, gv := range g {
			wv, ok := w[k]
			if !ok {
				switch x := gv.(type) {
				case nil:
					delete(g, k)
				case string, float64, bool:
					if x == "" || x == 0.0 || x == false {
						delete(g, k)
					}
				}
				continue
			}
			pruneEmptyExtras(wv, gv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return
		}
		for i := range min(len(w), len(g)) {
			pruneEmptyExtras(w[i], g[i])
		}
	}
}

func TestOrdersService_List_request(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *OrderListOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{
			// The example request of §6.2.1.
			name: "example",
			opts: &OrderListOptions{
				OrderID: "CS1905251035OA1AF", CustomerID: "c9e731c4663646988ef4cdb3122837b6",
				CreateTimeBegin: "2020-05-06T08:05:01Z", CreateTimeEnd: "2020-05-07T08:05:01Z",
				ServiceTypeCode: "hws.service.type.obs", Status: 5, OrderType: "1", ListOptions: ListOptions{Limit: 10, Offset: new(0)},
				OrderBy: "-createTime", PaymentTimeBegin: "2020-05-06T08:05:01Z", PaymentTimeEnd: "2020-05-07T08:05:01Z",
			},
			want: url.Values{
				"order_id": {"CS1905251035OA1AF"}, "customer_id": {"c9e731c4663646988ef4cdb3122837b6"},
				"create_time_begin": {"2020-05-06T08:05:01Z"}, "create_time_end": {"2020-05-07T08:05:01Z"},
				"service_type_code": {"hws.service.type.obs"}, "status": {"5"}, "order_type": {"1"}, "limit": {"10"}, "offset": {"0"},
				"order_by": {"-createTime"}, "payment_time_begin": {"2020-05-06T08:05:01Z"}, "payment_time_end": {"2020-05-07T08:05:01Z"},
			},
		},
		{
			name: "page",
			opts: &OrderListOptions{Status: 6, ListOptions: ListOptions{Offset: new(100), Limit: 100}},
			want: url.Values{"status": {"6"}, "offset": {"100"}, "limit": {"100"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			mux.HandleFunc("/v2/orders/customer-orders", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, "GET")
				testQuery(t, r, tt.want)
				w.Write([]byte(`{"total_count":0,"order_infos":[]}`))
			})
			if _, err := c.Orders.List(testContext(t), tt.opts); err != nil {
				t.Fatalf("Orders.List(%+v) error: %v", tt.opts, err)
			}
		})
	}
}

// TestOrdersService_List_decode decodes the example response of §6.2.1. As
// printed it is not JSON: orders.json adds the comma missing after
// "service_type_name" and joins the two halves of "amount_info", which the
// reference splits across two code blocks around a stray "],".
func TestOrdersService_List_decode(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	serveGolden(t, mux, "/v2/orders/customer-orders", "orders.json", nil)

	got, err := c.Orders.List(testContext(t), nil)
	if err != nil {
		t.Fatalf("Orders.List: %v", err)
	}
	want := &OrderPage{
		TotalCount: 1,
		Orders: []Order{{
			OrderBase: OrderBase{
				OrderID:             "CS2405161952CE7IU5QmodifyJobAndPartFailJob",
				CustomerID:          "0c7fd9bdfb80d4170fb1c0056128d420",
				ServiceTypeCode:     "hws.service.type.ec2",
				ServiceTypeName:     "Elastic Cloud Server",
				SourceType:          1,
				Status:              5,
				OrderType:           1,
				AmountAfterDiscount: amt("274.6"),
				OfficialAmount:      amt("349.5"),
				MeasureID:           1,
				CreateTime:          "2024-05-16T11:52:10Z",
				PaymentTime:         new("2024-05-16T12:18:35Z"),
				Currency:            "USD",
				ContractID:          nil,
				AmountInfo: AmountInfo{
					Discounts: []DiscountItem{
						{DiscountType: "700", DiscountAmount: amt("69.9")},
						{DiscountType: "301", DiscountAmount: amt("5.0")},
					},
					FlexipurchaseCouponAmount: pamt("0.0"),
					CouponAmount:              pamt("5.0"),
					StoredCardAmount:          pamt("0.0"),
					CommissionAmount:          nil,
					ConsumedAmount:            nil,
				},
			},
			EnterpriseProjects: []OrderEnterpriseProject{{ID: "0", Name: "default"}},
			SubOrders:          []SubOrder{},
		}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Orders.List mismatch (-want +got):\n%s", diff)
	}
	testWireRoundTrip(t, "orders.json", got)
}

func TestOrdersService_Get_request(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		orderID  string
		opts     *ListOptions
		wantPath string
		want     url.Values
	}{
		// The example request of §6.2.2.
		{"example", "CS19040119281JMYC", &ListOptions{Limit: 10, Offset: new(0)},
			"/v2/orders/customer-orders/details/CS19040119281JMYC", url.Values{"limit": {"10"}, "offset": {"0"}}},
		{"nil", "CS19040119281JMYC", nil, "/v2/orders/customer-orders/details/CS19040119281JMYC", url.Values{}},
		{"escaped", "CS1/2 x", &ListOptions{Offset: new(10)},
			"/v2/orders/customer-orders/details/CS1%2F2%20x", url.Values{"offset": {"10"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			mux.HandleFunc("/v2/orders/customer-orders/details/", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, "GET")
				if got := r.URL.EscapedPath(); got != tt.wantPath {
					t.Errorf("path = %s, want %s", got, tt.wantPath)
				}
				testQuery(t, r, tt.want)
				w.Write([]byte(`{"total_count":0,"order_info":{},"order_line_items":[]}`))
			})
			if _, err := c.Orders.Get(testContext(t), tt.orderID, tt.opts); err != nil {
				t.Fatalf("Orders.Get(%q, %+v) error: %v", tt.orderID, tt.opts, err)
			}
		})
	}
}

// TestOrdersService_Get_decode decodes the example response of §6.2.2. As
// printed, "order_line_items" follows the closing brace of the response in a
// second code block; order_details.json moves it inside.
func TestOrdersService_Get_decode(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	serveGolden(t, mux, "/v2/orders/customer-orders/details/{id}", "order_details.json", nil)

	got, err := c.Orders.Get(testContext(t), "CS19040119281JMYC", nil)
	if err != nil {
		t.Fatalf("Orders.Get: %v", err)
	}
	noAmounts := func(commission string) AmountInfo {
		return AmountInfo{Discounts: []DiscountItem{}, CommissionAmount: pamt(commission), ConsumedAmount: pamt("0.0")}
	}
	want := &OrderDetail{
		TotalCount: 2,
		Order: OrderEntity{
			OrderBase: OrderBase{
				OrderID:             "CS18122203217MRPB",
				CustomerID:          "982f05775ec94da390c3f174b058fb46",
				ServiceTypeCode:     "hws.service.type.obs",
				SourceType:          1,
				Status:              5,
				OrderType:           4,
				AmountAfterDiscount: amt("-277.92"),
				OfficialAmount:      amt("-277.92"),
				MeasureID:           1,
				CreateTime:          "2018-12-21T19:21:03Z",
				Currency:            "USD",
				AmountInfo:          noAmounts("30.88"),
			},
			UserName:              "h*****55",
			PendingPaymentEndTime: new("2024-11-14T15:59:59Z"),
			SubOrders:             []SubOrderEntity{},
		},
		LineItems: []OrderLineItem{
			{
				OrderLineItemID:     "CS18122203217MRPB-000001",
				ServiceTypeCode:     "hws.service.type.ebs",
				ProductID:           "00301-01026-0--1",
				ProductSpecDesc:     "High I/O|40.0GB",
				PeriodType:          3,
				EffectiveTime:       "2018-12-21T19:21:03Z",
				ExpireTime:          "2019-12-22T15:59:59Z",
				SubscriptionNum:     1,
				AmountAfterDiscount: amt("-33.12"),
				OfficialAmount:      amt("-33.12"),
				AmountInfo:          noAmounts("3.68"),
				Currency:            "USD",
				CategoryCode:        "hws.resource.storage1.evs",
			},
			{
				OrderLineItemID:     "CS18122203217MRPB-000002",
				ServiceTypeCode:     "hws.service.type.ec2",
				ProductID:           "00301-02019-0--1",
				ProductSpecDesc:     "General Computing|s2.medium.4|1vCPUs|4GB|linux",
				PeriodType:          3,
				EffectiveTime:       "2018-12-21T19:21:03Z",
				ExpireTime:          "2019-12-22T15:59:59Z",
				SubscriptionNum:     1,
				AmountAfterDiscount: amt("-244.8"),
				OfficialAmount:      amt("-244.8"),
				AmountInfo:          noAmounts("27.2"),
				Currency:            "USD",
				CategoryCode:        "hws.resource.computing.ecs",
				BaseProductInfo: &BaseProductInfo{
					ProductID:           "00301-238595-0--0",
					ProductSpecDesc:     "General computing | s3.small.1 | 1 vCPU| 1 GB | Linux",
					CategoryCode:        "hws.resource.computing.ecs",
					ProductOwnerService: new("hws.service.type.ec2"),
				},
				OrderID: new("S1812*****RBP"),
			},
		},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Orders.Get mismatch (-want +got):\n%s", diff)
	}
	testWireRoundTrip(t, "order_details.json", got)
}

func TestOrdersService_Get_notFound(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	mux.HandleFunc("/v2/orders/customer-orders/details/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error_code":"CBC.30000010","error_msg":"Operation not supported because the order is invalid or does not exist."}`))
	})
	_, err := c.Orders.Get(testContext(t), "CS0", nil)
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("Orders.Get(unknown order) = %v, want ErrNotFound", err)
	}
}

func TestOrdersService_ListDiscounts(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	// The example request of §6.2.3.
	serveGolden(t, mux, "/v2/orders/customer-orders/order-discounts", "order_discounts.json", func(r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, url.Values{"order_id": {"CS2011091132EMKL9"}})
	})

	got, err := c.Orders.ListDiscounts(testContext(t), "CS2011091132EMKL9")
	if err != nil {
		t.Fatalf("Orders.ListDiscounts: %v", err)
	}
	group := func(id string) DiscountLineItemGroup {
		return DiscountLineItemGroup{OrderLineItemIDs: []string{id}, DiscountMode: 0, DiscountAmount: nil, DiscountRatio: pamt("0.9")}
	}
	want := &OrderDiscountList{Discounts: []OrderDiscount{{
		DiscountID:    "PDP2011260815047721TYT48G0BA02EI",
		DiscountValue: "0.9",
		DiscountType:  0,
		Orders: []DiscountOrder{{
			OrderID:   "CS2011091132EMKL9",
			LineItems: []DiscountLineItemGroup{group("CS2011091132EMKL9-000002"), group("CS2011091132EMKL9-000001")},
		}},
	}}}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Orders.ListDiscounts mismatch (-want +got):\n%s", diff)
	}
	// The printed example ends with stray closing braces after the complete
	// JSON value; order_discounts.json leaves them out.
	testWireRoundTrip(t, "order_discounts.json", got)
}

func TestOrdersService_Pay_request(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  *PayOrderRequest
		want string
	}{
		{
			// The example request of §6.2.4, discount type 1 included.
			name: "example",
			req: &PayOrderRequest{
				OrderID: "CS20052715001E4CR", UseCoupon: "YES", UseDiscount: "YES",
				CouponInfos:   []PayCoupon{{ID: "CP200527025610NGSC", Type: 301}},
				DiscountInfos: []PayDiscount{{ID: "PDP2011260815047721TYT48G0BA02EI", Type: 1}},
			},
			want: `{"use_coupon":"YES","use_discount":"YES",
				"coupon_infos":[{"id":"CP200527025610NGSC","type":301}],
				"discount_infos":[{"id":"PDP2011260815047721TYT48G0BA02EI","type":1}],
				"order_id":"CS20052715001E4CR"}`,
		},
		{
			// With "NO" the lists must be left out, or BSS reports a
			// parameter error.
			name: "no coupon, no discount",
			req:  &PayOrderRequest{OrderID: "CS20052715001E4CR", UseCoupon: "NO", UseDiscount: "NO"},
			want: `{"order_id":"CS20052715001E4CR","use_coupon":"NO","use_discount":"NO"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			mux.HandleFunc("/v3/orders/customer-orders/pay", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, "POST")
				testQuery(t, r, url.Values{})
				testBody(t, r, tt.want)
				w.WriteHeader(http.StatusNoContent)
			})
			if err := c.Orders.Pay(testContext(t), tt.req); err != nil {
				t.Errorf("Orders.Pay(%+v) = %v, want nil", tt.req, err)
			}
		})
	}
}

// TestOrdersService_Pay_refused decodes a refused payment. The reference
// prints no 400 example; pay_order.json is built from Tables 6-26 and the
// CBC.99003141 row of the error table, with the tables' example values.
func TestOrdersService_Pay_refused(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	body := golden(t, "pay_order.json")
	mux.HandleFunc("/v3/orders/customer-orders/pay", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write(body)
	})

	err := c.Orders.Pay(testContext(t), &PayOrderRequest{OrderID: "CS20052715001E4CR", UseCoupon: "NO", UseDiscount: "NO"})
	var ue *Error
	if !errors.As(err, &ue) {
		t.Fatalf("Orders.Pay = %v, want *Error", err)
	}
	const msg = "The cloud service quota or capacity is insufficient, or the resource specifications have changed."
	if ue.HTTPStatus != 400 || ue.Code != "CBC.99003141" || ue.Message != msg || !errors.Is(err, ErrRejected) {
		t.Errorf("Orders.Pay = %+v, want a rejected 400 CBC.99003141 %q", ue, msg)
	}

	var got PayOrderFailure
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	want := PayOrderFailure{
		ErrorCode: "CBC.99003141",
		ErrorMsg:  msg,
		QuotaInfos: []PayQuotaInfo{{
			Region:           "ap-southeast-1",
			ServiceTypeCode:  "hws.service.type.ec2",
			ResourceTypeCode: "hws.resource.type.vm",
			ResourceSpecCode: "s2.small.1.linux",
			ServiceTypeName:  "Elastic Cloud Server",
			ResourceTypeName: "Cloud Host",
			AuthResult:       1,
			AvailableZone:    "cn-north-1a",
		}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PayOrderFailure mismatch (-want +got):\n%s", diff)
	}
	testWireRoundTrip(t, "pay_order.json", got)
}

// TestPayOrderFailure_enterpriseProjects decodes the CBC.99003155 variant
// (Table 6-27); the reference prints no example of it either.
func TestPayOrderFailure_enterpriseProjects(t *testing.T) {
	t.Parallel()
	const body = `{"error_code":"CBC.99003155","error_msg":"The enterprise project's fund quota is insufficient, or the project is invalid.",
		"enterprise_project_auth_result":[{"enterprise_project_id":"0","enterprise_project_name":"default","auth_statuses":10}]}`
	var got PayOrderFailure
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	want := PayOrderFailure{
		ErrorCode: "CBC.99003155",
		ErrorMsg:  "The enterprise project's fund quota is insufficient, or the project is invalid.",
		EnterpriseProjectAuthResult: []PayEnterpriseProject{
			{EnterpriseProjectID: "0", EnterpriseProjectName: "default", AuthStatuses: 10},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("PayOrderFailure mismatch (-want +got):\n%s", diff)
	}
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var gotWire, wantWire any
	if err := json.Unmarshal(b, &gotWire); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(body), &wantWire); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantWire, gotWire); diff != "" {
		t.Errorf("PayOrderFailure wire shape (-want +got):\n%s", diff)
	}
}

func TestOrdersService_Cancel(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	mux.HandleFunc("/v2/orders/customer-orders/cancel", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, "PUT")
		testQuery(t, r, url.Values{})
		// The example request of §6.2.5.
		testBody(t, r, `{"order_id":"CS170926155954NO7"}`)
		w.WriteHeader(http.StatusNoContent)
	})
	if err := c.Orders.Cancel(testContext(t), "CS170926155954NO7"); err != nil {
		t.Errorf("Orders.Cancel = %v, want nil", err)
	}
}

// TestOrdersService_Cancel_refused decodes a refused cancellation. The
// reference prints no error example; cancel_order_error.json is Table 6-28
// filled with the CBC.99005010 row of the error table.
func TestOrdersService_Cancel_refused(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	body := golden(t, "cancel_order_error.json")
	mux.HandleFunc("/v2/orders/customer-orders/cancel", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write(body)
	})

	err := c.Orders.Cancel(testContext(t), "CS170926155954NO7")
	var ue *Error
	if !errors.As(err, &ue) {
		t.Fatalf("Orders.Cancel = %v, want *Error", err)
	}
	want := CancelOrderFailure{ErrorCode: "CBC.99005010", ErrorMsg: "Orders in this state cannot be canceled."}
	if ue.HTTPStatus != 400 || ue.Code != want.ErrorCode || ue.Message != want.ErrorMsg || !errors.Is(err, ErrRejected) {
		t.Errorf("Orders.Cancel = %+v, want a rejected 400 %+v", ue, want)
	}
	var got CancelOrderFailure
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CancelOrderFailure mismatch (-want +got):\n%s", diff)
	}
	testWireRoundTrip(t, "cancel_order_error.json", got)
}

// TestOrdersService_mutationsNotRetried pins that a 5xx after a payment or
// cancellation was sent is reported as an unknown outcome and not repeated.
func TestOrdersService_mutationsNotRetried(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		pattern string
		call    func(c *Client, t *testing.T) error
	}{
		{"Pay", "/v3/orders/customer-orders/pay", func(c *Client, t *testing.T) error {
			return c.Orders.Pay(testContext(t), &PayOrderRequest{OrderID: "CS1", UseCoupon: "NO", UseDiscount: "NO"})
		}},
		{"Cancel", "/v2/orders/customer-orders/cancel", func(c *Client, t *testing.T) error {
			return c.Orders.Cancel(testContext(t), "CS1")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mux := setup(t)
			var calls atomic.Int32
			mux.HandleFunc(tt.pattern, func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte(`{"error_code":"CBC.0999","error_msg":"Other errors."}`))
			})
			err := tt.call(c, t)
			if !errors.Is(err, ErrOutcomeUnknown) {
				t.Errorf("Orders.%s = %v, want ErrOutcomeUnknown", tt.name, err)
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("Orders.%s sent %d requests, want 1", tt.name, n)
			}
		})
	}
}

func TestOrdersService_ListRefunds(t *testing.T) {
	t.Parallel()
	c, mux := setup(t)
	// The example request of §6.2.6.
	serveGolden(t, mux, "/v2/orders/customer-orders/refund-orders", "refund_orders.json", func(r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, url.Values{"order_id": {"CS1904190917GIBHC"}})
	})

	got, err := c.Orders.ListRefunds(testContext(t), "CS1904190917GIBHC")
	if err != nil {
		t.Fatalf("Orders.ListRefunds: %v", err)
	}
	want := &RefundPage{
		TotalCount: 1,
		Records: []RefundRecord{{
			ID:               "ccefa7ff-****-****-99f5-bb25a2551217",
			Amount:           amt("-3"),
			MeasureID:        "1",
			CustomerID:       "075a5d*****ffb75c20a82d228130",
			ResourceTypeCode: "hws.resource.type.volume",
			ServiceTypeCode:  "hws.service.type.ebs",
			ResourceTypeName: "EVS",
			ServiceTypeName:  "EVS",
			RegionCode:       "ap-southeast-1",
			BaseOrderID:      "CS2006*****1F8CI",
		}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Orders.ListRefunds mismatch (-want +got):\n%s", diff)
	}
	testWireRoundTrip(t, "refund_orders.json", got)
}

// TestRefundPage_tableSpelling decodes the list under "refund_info", the name
// in the response table of §6.2.6, as well.
func TestRefundPage_tableSpelling(t *testing.T) {
	t.Parallel()
	var got RefundPage
	if err := json.Unmarshal([]byte(`{"total_count":1,"refund_info":[{"id":"r1","amount":2.5,"measure_id":1}]}`), &got); err != nil {
		t.Fatal(err)
	}
	want := RefundPage{TotalCount: 1, Records: []RefundRecord{{ID: "r1", Amount: amt("2.5"), MeasureID: "1"}}}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("decoding refund_info (-want +got):\n%s", diff)
	}
}
