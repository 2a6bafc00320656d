package upstream

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPackagesService_List(t *testing.T) {
	t.Parallel()
	inEffect := 1
	notEffective := 0
	tests := []struct {
		name string
		req  *PackageListRequest
		body string
	}{
		{
			name: "nil request",
			body: `{"offset":0}`,
		},
		{
			// The reference's example request (6.4.1) sends
			// "enterprise_project_id":null, which BSS treats like an
			// omitted field; the client omits it.
			name: "reference example",
			req: &PackageListRequest{
				RegionCode:          "cn-north-7",
				OrderID:             "CS21043011259RWXXTA",
				ProductID:           "90301-296014-0--0",
				ProductName:         "HUAWEI CLOUD WeLink",
				Status:              &inEffect,
				OffsetListOptions:   OffsetListOptions{Offset: 0, Limit: 10},
				ServiceTypeCodeList: []string{"hws.service.type.obs", "hws.service.type.vpc"},
			},
			body: `{"region_code":"cn-north-7","order_id":"CS21043011259RWXXTA","product_id":"90301-296014-0--0",
				"product_name":"HUAWEI CLOUD WeLink","status":1,"offset":0,"limit":10,
				"service_type_code_list":["hws.service.type.obs","hws.service.type.vpc"]}`,
		},
		{
			// Status 0 (not effective) is a filter of its own, not "unset".
			name: "not effective in an enterprise project",
			req:  &PackageListRequest{EnterpriseProjectID: "0", Status: &notEffective, OffsetListOptions: OffsetListOptions{Offset: 1000, Limit: 1000}},
			body: `{"enterprise_project_id":"0","status":0,"offset":1000,"limit":1000}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v3/payments/free-resources/query", "free_resources.json", func(r *http.Request) {
				testMethod(t, r, "POST")
				testQuery(t, r, url.Values{})
				testBody(t, r, tt.body)
				if got := r.Header.Get("X-Language"); got != "en_US" {
					t.Errorf("X-Language = %q, want en_US (BSS defaults to zh_CN)", got)
				}
			})
			if _, err := client.Packages.List(testContext(t), tt.req); err != nil {
				t.Fatalf("Packages.List(%+v) returned error: %v", tt.req, err)
			}
		})
	}
}

func TestPackagesService_List_golden(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v3/payments/free-resources/query", "free_resources.json", nil)

	got, err := client.Packages.List(testContext(t), nil)
	if err != nil {
		t.Fatalf("Packages.List returned error: %v", err)
	}
	want := &PackagePage{
		TotalCount: 1,
		Packages: []FreeResourcePackage{{
			OrderInstanceID:        "01154-228300268-0",
			OrderID:                "CS21043011259RWXXTA",
			ProductID:              "90301-296014-0--0",
			ProductName:            "HUAWEI CLOUD WeLink",
			EnterpriseProjectID:    nil,
			EnterpriseProjectScope: 0,
			EffectiveTime:          "2021-04-30T03:30:56Z",
			ExpireTime:             "2021-05-31T15:59:59Z",
			Status:                 1,
			ServiceTypeCode:        "hws.service.type.cpts",
			RegionCode:             "cn-north-7",
			SourceType:             0,
			BundleType:             "ATOMIC_PKG",
			QuotaReuseMode:         2,
			FreeResources: []FreeResource{{
				FreeResourceID: "d4463497-991b-439d-9ab6-23f9ed197fe9",
				UsageTypeName:  "Duration",
				Amount:         samt("100"),
				OriginalAmount: samt("100"),
				MeasureID:      34,
			}},
		}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Packages.List mismatch (-want +got):\n%s", diff)
	}
	// Table 6-42 types amount and original_amount String, so they encode as
	// strings although the example sends numbers; every other field keeps
	// the example's shape.
	wire := strings.NewReplacer(`"amount": 100`, `"amount": "100"`, `"original_amount": 100`, `"original_amount": "100"`).
		Replace(string(golden(t, "free_resources.json")))
	testResourceWire(t, got, []byte(wire))
}

func TestPackagesService_Usage(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/payments/free-resources/usages/details/query", "free_resource_usages.json", func(r *http.Request) {
		testMethod(t, r, "POST")
		testQuery(t, r, url.Values{})
		// The reference's example request (6.4.2).
		testBody(t, r, `{"free_resource_ids":["d4463497-991b-439d-9ab6-23f9ed197fe9"]}`)
	})
	got, err := client.Packages.Usage(testContext(t), &FreeResourceUsageRequest{FreeResourceIDs: []string{"d4463497-991b-439d-9ab6-23f9ed197fe9"}})
	if err != nil {
		t.Fatalf("Packages.Usage returned error: %v", err)
	}
	want := &FreeResourceUsageList{FreeResources: []FreeResourceUsage{{
		FreeResourceID:       "d4463497-991b-439d-9ab6-23f9ed197fe9",
		FreeResourceTypeName: "test1",
		QuotaReuseCycle:      4,
		QuotaReuseCycleType:  1,
		UsageTypeName:        "Duration",
		StartTime:            "2021-04-30T03:30:56Z",
		EndTime:              "2021-05-31T15:59:59Z",
		Amount:               amt("100"),
		OriginalAmount:       amt("100"),
		MeasureID:            37,
	}}}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Packages.Usage mismatch (-want +got):\n%s", diff)
	}
	testResourceWire(t, got, golden(t, "free_resource_usages.json"))
}

func TestPackagesService_Usage_nilRequest(t *testing.T) {
	t.Parallel()
	client, _ := setup(t)
	if _, err := client.Packages.Usage(testContext(t), nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("Packages.Usage(nil) = %v, want ErrInvalid", err)
	}
}

func TestPackagesService_UsageRecords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *FreeResourceUsageRecordOptions
		want url.Values
	}{
		{
			name: "nil options",
		},
		{
			// The reference's example request (6.4.3), whose filter values
			// are the parameter names themselves.
			name: "reference example",
			opts: &FreeResourceUsageRecordOptions{
				FreeResourceID:    "free_resource_id",
				ProductID:         "product_id",
				ResourceTypeCode:  "resource_type_code",
				DeductTimeBegin:   "2021-10-01",
				DeductTimeEnd:     "2021-10-31",
				OffsetListOptions: OffsetListOptions{Offset: 0, Limit: 10},
			},
			want: url.Values{
				"free_resource_id":   {"free_resource_id"},
				"product_id":         {"product_id"},
				"resource_type_code": {"resource_type_code"},
				"deduct_time_begin":  {"2021-10-01"},
				"deduct_time_end":    {"2021-10-31"},
				"offset":             {"0"},
				"limit":              {"10"},
			},
		},
		{
			name: "one item, second page",
			opts: &FreeResourceUsageRecordOptions{
				FreeResourceID:    "43248428-8409-47cd-b115-6a5872e2200b",
				DeductTimeBegin:   "2021-10-01",
				DeductTimeEnd:     "2021-12-29",
				OffsetListOptions: OffsetListOptions{Offset: 1000, Limit: 1000},
			},
			want: url.Values{
				"free_resource_id":  {"43248428-8409-47cd-b115-6a5872e2200b"},
				"deduct_time_begin": {"2021-10-01"},
				"deduct_time_end":   {"2021-12-29"},
				"offset":            {"1000"},
				"limit":             {"1000"},
			},
		},
		{
			// Empty filters are left out rather than sent as "".
			name: "dates only",
			opts: &FreeResourceUsageRecordOptions{DeductTimeBegin: "2021-10-01", DeductTimeEnd: "2021-10-31"},
			want: url.Values{"deduct_time_begin": {"2021-10-01"}, "deduct_time_end": {"2021-10-31"}, "offset": {"0"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/bills/customer-bills/free-resources-usage-records", "free_resource_usage_records.json", func(r *http.Request) {
				testMethod(t, r, "GET")
				want := tt.want
				if want == nil {
					want = url.Values{}
				}
				testQuery(t, r, want)
				if r.ContentLength > 0 {
					t.Errorf("request has a %d-byte body, want none", r.ContentLength)
				}
			})
			if _, err := client.Packages.UsageRecords(testContext(t), tt.opts); err != nil {
				t.Fatalf("Packages.UsageRecords(%+v) returned error: %v", tt.opts, err)
			}
		})
	}
}

func TestPackagesService_UsageRecords_golden(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/bills/customer-bills/free-resources-usage-records", "free_resource_usage_records.json", nil)

	got, err := client.Packages.UsageRecords(testContext(t), &FreeResourceUsageRecordOptions{DeductTimeBegin: "2021-10-01", DeductTimeEnd: "2021-10-31"})
	if err != nil {
		t.Fatalf("Packages.UsageRecords returned error: %v", err)
	}
	want := &FreeResourceRecordPage{
		Records: []FreeResourceRecord{{
			DeductTime:       "2021-10-19T08:04:25Z",
			FreeResourceID:   "43248428-8409-47cd-b115-6a5872e2200b",
			ResourceID:       "resourceInstanceId_north1_obs_10120001112",
			ResourceTypeCode: "",
			ResourceTag:      "--",
			ProductID:        "90301-247012-0--0",
			ProductName:      "OBS storage package 10 TB Monthly subscription Beijing7",
			UsageTypeCode:    "",
			AvailableAmount:  samt("10190"),
			RemainingAmount:  samt("10140"),
			UsedAmount:       samt("50"),
			MeasureID:        10,
			EffectiveTime:    "2021-10-13T10:01:49Z",
			ExpireTime:       "2021-10-13T11:00:00Z",
		}},
		TotalCount: 1,
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Packages.UsageRecords mismatch (-want +got):\n%s", diff)
	}
	testResourceWire(t, got, golden(t, "free_resource_usage_records.json"))
}
