package sandbox

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// allPackages lists every package of the caller (outside enterprise
// projects, or of one project).
func allPackages(t *testing.T, c *upstream.Client, ctx context.Context, ep string) []upstream.FreeResourcePackage {
	t.Helper()
	p, err := c.Packages.List(ctx, &upstream.PackageListRequest{OffsetListOptions: upstream.OffsetListOptions{Limit: 1000}, EnterpriseProjectID: ep})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Packages) != p.TotalCount {
		t.Fatalf("%d packages of %d", len(p.Packages), p.TotalCount)
	}
	return p.Packages
}

// allDeductions pages through 6.4.3 in 90-day windows from the ledger's
// first day to the clock.
func allDeductions(t *testing.T, c *upstream.Client, ctx context.Context, opts upstream.FreeResourceUsageRecordOptions) []upstream.FreeResourceRecord {
	t.Helper()
	var out []upstream.FreeResourceRecord
	from := time.Date(2023, 11, 1, 0, 0, 0, 0, gmt8)
	end := time.Date(2026, 11, 1, 0, 0, 0, 0, gmt8)
	for ; from.Before(end); from = from.AddDate(0, 0, 91) {
		to := from.AddDate(0, 0, 90)
		opts.DeductTimeBegin, opts.DeductTimeEnd, opts.Limit = from.Format(dateLayout), to.Format(dateLayout), 1000
		for opts.Offset = 0; ; opts.Offset += 1000 {
			p, err := c.Packages.UsageRecords(ctx, &opts)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, p.Records...)
			if opts.Offset+1000 >= p.TotalCount {
				break
			}
		}
	}
	return out
}

// ldgProjectID is the first named enterprise project of an account.
func ldgProjectID(sb *Server, domain string) string {
	sb.mu.RLock()
	defer sb.mu.RUnlock()
	return sb.world.accounts[domain].enterprise.projects[1].id
}

