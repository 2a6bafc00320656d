package graph

import (
	"context"
	"net/url"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"bssgraph/graph/model"
	"bssgraph/loaders"
	"bssgraph/upstream"
)

// Resource packages (§6.4): 6.4.1 lists them, 6.4.2 (the PackageUsage
// loader) tells the usage of their items, 6.4.3 their deduction records.

// Page limits of the package APIs.
const (
	packageListLimit   = 1000   // 6.4.1 limit (1, 1000)
	packageRecordLimit = 1000   // 6.4.3 limit [1-1000]
	packageMaxOffset   = 999999 // 6.4.1 offset (0, 999999)
	// packageRecordSpan is the longest deduction window of 6.4.3.
	packageRecordSpan = 90 * 24 * time.Hour
)

// packageCosts is the upstream cost model of this domain's fields (limits.go).
func packageCosts() map[string]fieldCost {
	return map[string]fieldCost{
		"Customer.resourcePackages": pagedList(packageListLimit),
		// Items of all packages share 6.4.2 calls of 100 ids; a bundle holds
		// two items, so count two per package to stay an upper bound.
		"ResourcePackage.usage":        {calls: func(_ map[string]any, parents int) int { return ceilDiv(2*parents, 100) }},
		"FreeResource.usage":           batched(100),
		"ResourcePackage.usageRecords": pagedList(packageRecordLimit),
	}
}

// resourcePackageListRequest validates a filter of 6.4.1.
func resourcePackageListRequest(f *model.ResourcePackageFilter) (*upstream.PackageListRequest, error) {
	req := &upstream.PackageListRequest{}
	if f == nil {
		return req, nil
	}
	req.RegionCode = ptrOr(f.RegionCode, "")
	req.OrderID = ptrOr(f.OrderID, "")
	req.ProductID = ptrOr(f.ProductID, "")
	req.ProductName = ptrOr(f.ProductName, "")
	req.EnterpriseProjectID = ptrOr(f.EnterpriseProjectID, "")
	if f.Status != nil {
		code, err := filterCode(packageStatuses, "filter.status", f.Status, "a status 6.4.1 can filter by")
		if err != nil {
			return nil, err
		}
		req.Status = &code
	}
	if len(f.ServiceTypeCodes) > 10 {
		return nil, badInput("filter.serviceTypeCodes: at most 10 codes, got %d", len(f.ServiceTypeCodes))
	}
	req.ServiceTypeCodeList = f.ServiceTypeCodes
	return req, nil
}

// resourcePackages lists the caller's packages (6.4.1), pages of up to 1000
// fetched concurrently.
func (r *Resolver) resourcePackages(ctx context.Context, c *model.Customer, filter *model.ResourcePackageFilter, first *int32, after *string, last *int32, before *string) (*model.ResourcePackageConnection, error) {
	if err := r.ownAccountOnly(ctx, c, "resourcePackages", "6.4.1"); err != nil {
		return nil, err
	}
	w, err := pageWindow(ctx, pageArgs{first, after, last, before})
	if err != nil {
		return nil, err
	}
	if w.Offset > packageMaxOffset {
		return nil, badInput("after: 6.4.1 cannot page beyond record %d", packageMaxOffset)
	}
	base, err := resourcePackageListRequest(filter)
	if err != nil {
		return nil, err
	}
	items, total, err := fetchWindow(ctx, w, packageListLimit, func(ctx context.Context, offset, limit int) ([]upstream.FreeResourcePackage, int, error) {
		req := *base
		req.Offset, req.Limit = offset, limit
		p, err := r.bss.Packages.List(ctx, &req)
		if err != nil {
			return nil, 0, err
		}
		return p.Packages, p.TotalCount, nil
	})
	if err != nil {
		return nil, err
	}
	nodes := mapSlice(items, resourcePackageFromUpstream)
	prefetchPackageUsage(ctx, nodes)
	return connection(nodes, w, total), nil
}

// prefetchPackageUsage hands the PackageUsage loader every item of a page
// of packages as explicit batches when the query asks for their usage, so
// the loader fills calls of 100 ids instead of whatever the resolvers of the page
// enqueue within its batch window (150 packages: 2 calls, not 4 or 5). The
// resolvers then find the usage in the loader's cache.
func prefetchPackageUsage(ctx context.Context, pkgs []*model.ResourcePackage) {
	if len(pkgs) == 0 || !(selectionReaches(ctx, "nodes", "usage") || selectionReaches(ctx, "nodes", "freeResources", "usage") ||
		selectionReaches(ctx, "edges", "node", "usage") || selectionReaches(ctx, "edges", "node", "freeResources", "usage")) {
		return
	}
	var ids []string
	for _, p := range pkgs {
		for _, fr := range p.FreeResources {
			ids = append(ids, fr.FreeResourceID)
		}
	}
	loaders.PrefetchPackageUsage(ctx, ids)
}

