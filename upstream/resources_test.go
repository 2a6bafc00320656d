package upstream

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testResourceWire fails the test unless v marshals to JSON equal to want:
// the sandbox encodes its answers with these types, so they must produce the
// documented wire shape (numbers as numbers, strings as strings, exact names).
func testResourceWire(t *testing.T, v any, want []byte) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal(%T) returned error: %v", v, err)
	}
	var got, exp any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("json.Marshal(%T) = %s, not JSON: %v", v, b, err)
	}
	if err := json.Unmarshal(want, &exp); err != nil {
		t.Fatalf("want %s is not JSON: %v", want, err)
	}
	if diff := cmp.Diff(exp, got); diff != "" {
		t.Errorf("json.Marshal(%T) mismatch (-want +got):\n%s", v, diff)
	}
}

func TestResourcesService_List(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  *ResourceListRequest
		body string
	}{
		{
			name: "nil request",
			body: `{"offset":0}`,
		},
		{
			// The reference's example request (6.3.1).
			name: "reference example",
			req: &ResourceListRequest{
				ResourceIDs:       []string{"0A063A*****BC8548E65D0089A905"},
				OrderID:           "CS1905251035OA***",
				OnlyMainResource:  1,
				StatusList:        []int{2},
				OffsetListOptions: OffsetListOptions{Offset: 0, Limit: 10},
				ExpireTimeBegin:   "2021-09-01T08:05:01Z",
				ExpireTimeEnd:     "2021-09-03T08:05:01Z",
				ServiceTypeCode:   "hws.service.type.obs",
			},
			body: `{"resource_ids":["0A063A*****BC8548E65D0089A905"],"order_id":"CS1905251035OA***",
				"only_main_resource":1,"status_list":[2],"offset":0,"limit":10,
				"expire_time_begin":"2021-09-01T08:05:01Z","expire_time_end":"2021-09-03T08:05:01Z",
				"service_type_code":"hws.service.type.obs"}`,
		},
		{
			// A loader batch: primary and attached resources of several IDs,
			// second page.
			name: "batch of IDs",
			req:  &ResourceListRequest{ResourceIDs: []string{"r1", "r2"}, OffsetListOptions: OffsetListOptions{Offset: 500, Limit: 500}},
			body: `{"resource_ids":["r1","r2"],"offset":500,"limit":500}`,
		},
		{
			name: "statuses of one order",
			req:  &ResourceListRequest{OrderID: "CS1", StatusList: []int{4, 5}},
			body: `{"order_id":"CS1","status_list":[4,5],"offset":0}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			// The query path keeps the reference's "suscriptions" typo (see
			// OpQueryResources).
			serveGolden(t, mux, "/v2/orders/suscriptions/resources/query", "resources_query.json", func(r *http.Request) {
				testMethod(t, r, "POST")
				testQuery(t, r, url.Values{})
				testBody(t, r, tt.body)
			})
			if _, err := client.Resources.List(testContext(t), tt.req); err != nil {
				t.Fatalf("Resources.List(%+v) returned error: %v", tt.req, err)
			}
		})
	}
}

// The golden file is the 6.3.1 example response, which lacks the "]" that
// closes "data" (a PDF page break runs through it); that bracket is the only
// repair.
func TestResourcesService_List_golden(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/orders/suscriptions/resources/query", "resources_query.json", nil)

	got, err := client.Resources.List(testContext(t), &ResourceListRequest{ResourceIDs: []string{"fb8bb160-a8eb-46a7-9a01-82479c4342a8"}})
	if err != nil {
		t.Fatalf("Resources.List returned error: %v", err)
	}
	measure := 15
	want := &ResourcePage{
		Resources: []Resource{{
			ID:                "01154-674800049-0",
			ResourceID:        "fb8bb160-a8eb-46a7-9a01-82479c4342a8",
			ResourceName:      "bandwidth-48d0",
			RegionCode:        "ap-southeast-1",
			ServiceTypeCode:   "hws.service.type.vpc",
			ResourceTypeCode:  "hws.resource.type.bandwidth",
			ResourceTypeName:  "fixed bandwidth",
			ServiceTypeName:   "VPC",
			ResourceSpecCode:  "19_share",
			ProjectID:         "0bce3f009100d2852fd6c009e942d2ef",
			ProductID:         "OFFI771277187766575104",
			ParentResourceID:  "fb8bb160-a8eb-46a7-9a01-82479c4342a8",
			IsMainResource:    1,
			Status:            3,
			EffectiveTime:     "2024-10-10T07:45:56Z",
			ExpireTime:        "2024-11-22T09:01:54Z",
			ExpirePolicy:      0,
			ProductSpecDesc:   " shared bandwidth | 5.0 Mbps",
			SpecSize:          pamt("5.0"),
			SpecSizeMeasureID: &measure,
			UpdateTime:        "2024-11-22T09:01:55Z",
			EnterpriseProject: &ResourceEnterpriseProject{ID: "0", Name: "default"},
		}},
		TotalCount: 1,
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Resources.List mismatch (-want +got):\n%s", diff)
	}
	testResourceWire(t, got, golden(t, "resources_query.json"))
}

func TestResource_linearFieldsOmitted(t *testing.T) {
	t.Parallel()
	// spec_size and spec_size_measure_id exist only for linear products
	// (Table 6-32): a resource without them must not gain a size of 0.
	b, err := json.Marshal(Resource{ResourceID: "r1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"spec_size", "spec_size_measure_id", "enterprise_project"} {
		if strings.Contains(string(b), `"`+name+`"`) {
			t.Errorf("json.Marshal(Resource{}) = %s, want no %q", b, name)
		}
	}
}

func TestResourcesService_Renew(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/orders/subscriptions/resources/renew", "renew.json", func(r *http.Request) {
		testMethod(t, r, "POST")
		// The reference's example request without "expire_policy":1: that
		// field is discarded ("will not take effect") and not modelled.
		testBody(t, r, `{"resource_ids":["96308d5efd7841b9a4dac673d84d0e14"],"period_type":2,"period_num":1,"is_auto_pay":0}`)
	})
	req := &RenewResourcesRequest{
		ResourceIDs: []string{"96308d5efd7841b9a4dac673d84d0e14"},
		PeriodType:  2,
		PeriodNum:   1,
		IsAutoPay:   0,
	}
	got, err := client.Resources.Renew(testContext(t), req)
	if err != nil {
		t.Fatalf("Resources.Renew returned error: %v", err)
	}
	want := &RenewResult{OrderIDs: []string{"CS19040119281JMYC"}, FailedResources: []ResourceFailure{}}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Resources.Renew mismatch (-want +got):\n%s", diff)
	}
	testResourceWire(t, got, golden(t, "renew.json"))
}

func TestResourcesService_Renew_partialFailure(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	mux.HandleFunc("/v2/orders/subscriptions/resources/renew", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"order_ids":["CS1"],"fail_resource_infos":[{"error_code":"CBC.99003016","error_msg":"gone","resource_id":"r2"}]}`)
	})
	got, err := client.Resources.Renew(testContext(t), &RenewResourcesRequest{ResourceIDs: []string{"r1", "r2"}, PeriodType: 3, PeriodNum: 1, IsAutoPay: 1})
	if err != nil {
		t.Fatalf("Resources.Renew returned error: %v", err)
	}
	want := &RenewResult{
		OrderIDs:        []string{"CS1"},
		FailedResources: []ResourceFailure{{ErrorCode: "CBC.99003016", ErrorMsg: "gone", ResourceID: "r2"}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Resources.Renew mismatch (-want +got):\n%s", diff)
	}
}

