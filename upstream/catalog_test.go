package upstream

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// testMarshalsToGolden fails the test unless v, encoded as the sandbox will
// encode it, has the shape of the golden response name: the same fields,
// JSON numbers where the golden file has numbers, strings where it has
// strings, and equal values. Keys listed in undocumented appear in the
// reference's example but in none of its tables; they are dropped from the
// golden side.
func testMarshalsToGolden(t *testing.T, v any, name string, undocumented ...string) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encoding %T: %v", v, err)
	}
	want := decodeWireJSON(t, golden(t, name), undocumented)
	got := decodeWireJSON(t, b, nil)
	if diff := cmp.Diff(want, got, wireShapeOpts); diff != "" {
		t.Errorf("%T encodes unlike %s (-want +got):\n%s", v, name, diff)
	}
}

// wireShapeOpts compares decoded JSON by value: 0.0 equals 0, and a decimal
// string equals another with the same value ("800.0" and "800", the text
// StringAmount re-encodes). A number never equals a string, because
// json.Number and string are different types.
var wireShapeOpts = cmp.Options{
	cmp.Comparer(func(a, b json.Number) bool {
		da, errA := decimal.NewFromString(string(a))
		db, errB := decimal.NewFromString(string(b))
		return errA == nil && errB == nil && da.Equal(db)
	}),
	cmp.Comparer(func(a, b string) bool {
		if a == b {
			return true
		}
		da, errA := decimal.NewFromString(a)
		db, errB := decimal.NewFromString(b)
		return errA == nil && errB == nil && da.Equal(db)
	}),
}

// decodeWireJSON decodes b keeping numbers as json.Number, and deletes the
// keys drop from every object.
func decodeWireJSON(t *testing.T, b []byte, drop []string) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, k := range drop {
				delete(v, k)
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return v
}

func TestCatalogService_ListServiceTypes_query(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *CatalogListOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{"unset", &CatalogListOptions{}, url.Values{}},
		// The reference's example request: ?offset=0&limit=10.
		{"reference example", &CatalogListOptions{Offset: new(0), Limit: new(10)}, url.Values{"offset": {"0"}, "limit": {"10"}}},
		{"limit only", &CatalogListOptions{Limit: new(1000)}, url.Values{"limit": {"1000"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/products/service-types", "service_types.json", func(r *http.Request) {
				testMethod(t, r, "GET")
				testQuery(t, r, tt.want)
			})
			if _, err := client.Catalog.ListServiceTypes(testContext(t), tt.opts); err != nil {
				t.Fatalf("Catalog.ListServiceTypes(%+v): %v", tt.opts, err)
			}
		})
	}
}