func TestPackages_ClientRoundTrip(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	c := ldgClient(t, srv)
	ctx := as(t.Context(), TokenCustomer)
	pkgs := allPackages(t, c, ctx, "")
	statuses := map[int]int{}
	services := map[string]bool{}
	var ids []string
	for _, p := range pkgs {
		statuses[p.Status]++
		services[p.ServiceTypeCode] = true
		if p.ProductName == "" || p.ServiceTypeName == "" || p.RegionCode == "" || p.EffectiveTime == "" || p.ExpireTime <= p.EffectiveTime ||
			(p.QuotaReuseMode != 1 && p.QuotaReuseMode != 2) || len(p.FreeResources) == 0 || (p.SourceType == 0) == (p.OrderID == "") {
			t.Errorf("package %+v", p)
		}
		for _, it := range p.FreeResources {
			ids = append(ids, it.FreeResourceID)
			if it.Amount.GreaterThan(it.OriginalAmount.Decimal) || it.Amount.IsNegative() || it.MeasureID == 0 || it.UsageTypeName == "" {
				t.Errorf("item %+v", it)
			}
		}
	}
	for s := 0; s <= 4; s++ {
		if statuses[s] == 0 {
			t.Errorf("no package in status %d: %v", s, statuses)
		}
	}
	if len(services) < 3 {
		t.Errorf("packages of services %v, want at least 3", services)
	}
	// Filters.
	one := 1
	in, err := c.Packages.List(ctx, &upstream.PackageListRequest{Status: &one, ServiceTypeCodeList: []string{"HWS.SERVICE.TYPE.CDN"}, OffsetListOptions: upstream.OffsetListOptions{Limit: 100}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range in.Packages {
		if p.Status != 1 || p.ServiceTypeCode != "hws.service.type.cdn" {
			t.Errorf("filtered package %+v", p)
		}
	}
	if in.TotalCount == 0 {
		t.Error("no CDN package in effect")
	}
	paged, err := c.Packages.List(ctx, &upstream.PackageListRequest{OffsetListOptions: upstream.OffsetListOptions{Offset: 2, Limit: 2}})
	if err != nil || len(paged.Packages) != 2 || paged.Packages[0].OrderInstanceID != pkgs[2].OrderInstanceID {
		t.Errorf("page 2: %+v %v", paged, err)
	}
	// 6.4.2 answers the same amounts as 6.4.1.
	usage, err := c.Packages.Usage(ctx, &upstream.FreeResourceUsageRequest{FreeResourceIDs: append(ids, "not-an-item")})
	if err != nil {
		t.Fatal(err)
	}
	if len(usage.FreeResources) != len(ids) {
		t.Fatalf("6.4.2 answered %d of %d items", len(usage.FreeResources), len(ids))
	}
	byID := map[string]upstream.FreeResourceUsage{}
	for _, u := range usage.FreeResources {
		byID[u.FreeResourceID] = u
	}
	for _, p := range pkgs {
		for _, it := range p.FreeResources {
			u := byID[it.FreeResourceID]
			if !u.Amount.Equal(it.Amount.Decimal) || !u.OriginalAmount.Equal(it.OriginalAmount.Decimal) || u.MeasureID != it.MeasureID {
				t.Errorf("item %s: 6.4.1 %s/%s, 6.4.2 %s/%s", it.FreeResourceID, it.Amount, it.OriginalAmount, u.Amount, u.OriginalAmount)
			}
			if (p.QuotaReuseMode == 1) != (u.QuotaReuseCycle == 4 && u.QuotaReuseCycleType == 1) || u.StartTime == "" || u.EndTime <= u.StartTime {
				t.Errorf("item %s of a package in mode %d: %+v", it.FreeResourceID, p.QuotaReuseMode, u)
			}
		}
	}
	// Records of one item, in one window.
	recs, err := c.Packages.UsageRecords(ctx, &upstream.FreeResourceUsageRecordOptions{DeductTimeBegin: "2026-08-01", DeductTimeEnd: "2026-10-29", OffsetListOptions: upstream.OffsetListOptions{Limit: 5}})
	if err != nil {
		t.Fatal(err)
	}
	if recs.TotalCount <= 5 || len(recs.Records) != 5 {
		t.Fatalf("usage records: %d of %d", len(recs.Records), recs.TotalCount)
	}
	for _, r := range recs.Records {
		if r.DeductTime < "2026-07-31T16:00:00Z" || r.DeductTime >= "2026-10-29T16:00:00Z" || r.ResourceID == "" || r.ProductID == "" || r.UsageTypeCode == "" {
			t.Errorf("record %+v", r)
		}
	}
}

// TestPackages_UsageArithmetic: for every item, the deduction records chain
// (available - used = remaining, each starting where the previous one of the
// same reset period left off), and the quota minus what was deducted in the
// current period is the remaining amount of 6.4.1 and 6.4.2. The bills show
// the same deductions as free_resource_usage.
func TestPackages_UsageArithmetic(t *testing.T) {
	t.Parallel()
	sb, srv := ldgServer(t, Sizes{Orders: 60, Resources: 150, Months: 36, Members: 5})
	c := ldgClient(t, srv)
	for _, token := range []string{TokenCustomer, TokenEnterprise, "sandbox-member-2"} {
		ctx := as(t.Context(), token)
		pkgs := allPackages(t, c, ctx, "")
		if token == TokenEnterprise {
			pkgs = append(pkgs, allPackages(t, c, ctx, ldgProjectID(sb, DomainEnterprise))...)
		}
		recs := allDeductions(t, c, ctx, upstream.FreeResourceUsageRecordOptions{})
		if len(recs) == 0 {
			t.Fatalf("%s: no deductions", token)
		}
		type state struct {
			left   decimal.Decimal
			period string
		}
		last := map[string]*state{}
		used := map[string]decimal.Decimal{} // item → deducted in its current (or only) period
		items := map[string]upstream.FreeResource{}
		mode := map[string]int{}
		for _, p := range pkgs {
			for _, it := range p.FreeResources {
				items[it.FreeResourceID], mode[it.FreeResourceID] = it, p.QuotaReuseMode
			}
		}
		for _, r := range recs {
			if !r.AvailableAmount.Sub(r.UsedAmount.Decimal).Equal(r.RemainingAmount.Decimal) || !r.UsedAmount.IsPositive() || r.RemainingAmount.IsNegative() {
				t.Fatalf("record %+v: available - used != remaining", r)
			}
			it, known := items[r.FreeResourceID]
			period := "all"
			if mode[r.FreeResourceID] == 1 {
				dt, _ := time.Parse(utcLayout, r.DeductTime)
				period = dt.In(gmt8).Format(monthLayout)
			}
			st := last[r.FreeResourceID]
			switch {
			case st == nil || st.period != period:
				if known && !r.AvailableAmount.Equal(it.OriginalAmount.Decimal) {
					t.Fatalf("first record of item %s in %s starts at %s, quota %s", r.FreeResourceID, period, r.AvailableAmount, it.OriginalAmount)
				}
				last[r.FreeResourceID] = &state{r.RemainingAmount.Decimal, period}
				used[r.FreeResourceID] = r.UsedAmount.Decimal
			default:
				if !r.AvailableAmount.Equal(st.left) {
					t.Fatalf("item %s: record starts at %s, the previous one left %s", r.FreeResourceID, r.AvailableAmount, st.left)
				}
				st.left = r.RemainingAmount.Decimal
				used[r.FreeResourceID] = used[r.FreeResourceID].Add(r.UsedAmount.Decimal)
			}
		}
		for id, it := range items {
			want := it.OriginalAmount.Decimal
			if mode[id] == 2 {
				want = want.Sub(used[id])
			} // resettable: nothing is deducted yet in the current month
			if !it.Amount.Equal(want) {
				t.Errorf("%s item %s (mode %d): remaining %s, quota %s minus deductions %s", token, id, mode[id], it.Amount, it.OriginalAmount, used[id])
			}
		}
		// The fee records of a month carry the month's deductions.
		for _, cycle := range []string{"2026-08", lastCycle} {
			fees := allFeeRecords(t, c, ctx, upstream.FeeRecordOptions{Cycle: cycle, ChargeMode: 3, Method: "oneself"})
			free := sumOf(fees, func(f upstream.FeeRecord) decimal.Decimal {
				if f.FreeResourceUsage == nil {
					return decimal.Zero
				}
				return f.FreeResourceUsage.Decimal
			})
			deducted := decimal.Zero
			for _, r := range recs {
				dt, _ := time.Parse(utcLayout, r.DeductTime)
				if dt.In(gmt8).Format(monthLayout) == cycle {
					deducted = deducted.Add(r.UsedAmount.Decimal)
				}
			}
			if !free.Equal(deducted) {
				t.Errorf("%s %s: bills show %s of package usage, the packages deducted %s", token, cycle, free, deducted)
			}
		}
	}
}

func TestPackages_BadInput(t *testing.T) {
	t.Parallel()
	_, srv := ldgServer(t, Sizes{})
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = `"id"`
	}
	const recs = "/v2/bills/customer-bills/free-resources-usage-records"
	tests := []struct {
		name, method, path, body string
	}{
		{"6.4.1 limit 0", "POST", "/v3/payments/free-resources/query", `{"limit":0}`},
		{"6.4.1 limit 1001", "POST", "/v3/payments/free-resources/query", `{"limit":1001}`},
		{"6.4.1 offset 1000000", "POST", "/v3/payments/free-resources/query", `{"offset":1000000}`},
		{"6.4.1 status 5", "POST", "/v3/payments/free-resources/query", `{"status":5}`},
		{"6.4.1 11 service types", "POST", "/v3/payments/free-resources/query", `{"service_type_code_list":["a","b","c","d","e","f","g","h","i","j","k"]}`},
		{"6.4.1 bad JSON", "POST", "/v3/payments/free-resources/query", `{"limit":`},
		{"6.4.2 no body", "POST", "/v2/payments/free-resources/usages/details/query", ``},
		{"6.4.2 no ids", "POST", "/v2/payments/free-resources/usages/details/query", `{"free_resource_ids":[]}`},
		{"6.4.2 101 ids", "POST", "/v2/payments/free-resources/usages/details/query", `{"free_resource_ids":[` + strings.Join(ids, ",") + `]}`},
		{"6.4.2 id too long", "POST", "/v2/payments/free-resources/usages/details/query", `{"free_resource_ids":["` + strings.Repeat("x", 65) + `"]}`},
		{"6.4.3 no dates", "GET", recs, ""},
		{"6.4.3 no end", "GET", recs + "?deduct_time_begin=2026-01-01", ""},
		{"6.4.3 bad date", "GET", recs + "?deduct_time_begin=2026-01-01&deduct_time_end=2026/02/01", ""},
		{"6.4.3 UTC time", "GET", recs + "?deduct_time_begin=2026-01-01T00:00:00Z&deduct_time_end=2026-02-01", ""},
		{"6.4.3 91 days", "GET", recs + "?deduct_time_begin=2026-01-01&deduct_time_end=2026-04-02", ""},
		{"6.4.3 reversed", "GET", recs + "?deduct_time_begin=2026-02-01&deduct_time_end=2026-01-01", ""},
		{"6.4.3 limit 1001", "GET", recs + "?deduct_time_begin=2026-01-01&deduct_time_end=2026-02-01&limit=1001", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := call(t, srv, tt.method, tt.path, TokenCustomer, tt.body)
			if status != 400 || !strings.Contains(body, `"error_code":"CBC.0100"`) {
				t.Errorf("got %d %s, want 400 CBC.0100", status, body)
			}
		})
	}
	// The edge of the window is accepted.
	if status, body := call(t, srv, "GET", recs+"?deduct_time_begin=2026-01-01&deduct_time_end=2026-04-01", TokenCustomer, ""); status != 200 {
		t.Errorf("90 days: %d %s", status, body)
	}
}