func TestRenewErrorBody_wire(t *testing.T) {
	t.Parallel()
	// Table 6-36: expiredResourceIds is camelCase beside snake_case order_ids.
	testResourceWire(t, RenewErrorBody{
		ErrorCode:          "CBC.99003016",
		ErrorMsg:           "The resources have expired and been deleted or do not exist.",
		ExpiredResourceIDs: []string{"r1"},
	}, []byte(`{"error_code":"CBC.99003016","error_msg":"The resources have expired and been deleted or do not exist.","expiredResourceIds":["r1"]}`))
	testResourceWire(t, RenewErrorBody{ErrorCode: "CBC.30050006", ErrorMsg: "Automatic order payment failed.", OrderIDs: []string{"CS1"}},
		[]byte(`{"error_code":"CBC.30050006","error_msg":"Automatic order payment failed.","order_ids":["CS1"]}`))
}

func TestResourcesService_Unsubscribe(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/orders/subscriptions/resources/unsubscribe", "unsubscribe.json", func(r *http.Request) {
		testMethod(t, r, "POST")
		// The reference's example request; seed 001 prints it with a stray
		// comma across a page break, seed 002 without.
		testBody(t, r, `{"resource_ids":["21e09f37c5c9420c8746ad5c71fb3aab"],"unsubscribe_type":1,"unsubscribe_reason_type":5,"unsubscribe_reason":"test"}`)
	})
	req := &UnsubscribeResourcesRequest{
		ResourceIDs:           []string{"21e09f37c5c9420c8746ad5c71fb3aab"},
		UnsubscribeType:       1,
		UnsubscribeReasonType: 5,
		UnsubscribeReason:     "test",
	}
	got, err := client.Resources.Unsubscribe(testContext(t), req)
	if err != nil {
		t.Fatalf("Resources.Unsubscribe returned error: %v", err)
	}
	want := &UnsubscribeResult{OrderIDs: []string{"CS19040119281JMYC"}, FailedResources: []ResourceFailure{}}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Resources.Unsubscribe mismatch (-want +got):\n%s", diff)
	}
	testResourceWire(t, got, golden(t, "unsubscribe.json"))
}