func TestCatalogService_ListServiceTypes(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/products/service-types", "service_types.json", nil)
	got, err := client.Catalog.ListServiceTypes(testContext(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &ServiceTypePage{
		TotalCount: 1,
		ServiceTypes: []ServiceType{{
			ServiceTypeName: "Huawei Cloud WeLink",
			ServiceTypeCode: "hws.service.type.workplace",
			Abbreviation:    "WeLink",
		}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Catalog.ListServiceTypes mismatch (-want +got):\n%s", diff)
	}
	testMarshalsToGolden(t, got, "service_types.json")
}

func TestCatalogService_ListResourceTypes_query(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *CatalogListOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		// The reference's example request: ?offset=0&limit=10.
		{"reference example", &CatalogListOptions{Offset: new(0), Limit: new(10)}, url.Values{"offset": {"0"}, "limit": {"10"}}},
		{"offset only", &CatalogListOptions{Offset: new(20)}, url.Values{"offset": {"20"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/products/resource-types", "resource_types.json", func(r *http.Request) {
				testMethod(t, r, "GET")
				testQuery(t, r, tt.want)
			})
			if _, err := client.Catalog.ListResourceTypes(testContext(t), tt.opts); err != nil {
				t.Fatalf("Catalog.ListResourceTypes(%+v): %v", tt.opts, err)
			}
		})
	}
}

func TestCatalogService_ListResourceTypes(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/products/resource-types", "resource_types.json", nil)
	got, err := client.Catalog.ListResourceTypes(testContext(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &ResourceTypePage{
		TotalCount: 1,
		ResourceTypes: []ResourceType{{
			ResourceTypeCode: "hws.resource.type.workspacehost.desktop",
			ResourceTypeName: "Cloud Desktop",
			ResourceTypeDesc: "Cloud Desktop",
			ServiceTypeCode:  "hws.service.type.workspacehost",
		}},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Catalog.ListResourceTypes mismatch (-want +got):\n%s", diff)
	}
	testMarshalsToGolden(t, got, "resource_types.json")
}

func TestCatalogService_ListServiceResources_query(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		code string
		opts *CatalogListOptions
		want url.Values
	}{
		{"nil", "hws.service.type.ec2", nil, url.Values{"service_type_code": {"hws.service.type.ec2"}}},
		// The reference's example request: ?service_type_code=hws.service.type.obs&limit=5&offset=0.
		{"reference example", "hws.service.type.obs", &CatalogListOptions{Offset: new(0), Limit: new(5)},
			url.Values{"service_type_code": {"hws.service.type.obs"}, "limit": {"5"}, "offset": {"0"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/products/service-resources", "service_resources.json", func(r *http.Request) {
				testMethod(t, r, "GET")
				testQuery(t, r, tt.want)
			})
			if _, err := client.Catalog.ListServiceResources(testContext(t), tt.code, tt.opts); err != nil {
				t.Fatalf("Catalog.ListServiceResources(%q, %+v): %v", tt.code, tt.opts, err)
			}
		})
	}
}

func TestCatalogService_ListServiceResources(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/products/service-resources", "service_resources.json", nil)
	got, err := client.Catalog.ListServiceResources(testContext(t), "hws.service.type.obs", nil)
	if err != nil {
		t.Fatal(err)
	}
	info := func(code, owner, name string) ServiceResource {
		return ServiceResource{BasicInfo: ResourceBasicInfo{ResourceTypeCode: code, ProductOwnerService: owner, Name: name, Description: name}}
	}
	// The reference's example answers a query for OBS with resources of
	// other services; the client passes them through as they are.
	want := &ServiceResourcePage{
		TotalCount: 5,
		Infos: []ServiceResource{
			info("hws.resource.type.general", "hws.service.type.offline", "general specifications"),
			info("hws.resource.type.bandwidth", "hws.service.type.vpc", "fixed bandwidth"),
			info("hws.resource.type.ip", "hws.service.type.vpc", "EIP"),
			info("hws.resource.type.vm.image", "hws.service.type.ec2", "ECS image"),
			info("hws.resource.type.vm", "hws.service.type.ec2", "ECS"),
		},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Catalog.ListServiceResources mismatch (-want +got):\n%s", diff)
	}
	testMarshalsToGolden(t, got, "service_resources.json")
}

func TestCatalogService_ListUsageTypes_query(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *UsageTypeListOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		// Table 4-12: an empty resource_type_code would be used as a filter,
		// so it must not be sent.
		{"empty resource type", &UsageTypeListOptions{ResourceTypeCode: ""}, url.Values{}},
		// The reference's example request: ?offset=0&limit=3.
		{"reference example", &UsageTypeListOptions{CatalogListOptions: CatalogListOptions{Offset: new(0), Limit: new(3)}}, url.Values{"offset": {"0"}, "limit": {"3"}}},
		{"resource type", &UsageTypeListOptions{ResourceTypeCode: "hws.resource.type.vm", CatalogListOptions: CatalogListOptions{Limit: new(100)}},
			url.Values{"resource_type_code": {"hws.resource.type.vm"}, "limit": {"100"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/products/usage-types", "usage_types.json", func(r *http.Request) {
				testMethod(t, r, "GET")
				testQuery(t, r, tt.want)
			})
			if _, err := client.Catalog.ListUsageTypes(testContext(t), tt.opts); err != nil {
				t.Fatalf("Catalog.ListUsageTypes(%+v): %v", tt.opts, err)
			}
		})
	}
}

