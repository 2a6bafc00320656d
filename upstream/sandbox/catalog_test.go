package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"bssgraph/upstream"
)

// pcClient returns an F1 client for srv that neither throttles nor retries,
// for the catalog, pricing, balance and coupon tests (which run against a
// quota-disabled sandbox).
func pcClient(t *testing.T, srv *httptest.Server) *upstream.Client {
	t.Helper()
	c, err := upstream.NewClient(srv.URL,
		upstream.WithLimiter(upstream.NewWindowLimiter(-1)),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pcCtx is a context calling as token, in language lang ("" for the default).
func pcCtx(t *testing.T, token, lang string) context.Context {
	return upstream.WithCaller(t.Context(), upstream.Caller{Token: upstream.Secret(token), Language: lang})
}

func intp(n int) *int { return &n }

// allUsageTypes pages through 4.1.4 with the largest page.
func allUsageTypes(t *testing.T, c *upstream.Client, ctx context.Context, resourceType string) []upstream.UsageType {
	t.Helper()
	var all []upstream.UsageType
	for off := 0; ; off += 100 {
		p, err := c.Catalog.ListUsageTypes(ctx, &upstream.UsageTypeListOptions{ResourceTypeCode: resourceType, CatalogListOptions: upstream.CatalogListOptions{Offset: intp(off), Limit: intp(100)}})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, p.UsageTypes...)
		if len(p.UsageTypes) < 100 {
			if len(all) != p.TotalCount {
				t.Fatalf("paged %d usage types, total_count %d", len(all), p.TotalCount)
			}
			return all
		}
	}
}

func TestCatalog_ClientRoundTrip(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	c := pcClient(t, srv)
	ctx := pcCtx(t, TokenCustomer, "en_US")

	st, err := c.Catalog.ListServiceTypes(ctx, &upstream.CatalogListOptions{Limit: intp(1000)})
	if err != nil {
		t.Fatal(err)
	}
	if st.TotalCount < 20 || len(st.ServiceTypes) != st.TotalCount {
		t.Fatalf("service types: total %d, got %d; want ≥ 20, all", st.TotalCount, len(st.ServiceTypes))
	}
	services := map[string]upstream.ServiceType{}
	for _, s := range st.ServiceTypes {
		if s.ServiceTypeName == "" || s.Abbreviation == "" || !strings.HasPrefix(s.ServiceTypeCode, "hws.service.type.") {
			t.Errorf("incomplete service type %+v", s)
		}
		if _, dup := services[s.ServiceTypeCode]; dup {
			t.Errorf("service type %s listed twice", s.ServiceTypeCode)
		}
		services[s.ServiceTypeCode] = s
	}

	rt, err := c.Catalog.ListResourceTypes(ctx, &upstream.CatalogListOptions{Limit: intp(1000)})
	if err != nil {
		t.Fatal(err)
	}
	resources := map[string]upstream.ResourceType{}
	for _, r := range rt.ResourceTypes {
		if _, ok := services[r.ServiceTypeCode]; !ok {
			t.Errorf("resource type %s belongs to unknown service %s", r.ResourceTypeCode, r.ServiceTypeCode)
		}
		if r.ResourceTypeName == "" || r.ResourceTypeDesc == "" {
			t.Errorf("resource type %s has no name or description", r.ResourceTypeCode)
		}
		resources[r.ResourceTypeCode] = r
	}
	if rt.TotalCount != len(rt.ResourceTypes) || len(resources) < 40 {
		t.Errorf("resource types: total %d, %d listed, %d distinct", rt.TotalCount, len(rt.ResourceTypes), len(resources))
	}

	usages := allUsageTypes(t, c, ctx, "")
	if len(usages) <= 100 {
		t.Errorf("%d usage types; want more than one page of 100", len(usages))
	}
	usageKeys := map[string]bool{}
	for _, u := range usages {
		key := u.ResourceTypeCode + "|" + u.Code
		if usageKeys[key] {
			t.Errorf("usage type %s listed twice", key)
		}
		usageKeys[key] = true
		r, ok := resources[u.ResourceTypeCode]
		if !ok || r.ServiceTypeCode != u.ServiceTypeCode || r.ResourceTypeName != u.ResourceTypeName ||
			services[u.ServiceTypeCode].ServiceTypeName != u.ServiceTypeName || u.Name == "" {
			t.Errorf("usage type %+v disagrees with the catalog", u)
		}
	}

	// Every code of the product table resolves in the catalog.
	for _, p := range products {
		r, ok := resources[p.resourceType]
		if !ok || r.ServiceTypeCode != p.serviceType {
			t.Errorf("product %s: resource type %s of service %s not in the catalog", p.spec, p.resourceType, p.serviceType)
		}
		if !usageKeys[p.resourceType+"|"+p.usageFactor] {
			t.Errorf("product %s: usage type (%s, %s) not in the catalog", p.spec, p.resourceType, p.usageFactor)
		}
		for _, at := range p.attached {
			if _, ok := resources[at.resourceType]; !ok {
				t.Errorf("attachment %s of %s not in the catalog", at.resourceType, p.spec)
			}
		}
	}

	// 4.1.3 for every service: the service's own resource types, each
	// with the service that owns it.
	for code := range services {
		sr, err := c.Catalog.ListServiceResources(ctx, code, &upstream.CatalogListOptions{Limit: intp(100)})
		if err != nil {
			t.Fatal(err)
		}
		if sr.TotalCount == 0 || len(sr.Infos) != sr.TotalCount {
			t.Errorf("service %s: %d of %d resources", code, len(sr.Infos), sr.TotalCount)
		}
		own := 0
		for _, in := range sr.Infos {
			r, ok := resources[in.BasicInfo.ResourceTypeCode]
			if !ok || r.ServiceTypeCode != in.BasicInfo.ProductOwnerService || in.BasicInfo.Name != r.ResourceTypeName {
				t.Errorf("service %s lists %+v, unlike the resource types", code, in.BasicInfo)
			}
			if in.BasicInfo.ProductOwnerService == code {
				own++
			}
		}
		if own == 0 {
			t.Errorf("service %s lists none of its own resource types", code)
		}
	}

	mu, err := c.Catalog.ListMeasureUnits(ctx)
	if err != nil {
		t.Fatal(err)
	}
	units := map[int]upstream.MeasureUnit{}
	for _, m := range mu.MeasureUnits {
		units[m.MeasureID] = m
	}
	for id, typ := range map[int]int{0: 2, 1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 10: 3, 11: 3, 14: 12, 15: 16, 17: 7} {
		if m, ok := units[id]; !ok || m.MeasureType != typ || m.MeasureName == "" || m.Abbreviation == "" {
			t.Errorf("measure unit %d = %+v, want measure_type %d", id, m, typ)
		}
	}
	for _, p := range products {
		if p.linear {
			if _, ok := units[p.sizeMeasure]; !ok {
				t.Errorf("size unit %d of %s missing", p.sizeMeasure, p.spec)
			}
		}
	}
	for code, u := range usageDefs {
		if _, ok := units[u.measure]; !ok {
			t.Errorf("unit %d of usage type %s missing", u.measure, code)
		}
	}

	cv, err := c.Catalog.ListConversions(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	found := map[[2]int]int64{}
	for _, x := range cv.Conversions {
		from, ok1 := units[x.MeasureID]
		to, ok2 := units[x.RefMeasureID]
		if !ok1 || !ok2 || from.MeasureType != x.MeasureType || to.MeasureType != x.MeasureType || x.ConversionRatio <= 1 {
			t.Errorf("conversion %+v: unknown units or types differ", x)
		}
		found[[2]int{x.MeasureID, x.RefMeasureID}] = x.ConversionRatio
	}
	for pair, ratio := range map[[2]int]int64{{10, 11}: 1024, {0, 5}: 1440, {0, 4}: 24, {4, 5}: 60, {1, 3}: 100, {1, 2}: 10} {
		if found[pair] != ratio {
			t.Errorf("conversion %d→%d = %d, want %d", pair[0], pair[1], found[pair], ratio)
		}
	}
	traffic, err := c.Catalog.ListConversions(ctx, &upstream.ConversionListOptions{MeasureType: intp(3)})
	if err != nil {
		t.Fatal(err)
	}
	if len(traffic.Conversions) == 0 {
		t.Error("no traffic conversions")
	}
	for _, x := range traffic.Conversions {
		if x.MeasureType != 3 {
			t.Errorf("measure_type=3 returned %+v", x)
		}
	}
	none, err := c.Catalog.ListConversions(ctx, &upstream.ConversionListOptions{MeasureType: intp(99)})
	if err != nil || len(none.Conversions) != 0 {
		t.Errorf("measure_type=99: %v, %v; want no conversions", none, err)
	}
}

func TestCatalog_Paging(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	c := pcClient(t, srv)
	ctx := pcCtx(t, TokenCustomer, "")

	all, err := c.Catalog.ListServiceTypes(ctx, &upstream.CatalogListOptions{Limit: intp(1000)})
	if err != nil {
		t.Fatal(err)
	}
	def, err := c.Catalog.ListServiceTypes(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(def.ServiceTypes) != 10 || def.TotalCount != all.TotalCount {
		t.Errorf("default page: %d items of %d, want 10 of %d", len(def.ServiceTypes), def.TotalCount, all.TotalCount)
	}
	var walked []string
	for off := 0; off < all.TotalCount; off += 7 {
		p, err := c.Catalog.ListServiceTypes(ctx, &upstream.CatalogListOptions{Offset: intp(off), Limit: intp(7)})
		if err != nil {
			t.Fatal(err)
		}
		if p.TotalCount != all.TotalCount {
			t.Errorf("offset %d: total_count %d, want %d", off, p.TotalCount, all.TotalCount)
		}
		for _, s := range p.ServiceTypes {
			walked = append(walked, s.ServiceTypeCode)
		}
	}
	if len(walked) != all.TotalCount {
		t.Fatalf("walked %d service types, want %d", len(walked), all.TotalCount)
	}
	for i, s := range all.ServiceTypes {
		if walked[i] != s.ServiceTypeCode {
			t.Errorf("item %d: paged %s, full list %s", i, walked[i], s.ServiceTypeCode)
		}
	}
	past, err := c.Catalog.ListResourceTypes(ctx, &upstream.CatalogListOptions{Offset: intp(100000)})
	if err != nil || len(past.ResourceTypes) != 0 || past.TotalCount == 0 {
		t.Errorf("offset past the end: %+v, %v; want no items and the total", past, err)
	}

	// Usage types: the default page is 10, and a resource type filter
	// gives exactly that type's rows.
	first, err := c.Catalog.ListUsageTypes(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.UsageTypes) != 10 || first.TotalCount <= 100 {
		t.Errorf("usage types default page: %d of %d", len(first.UsageTypes), first.TotalCount)
	}
	vm := allUsageTypes(t, c, ctx, "hws.resource.type.vm")
	if len(vm) == 0 {
		t.Fatal("no usage types for hws.resource.type.vm")
	}
	for _, u := range vm {
		if u.ResourceTypeCode != "hws.resource.type.vm" {
			t.Errorf("filter by vm returned %+v", u)
		}
	}
	// resource_type_code present but empty is a filter (Table 4-12).
	status, body := call(t, srv, "GET", "/v2/products/usage-types?resource_type_code=", TokenCustomer, "")
	if status != 200 || !hasNumber(body, "total_count", 0) {
		t.Errorf("resource_type_code= : %d %s, want an empty page", status, body)
	}
	sr, err := c.Catalog.ListServiceResources(ctx, "hws.service.type.ec2", &upstream.CatalogListOptions{Offset: intp(1), Limit: intp(2)})
	if err != nil || len(sr.Infos) != 2 || sr.TotalCount < 4 {
		t.Errorf("ec2 resources offset 1 limit 2: %+v, %v", sr, err)
	}
	unknown, err := c.Catalog.ListServiceResources(ctx, "hws.service.type.nope", nil)
	if err != nil || unknown.TotalCount != 0 || len(unknown.Infos) != 0 {
		t.Errorf("unknown service: %+v, %v; want an empty page", unknown, err)
	}
}

func TestCatalog_Language(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	c := pcClient(t, srv)
	find := func(lang string) (svc, res, usage, unit string) {
		ctx := pcCtx(t, TokenCustomer, lang)
		st, err := c.Catalog.ListServiceTypes(ctx, &upstream.CatalogListOptions{Limit: intp(1000)})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st.ServiceTypes {
			if s.ServiceTypeCode == "hws.service.type.ec2" {
				svc = s.ServiceTypeName
			}
		}
		sr, err := c.Catalog.ListServiceResources(ctx, "hws.service.type.ec2", nil)
		if err != nil {
			t.Fatal(err)
		}
		res = sr.Infos[0].BasicInfo.Name
		ut, err := c.Catalog.ListUsageTypes(ctx, &upstream.UsageTypeListOptions{ResourceTypeCode: "hws.resource.type.vm", CatalogListOptions: upstream.CatalogListOptions{Limit: intp(1)}})
		if err != nil {
			t.Fatal(err)
		}
		usage = ut.UsageTypes[0].Name + "/" + ut.UsageTypes[0].ServiceTypeName
		mu, err := c.Catalog.ListMeasureUnits(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mu.MeasureUnits {
			if m.MeasureID == 4 {
				unit = m.MeasureName
			}
		}
		return
	}
	zh1, zh2, zh3, zh4 := find("")
	en1, en2, en3, en4 := find("en_US")
	cn1, _, _, _ := find("zh_CN")
	if zh1 != "弹性云服务器" || cn1 != zh1 || en1 != "Elastic Cloud Server" {
		t.Errorf("ec2 names: default %q, zh_CN %q, en_US %q", zh1, cn1, en1)
	}
	if zh2 == en2 || zh3 == en3 || zh4 != "小时" || en4 != "Hour" {
		t.Errorf("names do not follow X-Language: %q/%q, %q/%q, %q/%q", zh2, en2, zh3, en3, zh4, en4)
	}
}

// TestCatalog_SameForEveryAccount: the catalog is public; every token gets
// the same answer.
func TestCatalog_SameForEveryAccount(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	var first string
	for _, tok := range []string{TokenCustomer, TokenEnterprise, TokenPartner, "sandbox-member-1"} {
		status, body := call(t, srv, "GET", "/v2/products/usage-types?limit=100&offset=37", tok, "")
		if status != 200 {
			t.Fatalf("%s: %d %s", tok, status, body)
		}
		if first == "" {
			first = body
		} else if body != first {
			t.Errorf("%s sees another catalog", tok)
		}
	}
}

func TestCatalog_BadInput(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	tests := []struct {
		path, token string
		status      int
		code        string
	}{
		{"/v2/products/service-types?limit=0", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/service-types?limit=1001", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/service-types?offset=", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/service-types?offset=-1", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/service-types?offset=100000001", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/resource-types?limit=1001", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/resource-types?limit=abc", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/service-resources", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/service-resources?service_type_code=", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/service-resources?service_type_code=hws.service.type.ec2&limit=101", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/service-resources?service_type_code=hws.service.type.ec2&limit=", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/service-resources?service_type_code=hws.service.type.ec2&offset=1000001", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/service-resources?service_type_code=" + strings.Repeat("x", 65), TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/usage-types?limit=101", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/usage-types?limit=0", TokenCustomer, 400, "CBC.0100"},
		{"/v2/products/usage-types?offset=", TokenCustomer, 400, "CBC.0100"},
		{"/v2/bases/measurements", "not-a-token", 401, "CBC.0154"},
		{"/v2/bases/conversions?measure_type=", TokenCustomer, 400, "CBC.0100"},
		{"/v2/bases/conversions?measure_type=0", TokenCustomer, 400, "CBC.0100"},
		{"/v2/bases/conversions?measure_type=x", TokenCustomer, 400, "CBC.0100"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			status, body := call(t, srv, "GET", tt.path, tt.token, "")
			if status != tt.status || !strings.Contains(body, fmt.Sprintf(`"error_code":%q`, tt.code)) {
				t.Errorf("got %d %s, want %d %s", status, body, tt.status, tt.code)
			}
		})
	}
	// The documented 500 CBC.0999 of 4.1.5 (which has no 400), by fault.
	_, faulty := newTestServer(t, Options{QuotaScale: -1, Faults: Faults{ErrorRate: 1, Operations: []string{"ListMeasureUnits"}}})
	if status, body := call(t, faulty, "GET", "/v2/bases/measurements", TokenCustomer, ""); status != http.StatusInternalServerError || !strings.Contains(body, "CBC.0999") {
		t.Errorf("injected error: %d %s, want 500 CBC.0999", status, body)
	}
}