func TestResourcesService_Unsubscribe_optionalFieldsOmitted(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/orders/subscriptions/resources/unsubscribe", "unsubscribe.json", func(r *http.Request) {
		testBody(t, r, `{"resource_ids":["a","b"],"unsubscribe_type":2}`)
	})
	if _, err := client.Resources.Unsubscribe(testContext(t), &UnsubscribeResourcesRequest{ResourceIDs: []string{"a", "b"}, UnsubscribeType: 2}); err != nil {
		t.Fatalf("Resources.Unsubscribe returned error: %v", err)
	}
}

func TestResourcesService_nilRequests(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { calls.Add(1) })
	ctx := testContext(t)
	for name, call := range map[string]func() error{
		"Renew":                   func() error { _, err := client.Resources.Renew(ctx, nil); return err },
		"Unsubscribe":             func() error { _, err := client.Resources.Unsubscribe(ctx, nil); return err },
		"SetPayPerUseAfterExpiry": func() error { _, err := client.Resources.SetPayPerUseAfterExpiry(ctx, nil); return err },
		"EnableAutoRenew":         func() error { return client.Resources.EnableAutoRenew(ctx, "") },
		"DisableAutoRenew":        func() error { return client.Resources.DisableAutoRenew(ctx, "") },
	} {
		if err := call(); !errors.Is(err, ErrInvalid) {
			t.Errorf("Resources.%s without input = %v, want ErrInvalid", name, err)
		}
	}
	if n := calls.Load(); n != 0 {
		t.Errorf("upstream calls = %d, want 0", n)
	}
}

func TestResourcesService_AutoRenew(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		call     func(*Client, *testing.T, string) error
		method   string
		id       string
		wantPath string
	}{
		{
			// The reference's example requests (6.3.4, 6.3.5).
			name:     "enable",
			call:     func(c *Client, t *testing.T, id string) error { return c.Resources.EnableAutoRenew(testContext(t), id) },
			method:   "POST",
			id:       "eb1cac79-773b-414b-8915-6c3eed8ddf24",
			wantPath: "/v2/orders/subscriptions/resources/autorenew/eb1cac79-773b-414b-8915-6c3eed8ddf24",
		},
		{
			name: "disable",
			call: func(c *Client, t *testing.T, id string) error {
				return c.Resources.DisableAutoRenew(testContext(t), id)
			},
			method:   "DELETE",
			id:       "eb1cac79-773b-414b-8915-6c3eed8ddf24",
			wantPath: "/v2/orders/subscriptions/resources/autorenew/eb1cac79-773b-414b-8915-6c3eed8ddf24",
		},
		{
			name: "escaped ID",
			call: func(c *Client, t *testing.T, id string) error {
				return c.Resources.DisableAutoRenew(testContext(t), id)
			},
			method:   "DELETE",
			id:       "a/b c",
			wantPath: "/v2/orders/subscriptions/resources/autorenew/a%2Fb%20c",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			var calls atomic.Int32
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				testMethod(t, r, tt.method)
				if got := r.URL.EscapedPath(); got != tt.wantPath {
					t.Errorf("path = %s, want %s", got, tt.wantPath)
				}
				testQuery(t, r, url.Values{})
				// "Request Parameters: None": no body is sent.
				if b, _ := io.ReadAll(r.Body); len(b) != 0 {
					t.Errorf("body = %q, want none", b)
				}
				w.Header().Set("Content-Type", "application/json;charset=UTF-8")
				w.WriteHeader(http.StatusNoContent)
			})
			if err := tt.call(client, t, tt.id); err != nil {
				t.Fatalf("%s(%q) returned error: %v", tt.name, tt.id, err)
			}
			if n := calls.Load(); n != 1 {
				t.Errorf("upstream calls = %d, want 1", n)
			}
		})
	}
}