// The reference's example is split by a page break, with a stray "} ] }"
// and a trailing comma inside the first element; usage_types.json joins it.
func TestCatalogService_ListUsageTypes(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/products/usage-types", "usage_types.json", nil)
	got, err := client.Catalog.ListUsageTypes(testContext(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &UsageTypePage{
		TotalCount: 6048,
		UsageTypes: []UsageType{
			{
				Code:             "flow",
				Name:             "Video connection traffic",
				ResourceTypeCode: "hws.resource.type.live.videoconnect",
				ServiceTypeCode:  "hws.service.type.live",
				ResourceTypeName: "Video connection",
				ServiceTypeName:  "Live streaming",
			},
			{
				Code:             "reqNumber",
				Name:             "Invoking times",
				ResourceTypeCode: "hws.resource.type.pca.quantity",
				ServiceTypeCode:  "hws.service.type.ccm",
				ResourceTypeName: "Number of private certificates",
				ServiceTypeName:  "The cloud certificate management service",
			},
			{
				Code:             "dailyalarmnum",
				Name:             "Alarms",
				ResourceTypeCode: "hws.resource.type.aicms.cdf",
				ServiceTypeCode:  "hws.service.type.aims",
				ResourceTypeName: "The fault identification and root cause locating service",
				ServiceTypeName:  "The modeling service",
			},
		},
	}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Catalog.ListUsageTypes mismatch (-want +got):\n%s", diff)
	}
	testMarshalsToGolden(t, got, "usage_types.json")
}

func TestCatalogService_ListMeasureUnits_request(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/bases/measurements", "measure_units.json", func(r *http.Request) {
		testMethod(t, r, "GET")
		testQuery(t, r, url.Values{})
	})
	if _, err := client.Catalog.ListMeasureUnits(testContext(t)); err != nil {
		t.Fatal(err)
	}
}

func TestCatalogService_ListMeasureUnits(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/bases/measurements", "measure_units.json", nil)
	got, err := client.Catalog.ListMeasureUnits(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	want := &MeasureUnitList{MeasureUnits: []MeasureUnit{
		{MeasureID: 0, MeasureName: "Day", Abbreviation: "d", MeasureType: 2},
		{MeasureID: 1, MeasureName: "USD", Abbreviation: "YDollar", MeasureType: 1},
		{MeasureID: 10, MeasureName: "GB", Abbreviation: "G", MeasureType: 3},
	}}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Catalog.ListMeasureUnits mismatch (-want +got):\n%s", diff)
	}
	// measure_id 0 (day) must still be encoded.
	testMarshalsToGolden(t, got, "measure_units.json")
}

func TestCatalogService_ListConversions_query(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts *ConversionListOptions
		want url.Values
	}{
		{"nil", nil, url.Values{}},
		{"unset", &ConversionListOptions{}, url.Values{}},
		// The reference's example request: ?measure_type=3.
		{"reference example", &ConversionListOptions{MeasureType: new(3)}, url.Values{"measure_type": {"3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			client, mux := setup(t)
			serveGolden(t, mux, "/v2/bases/conversions", "conversions.json", func(r *http.Request) {
				testMethod(t, r, "GET")
				testQuery(t, r, tt.want)
			})
			if _, err := client.Catalog.ListConversions(testContext(t), tt.opts); err != nil {
				t.Fatalf("Catalog.ListConversions(%+v): %v", tt.opts, err)
			}
		})
	}
}

func TestCatalogService_ListConversions(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	serveGolden(t, mux, "/v2/bases/conversions", "conversions.json", nil)
	got, err := client.Catalog.ListConversions(testContext(t), &ConversionListOptions{MeasureType: new(3)})
	if err != nil {
		t.Fatal(err)
	}
	// The second row has measure_type 2 although the example asked for 3;
	// the client does not filter.
	want := &ConversionList{Conversions: []Conversion{
		{MeasureID: 10, RefMeasureID: 11, ConversionRatio: 1024, MeasureType: 3},
		{MeasureID: 0, RefMeasureID: 5, ConversionRatio: 1440, MeasureType: 2},
	}}
	if diff := cmp.Diff(want, got, cmpOpts); diff != "" {
		t.Errorf("Catalog.ListConversions mismatch (-want +got):\n%s", diff)
	}
	testMarshalsToGolden(t, got, "conversions.json")
}

// conversion_ratio is a Long (Table 4-17): ratios beyond 32 bits decode.
func TestConversion_longRatio(t *testing.T) {
	t.Parallel()
	var c Conversion
	if err := json.Unmarshal([]byte(`{"measure_id":1,"ref_measure_id":2,"conversion_ratio":1099511627776,"measure_type":3}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.ConversionRatio != 1<<40 {
		t.Errorf("ConversionRatio = %d, want %d", c.ConversionRatio, int64(1)<<40)
	}
}