// selectionReaches reports whether the selection of the field being resolved
// reaches the field path (by names, through fragments).
func selectionReaches(ctx context.Context, path ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || !graphql.HasOperationContext(ctx) {
		return false
	}
	return selectsIn(graphql.GetOperationContext(ctx), fc.Field.Selections, path)
}

func selectsIn(oc *graphql.OperationContext, set ast.SelectionSet, path []string) bool {
	for _, f := range graphql.CollectFields(oc, set, nil) {
		if f.Name == path[0] && (len(path) == 1 || selectsIn(oc, f.Selections, path[1:])) {
			return true
		}
	}
	return false
}

// Codes of Table 6-41 and 6-44.
var (
	packageStatuses = map[int]model.ResourcePackageStatus{
		0: model.ResourcePackageStatusNotEffective, 1: model.ResourcePackageStatusInEffect,
		2: model.ResourcePackageStatusUsedUp, 3: model.ResourcePackageStatusExpired,
		4: model.ResourcePackageStatusUnsubscribed,
	}
	packageScopes = map[int]model.EnterpriseProjectScope{
		0: model.EnterpriseProjectScopeAllProjects, 1: model.EnterpriseProjectScopeSpecificProjects,
	}
	packageSources = map[int]model.ResourcePackageSource{
		0: model.ResourcePackageSourceOrder, 1: model.ResourcePackageSourceDevcloudGift,
	}
	packageBundles = map[string]model.ResourcePackageBundleType{
		"ATOMIC_PKG": model.ResourcePackageBundleTypeAtomicPkg, "BUNDLE_PKG": model.ResourcePackageBundleTypeBundlePkg,
	}
	packageReuseModes = map[int]model.QuotaReuseMode{
		1: model.QuotaReuseModeResettable, 2: model.QuotaReuseModeNotResettable,
	}
	packageReuseCycles = map[int]model.QuotaReuseCycle{
		1: model.QuotaReuseCycleHour, 2: model.QuotaReuseCycleDay, 3: model.QuotaReuseCycleWeek,
		4: model.QuotaReuseCycleMonth, 5: model.QuotaReuseCycleYear,
	}
	packageReuseCycleTypes = map[int]model.QuotaReuseCycleType{
		1: model.QuotaReuseCycleTypeCalendarPeriod, 2: model.QuotaReuseCycleTypeOrderPeriod,
	}
)

// resourcePackageKey is what refetching a package needs, since 6.4.1 has no
// look-up by id: the subscribed package's id, the package product to filter
// by, and its enterprise project (without one 6.4.1 lists only packages
// outside enterprise projects).
type resourcePackageKey struct {
	InstanceID, ProductID, EnterpriseProjectID string
}

func (k resourcePackageKey) String() string {
	v := url.Values{"i": {k.InstanceID}, "p": {k.ProductID}}
	if k.EnterpriseProjectID != "" {
		v.Set("e", k.EnterpriseProjectID)
	}
	return v.Encode()
}

func parseResourcePackageKey(s string) (resourcePackageKey, bool) {
	v, err := url.ParseQuery(s)
	if err != nil || v.Get("i") == "" {
		return resourcePackageKey{}, false
	}
	return resourcePackageKey{InstanceID: v.Get("i"), ProductID: v.Get("p"), EnterpriseProjectID: v.Get("e")}, true
}