func TestPackages_Isolation(t *testing.T) {
	t.Parallel()
	sb, srv := ldgServer(t, Sizes{})
	projectID := ldgProjectID(sb, DomainEnterprise)
	c := ldgClient(t, srv)
	owned := map[string]map[string]bool{}
	for _, token := range []string{TokenCustomer, TokenEnterprise, TokenPartner} {
		owned[token] = map[string]bool{}
		for _, p := range allPackages(t, c, as(t.Context(), token), "") {
			for _, it := range p.FreeResources {
				owned[token][it.FreeResourceID] = true
			}
		}
		if len(owned[token]) == 0 {
			t.Fatalf("%s has no packages", token)
		}
	}
	for token, mine := range owned {
		ctx := as(t.Context(), token)
		for other, theirs := range owned {
			if other == token {
				continue
			}
			var ids []string
			for id := range theirs {
				ids = append(ids, id)
			}
			u, err := c.Packages.Usage(ctx, &upstream.FreeResourceUsageRequest{FreeResourceIDs: ids})
			if err != nil || len(u.FreeResources) != 0 {
				t.Errorf("%s asked for %s's items: %+v %v", token, other, u, err)
			}
			r, err := c.Packages.UsageRecords(ctx, &upstream.FreeResourceUsageRecordOptions{FreeResourceID: ids[0], DeductTimeBegin: "2026-08-01", DeductTimeEnd: "2026-10-30"})
			if err != nil || r.TotalCount != 0 {
				t.Errorf("%s asked for the records of %s's item: %+v %v", token, other, r, err)
			}
		}
		for _, r := range allDeductions(t, c, ctx, upstream.FreeResourceUsageRecordOptions{}) {
			if !mine[r.FreeResourceID] {
				// Items of packages in an enterprise project are not
				// listed without the project's id; they are still the
				// caller's.
				if token != TokenEnterprise {
					t.Fatalf("%s sees a deduction of item %s", token, r.FreeResourceID)
				}
			}
		}
	}
	// The enterprise's project packages appear only with the project id,
	// and only to the enterprise.
	ent := as(t.Context(), TokenEnterprise)
	for _, p := range allPackages(t, c, ent, "") {
		if p.EnterpriseProjectID != nil {
			t.Errorf("package %s of project %s listed without a project filter", p.OrderInstanceID, *p.EnterpriseProjectID)
		}
	}
	inProject := allPackages(t, c, ent, projectID)
	if len(inProject) == 0 {
		t.Fatalf("no package in project %s", projectID)
	}
	for _, p := range inProject {
		if p.EnterpriseProjectID == nil || *p.EnterpriseProjectID != projectID || p.EnterpriseProjectScope != 1 {
			t.Errorf("project package %+v", p)
		}
	}
	if got := allPackages(t, c, as(t.Context(), TokenCustomer), projectID); len(got) != 0 {
		t.Errorf("the customer sees %d packages of the enterprise's project", len(got))
	}
}