func TestResourcesService_DisableAutoRenew_alreadyDisabled(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	var calls atomic.Int32
	mux.HandleFunc("/v2/orders/subscriptions/resources/autorenew/r1", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusBadRequest)
		io.WriteString(w, `{"error_code":"CBC.99003605","error_msg":"Automatic renewal has been canceled and you cannot perform the current operation."}`)
	})
	err := client.Resources.DisableAutoRenew(testContext(t), "r1")
	var ue *Error
	if !errors.As(err, &ue) {
		t.Fatalf("Resources.DisableAutoRenew = %v, want *Error", err)
	}
	if ue.Code != "CBC.99003605" || ue.HTTPStatus != http.StatusBadRequest || ue.Operation != "DisableAutoRenew" {
		t.Errorf("Resources.DisableAutoRenew error = %+v, want CBC.99003605, 400, DisableAutoRenew", ue)
	}
	if !errors.Is(err, ErrRejected) {
		t.Errorf("errors.Is(%v, ErrRejected) = false, want true", err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("upstream calls = %d, want 1 (a mutation's rejection is not retried)", n)
	}
}

func TestResourcesService_SetPayPerUseAfterExpiry(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  *PayPerUseAfterExpiryRequest
		body string
	}{
		{
			// The reference's example request (6.3.6).
			name: "set up",
			req:  &PayPerUseAfterExpiryRequest{Operation: PayPerUseSetUp, ResourceIDs: []string{"0c3248018ed54b1e8e3ecbab1b0989ce"}},
			body: `{"operation":"SET_UP","resource_ids":["0c3248018ed54b1e8e3ecbab1b0989ce"]}`,
		},
		{
			name: "cancel",
			req:  &PayPerUseAfterExpiryRequest{Operation: PayPerUseCancel, ResourceIDs: []string{"a", "b"}},
			body: `{"operation":"CANCEL","resource_ids":["a","b"]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/orders/subscriptions/resources/to-on-demand", "to_on_demand.json", func(r *http.Request) {
				testMethod(t, r, "POST")
				testBody(t, r, tt.body)
			})
			got, err := client.Resources.SetPayPerUseAfterExpiry(testContext(t), tt.req)
			if err != nil {
				t.Fatalf("Resources.SetPayPerUseAfterExpiry(%+v) returned error: %v", tt.req, err)
			}
			want := &PayPerUseAfterExpiryResult{ErrorDetails: []BatchErrorDetail{}}
			if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
				t.Errorf("Resources.SetPayPerUseAfterExpiry mismatch (-want +got):\n%s", diff)
			}
			testResourceWire(t, got, golden(t, "to_on_demand.json"))
		})
	}
}

func TestResourcesService_SetPayPerUseAfterExpiry_partialFailure(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	// CBC.99003610 is documented with HTTP 200: a failed record of a
	// successful call.
	const body = `{"error_details":[{"id":"r2","error_code":"CBC.99003610","error_msg":"The billing mode of resources in the grace or retention period cannot be changed to pay-per-use."}]}`
	mux.HandleFunc("/v2/orders/subscriptions/resources/to-on-demand", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, body)
	})
	got, err := client.Resources.SetPayPerUseAfterExpiry(testContext(t), &PayPerUseAfterExpiryRequest{Operation: PayPerUseSetUp, ResourceIDs: []string{"r1", "r2"}})
	if err != nil {
		t.Fatalf("Resources.SetPayPerUseAfterExpiry returned error: %v", err)
	}
	want := &PayPerUseAfterExpiryResult{ErrorDetails: []BatchErrorDetail{{
		ID:        "r2",
		ErrorCode: "CBC.99003610",
		ErrorMsg:  "The billing mode of resources in the grace or retention period cannot be changed to pay-per-use.",
	}}}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Resources.SetPayPerUseAfterExpiry mismatch (-want +got):\n%s", diff)
	}
	testResourceWire(t, got, []byte(body))
}