func resourcePackageFromUpstream(p upstream.FreeResourcePackage) *model.ResourcePackage {
	key := resourcePackageKey{InstanceID: p.OrderInstanceID, ProductID: p.ProductID, EnterpriseProjectID: ptrOr(p.EnterpriseProjectID, "")}
	out := &model.ResourcePackage{
		ID:                         globalID("ResourcePackage", key.String()),
		OrderInstanceID:            p.OrderInstanceID,
		OrderID:                    strPtr(p.OrderID),
		ProductID:                  p.ProductID,
		ProductName:                strPtr(p.ProductName),
		EnterpriseProjectID:        strPtr(ptrOr(p.EnterpriseProjectID, "")),
		EnterpriseProjectScope:     enumOf(packageScopes, p.EnterpriseProjectScope, model.EnterpriseProjectScopeUnknown),
		EnterpriseProjectScopeCode: int32(p.EnterpriseProjectScope),
		EffectiveAt:                parseTime(p.EffectiveTime),
		ExpiresAt:                  parseTime(p.ExpireTime),
		Status:                     enumOf(packageStatuses, p.Status, model.ResourcePackageStatusUnknown),
		StatusCode:                 int32(p.Status),
		ServiceTypeCode:            strPtr(p.ServiceTypeCode),
		ServiceTypeName:            strPtr(p.ServiceTypeName),
		RegionCode:                 strPtr(p.RegionCode),
		Source:                     enumOf(packageSources, p.SourceType, model.ResourcePackageSourceUnknown),
		SourceCode:                 int32(p.SourceType),
		BundleType:                 enumOf(packageBundles, p.BundleType, model.ResourcePackageBundleTypeUnknown),
		BundleTypeCode:             p.BundleType,
		QuotaReuseMode:             enumOf(packageReuseModes, p.QuotaReuseMode, model.QuotaReuseModeUnknown),
		QuotaReuseModeCode:         int32(p.QuotaReuseMode),
		FreeResources:              make([]*model.FreeResource, len(p.FreeResources)),
	}
	for i, fr := range p.FreeResources {
		out.FreeResources[i] = &model.FreeResource{
			FreeResourceID:  fr.FreeResourceID,
			UsageTypeName:   strPtr(fr.UsageTypeName),
			RemainingAmount: fr.Amount.Decimal,
			OriginalAmount:  fr.OriginalAmount.Decimal,
			MeasureID:       int32(fr.MeasureID),
		}
	}
	return out
}

func freeResourceUsageFromUpstream(u upstream.FreeResourceUsage) *model.FreeResourceUsage {
	out := &model.FreeResourceUsage{
		FreeResourceID:       u.FreeResourceID,
		FreeResourceTypeName: strPtr(u.FreeResourceTypeName),
		UsageTypeName:        strPtr(u.UsageTypeName),
		StartsAt:             parseTime(u.StartTime),
		EndsAt:               parseTime(u.EndTime),
		RemainingAmount:      u.Amount.Decimal,
		OriginalAmount:       u.OriginalAmount.Decimal,
		UsedAmount:           u.OriginalAmount.Sub(u.Amount.Decimal),
		MeasureID:            int32(u.MeasureID),
	}
	// The cycle fields are meaningful only for a resettable package; 0 is
	// BSS leaving them out.
	if u.QuotaReuseCycle != 0 {
		out.QuotaReuseCycle = ptr(enumOf(packageReuseCycles, u.QuotaReuseCycle, model.QuotaReuseCycleUnknown))
		out.QuotaReuseCycleCode = ptr(int32(u.QuotaReuseCycle))
	}
	if u.QuotaReuseCycleType != 0 {
		out.QuotaReuseCycleType = ptr(enumOf(packageReuseCycleTypes, u.QuotaReuseCycleType, model.QuotaReuseCycleTypeUnknown))
		out.QuotaReuseCycleTypeCode = ptr(int32(u.QuotaReuseCycleType))
	}
	return out
}

func freeResourceRecordFromUpstream(rec upstream.FreeResourceRecord) *model.FreeResourceRecord {
	return &model.FreeResourceRecord{
		DeductedAt:       parseTime(rec.DeductTime),
		FreeResourceID:   rec.FreeResourceID,
		ResourceID:       strPtr(rec.ResourceID),
		ResourceTypeCode: strPtr(rec.ResourceTypeCode),
		ResourceTypeName: strPtr(rec.ResourceTypeName),
		ResourceTag:      strPtr(rec.ResourceTag),
		ProductID:        strPtr(rec.ProductID),
		ProductName:      strPtr(rec.ProductName),
		UsageTypeCode:    strPtr(rec.UsageTypeCode),
		AvailableAmount:  rec.AvailableAmount.Decimal,
		RemainingAmount:  rec.RemainingAmount.Decimal,
		UsedAmount:       rec.UsedAmount.Decimal,
		MeasureID:        int32(rec.MeasureID),
		EffectiveAt:      parseTime(rec.EffectiveTime),
		ExpiresAt:        parseTime(rec.ExpireTime),
	}
}

// packageUsage returns the usage of every item of p through the
// PackageUsage loader, in item order; items without usage are left out.
func packageUsage(ctx context.Context, p *model.ResourcePackage) ([]*model.FreeResourceUsage, error) {
	ids := make([]string, len(p.FreeResources))
	for i, fr := range p.FreeResources {
		ids[i] = fr.FreeResourceID
	}
	got, errs := loaders.PackageUsages(ctx, ids)
	if err := firstLoadError(errs); err != nil {
		return nil, err
	}
	out := []*model.FreeResourceUsage{}
	for _, us := range got {
		for _, u := range us {
			out = append(out, freeResourceUsageFromUpstream(u))
		}
	}
	return out, nil
}

// freeResourceUsage returns the usage of one item, or nil when BSS returned
// none.
func freeResourceUsage(ctx context.Context, fr *model.FreeResource) (*model.FreeResourceUsage, error) {
	us, err := loaders.PackageUsage(ctx, fr.FreeResourceID)
	if err != nil || len(us) == 0 {
		return nil, err
	}
	return freeResourceUsageFromUpstream(us[0]), nil
}

// firstLoadError returns the first non-nil error of errs: a failed call is the
// same error for every key it carried, so one is enough.
func firstLoadError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// packageRecordOptions validates the arguments of ResourcePackage.usageRecords.
func packageRecordOptions(p *model.ResourcePackage, from, to model.Date, freeResourceID, resourceTypeCode *string) (*upstream.FreeResourceUsageRecordOptions, error) {
	f, t := from.Time(bssZone), to.Time(bssZone)
	if t.Before(f) {
		return nil, badInput("usageRecords: to (%s) is before from (%s)", to, from)
	}
	if t.Sub(f) > packageRecordSpan {
		return nil, badInput("usageRecords: the window from %s to %s is longer than the 90 days 6.4.3 allows", from, to)
	}
	opts := &upstream.FreeResourceUsageRecordOptions{
		ProductID:        p.ProductID,
		ResourceTypeCode: ptrOr(resourceTypeCode, ""),
		DeductTimeBegin:  string(from),
		DeductTimeEnd:    string(to),
	}
	switch {
	case freeResourceID != nil:
		if !slices.ContainsFunc(p.FreeResources, func(fr *model.FreeResource) bool { return fr.FreeResourceID == *freeResourceID }) {
			return nil, badInput("usageRecords: freeResourceId %q is not an item of this package", *freeResourceID)
		}
		opts.FreeResourceID = *freeResourceID
	case len(p.FreeResources) == 1:
		// The item narrows product_id to this subscription of the package.
		opts.FreeResourceID = p.FreeResources[0].FreeResourceID
	}
	return opts, nil
}

// packageUsageRecords pages 6.4.3 for one package.
func (r *Resolver) packageUsageRecords(ctx context.Context, p *model.ResourcePackage, from, to model.Date, freeResourceID, resourceTypeCode *string, first *int32, after *string, last *int32, before *string) (*model.FreeResourceRecordConnection, error) {
	w, err := pageWindow(ctx, pageArgs{first, after, last, before})
	if err != nil {
		return nil, err
	}
	base, err := packageRecordOptions(p, from, to, freeResourceID, resourceTypeCode)
	if err != nil {
		return nil, err
	}
	items, total, err := fetchWindow(ctx, w, packageRecordLimit, func(ctx context.Context, offset, limit int) ([]upstream.FreeResourceRecord, int, error) {
		opts := *base
		opts.Offset, opts.Limit = offset, limit
		page, err := r.bss.Packages.UsageRecords(ctx, &opts)
		if err != nil {
			return nil, 0, err
		}
		return page.Records, page.TotalCount, nil
	})
	if err != nil {
		return nil, err
	}
	return connection(mapSlice(items, freeResourceRecordFromUpstream), w, total), nil
}

// resourcePackageNode refetches a package from the key its global id
// carries: 6.4.1 filtered by the package's product and enterprise project,
// scanned for its order_instance_id (one call unless the product has more
// than 1000 subscriptions).
func (r *Resolver) resourcePackageNode(ctx context.Context, key string) (model.Node, error) {
	k, ok := parseResourcePackageKey(key)
	if !ok {
		return nil, badInput("%s is not a resource package key", quoteInput(key))
	}
	req := upstream.PackageListRequest{ProductID: k.ProductID, EnterpriseProjectID: k.EnterpriseProjectID, OffsetListOptions: upstream.OffsetListOptions{Limit: packageListLimit}}
	for {
		page, err := r.bss.Packages.List(ctx, &req)
		if err != nil {
			return nil, err
		}
		for _, p := range page.Packages {
			if p.OrderInstanceID == k.InstanceID {
				return resourcePackageFromUpstream(p), nil
			}
		}
		req.Offset += len(page.Packages)
		if len(page.Packages) == 0 || req.Offset >= page.TotalCount {
			return nil, nil
		}
	}
}

// bssZone is the time zone of BSS bill cycles and dates.
var bssZone = time.FixedZone("GMT+08:00", 8*3600)
