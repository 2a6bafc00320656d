package upstream

import (
	"context"
	"fmt"
	"net/url"
)

// PackagesService talks to the resource package APIs (§6.4).
type PackagesService service

// PackageListRequest filters the caller's resource packages (6.4.1). An
// empty string filter is omitted, which BSS treats like "" or null: no filter.
// Packages that expired more than 18 months ago cannot be queried.
type PackageListRequest struct {
	RegionCode string `json:"region_code,omitempty"`
	OrderID    string `json:"order_id,omitempty"`
	// ProductID is the resource package ID.
	ProductID   string `json:"product_id,omitempty"`
	ProductName string `json:"product_name,omitempty"`
	// EnterpriseProjectID selects the packages of one enterprise project.
	// Unlike the other filters, leaving it out is not "no filter": BSS then
	// returns the packages outside any enterprise project (6.4.1).
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
	// Status filters by FreeResourcePackage.Status; a pointer because 0
	// (not effective) is a valid filter.
	Status            *int `json:"status,omitempty"`
	OffsetListOptions      // limit 1–1000
	// ServiceTypeCodeList holds at most 10 service type codes, matched
	// case-insensitively.
	ServiceTypeCodeList []string `json:"service_type_code_list,omitempty"`
}

// PackagePage is one page of resource packages.
type PackagePage struct {
	TotalCount int                   `json:"total_count"`
	Packages   []FreeResourcePackage `json:"free_resource_packages"`
}

// FreeResourcePackage is a subscribed resource package (Table 6-41). Times
// are UTC strings such as "2021-04-30T03:30:56Z".
type FreeResourcePackage struct {
	// OrderInstanceID identifies the subscribed package, e.g.
	// "01154-228300268-0".
	OrderInstanceID string `json:"order_instance_id"`
	// OrderID is empty for packages gifted by DevCloud (SourceType 1).
	OrderID string `json:"order_id"`
	// ProductID is the resource package ID, also the product_id of its
	// usage records (6.4.3).
	ProductID   string `json:"product_id"`
	ProductName string `json:"product_name"`
	// EnterpriseProjectID is a pointer because the reference's example
	// sends null.
	EnterpriseProjectID *string `json:"enterprise_project_id"`
	// EnterpriseProjectScope is 0 (all enterprise projects) or 1 (specific
	// ones).
	EnterpriseProjectScope int `json:"enterprise_project_scope"`
	// EffectiveTime is when the package was purchased.
	EffectiveTime string `json:"effective_time"`
	ExpireTime    string `json:"expire_time"`
	// Status is 0 (not effective), 1 (in effect), 2 (used up), 3 (expired)
	// or 4 (unsubscribed).
	Status          int    `json:"status"`
	ServiceTypeCode string `json:"service_type_code"`
	// ServiceTypeName is documented but absent from the reference's example.
	ServiceTypeName string `json:"service_type_name,omitempty"`
	RegionCode      string `json:"region_code"`
	// SourceType is 0 (order) or 1 (gifted by DevCloud).
	SourceType int `json:"source_type"`
	// BundleType is "ATOMIC_PKG" (atomic package) or "BUNDLE_PKG"
	// (combined package).
	BundleType string `json:"bundle_type"`
	// QuotaReuseMode is 1 (resettable every period; the period is in
	// FreeResourceUsage) or 2 (not resettable).
	QuotaReuseMode int            `json:"quota_reuse_mode"`
	FreeResources  []FreeResource `json:"free_resources"`
}

// FreeResource is one resource item of a package, with one usage type (Table
// 6-42).
type FreeResource struct {
	// FreeResourceID is the key of Packages.Usage and Packages.UsageRecords.
	// It is not the ID of a yearly/monthly Resource.
	FreeResourceID string `json:"free_resource_id"`
	UsageTypeName  string `json:"usage_type_name"`
	// Amount is the remaining quota (in the current period of a resettable
	// package) and OriginalAmount the quota (per period), in the unit given
	// by MeasureID. Table 6-42 types both String, as the SDK does, so they
	// are encoded as strings; the reference's example sends numbers, which
	// decode too.
	Amount         StringAmount `json:"amount"`
	OriginalAmount StringAmount `json:"original_amount"`
	MeasureID      int          `json:"measure_id"`
}

// List returns one page of the caller's resource packages. A nil req lists
// the first page of the packages outside any enterprise project.
//
// BSS API: "Querying Resource Packages" (6.4.1), POST /v3/payments/free-resources/query
func (s *PackagesService) List(ctx context.Context, req *PackageListRequest) (*PackagePage, error) {
	if req == nil {
		req = &PackageListRequest{}
	}
	var p PackagePage
	if err := s.client.do(ctx, OpListFreeResourceInfos, OpListFreeResourceInfos.Path, nil, req, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// FreeResourceUsageRequest names the resource items whose usage is wanted
// (6.4.2).
type FreeResourceUsageRequest struct {
	// FreeResourceIDs holds 1 to 100 FreeResource.FreeResourceID values.
	FreeResourceIDs []string `json:"free_resource_ids"`
}

// FreeResourceUsageList is the answer to 6.4.2: one entry per known item, in
// no documented order.
type FreeResourceUsageList struct {
	FreeResources []FreeResourceUsage `json:"free_resources"`
}

// FreeResourceUsage is the current usage of one resource item
// (FreeResourceDetail, Table 6-44).
type FreeResourceUsage struct {
	FreeResourceID       string `json:"free_resource_id"`
	FreeResourceTypeName string `json:"free_resource_type_name"`
	// QuotaReuseCycle and QuotaReuseCycleType are meaningful only for a
	// resettable package (FreeResourcePackage.QuotaReuseMode 1). The cycle
	// is 1 hour, 2 day, 3 week, 4 month or 5 year; the type is 1 (reset on
	// calendar boundaries) or 2 (reset on the purchase day).
	QuotaReuseCycle     int    `json:"quota_reuse_cycle"`
	QuotaReuseCycleType int    `json:"quota_reuse_cycle_type"`
	UsageTypeName       string `json:"usage_type_name"`
	// StartTime and EndTime bound the current reset period of a resettable
	// package, else the validity of the package (UTC).
	StartTime string `json:"start_time"`
	EndTime   string `json:"end_time"`
	// Amount is the remaining quota and OriginalAmount the quota, per reset
	// period for a resettable package, in the unit given by MeasureID.
	// Table 6-44 types them BigDecimal, unlike the strings of FreeResource.
	Amount         Amount `json:"amount"`
	OriginalAmount Amount `json:"original_amount"`
	MeasureID      int    `json:"measure_id"`
}

// Usage returns the current usage of up to 100 resource items, for
// batching by FreeResourceID.
//
// BSS API: "Viewing Resource Package Usage" (6.4.2), POST /v2/payments/free-resources/usages/details/query
func (s *PackagesService) Usage(ctx context.Context, req *FreeResourceUsageRequest) (*FreeResourceUsageList, error) {
	if req == nil {
		return nil, fmt.Errorf("%s: nil request: %w", OpListFreeResourceUsages.Name, ErrInvalid)
	}
	var l FreeResourceUsageList
	if err := s.client.do(ctx, OpListFreeResourceUsages, OpListFreeResourceUsages.Path, nil, req, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// FreeResourceUsageRecordOptions filters the deduction records of resource
// packages (Table 6-45). Empty fields are not sent.
type FreeResourceUsageRecordOptions struct {
	FreeResourceID string
	// ProductID is the resource package ID.
	ProductID        string
	ResourceTypeCode string
	// DeductTimeBegin and DeductTimeEnd are mandatory "YYYY-MM-DD" dates in
	// GMT+08:00, at most 90 days apart; the records' times are UTC.
	DeductTimeBegin   string
	DeductTimeEnd     string
	OffsetListOptions // limit 1–1000
}

func (o *FreeResourceUsageRecordOptions) addTo(v url.Values) {
	querySetStr(v, "free_resource_id", o.FreeResourceID)
	querySetStr(v, "product_id", o.ProductID)
	querySetStr(v, "resource_type_code", o.ResourceTypeCode)
	querySetStr(v, "deduct_time_begin", o.DeductTimeBegin)
	querySetStr(v, "deduct_time_end", o.DeductTimeEnd)
	o.OffsetListOptions.addTo(v)
}

// FreeResourceRecordPage is one page of resource package deduction records.
type FreeResourceRecordPage struct {
	Records    []FreeResourceRecord `json:"free_resource_records"`
	TotalCount int                  `json:"total_count"`
}

// FreeResourceRecord is one deduction from a resource item (Table 6-46).
type FreeResourceRecord struct {
	DeductTime     string `json:"deduct_time"`
	FreeResourceID string `json:"free_resource_id"`
	// ResourceID is the instance that consumed the quota, often a
	// pay-per-use one that Resources.List does not know.
	ResourceID       string `json:"resource_id"`
	ResourceTypeCode string `json:"resource_type_code"`
	// ResourceTypeName is documented but absent from the reference's
	// example.
	ResourceTypeName string `json:"resource_type_name,omitempty"`
	ResourceTag      string `json:"resource_tag"`
	// ProductID and ProductName are the resource package's.
	ProductID     string `json:"product_id"`
	ProductName   string `json:"product_name"`
	UsageTypeCode string `json:"usage_type_code"`
	// AvailableAmount is the quota before the deduction, RemainingAmount
	// after it and UsedAmount the deduction, in the unit given by
	// MeasureID. Table 6-46 types them String and the example sends
	// strings.
	AvailableAmount StringAmount `json:"available_amount"`
	RemainingAmount StringAmount `json:"remaining_amount"`
	UsedAmount      StringAmount `json:"used_amount"`
	MeasureID       int          `json:"measure_id"`
	// EffectiveTime and ExpireTime bound the usage that was deducted (UTC).
	EffectiveTime string `json:"effective_time"`
	ExpireTime    string `json:"expire_time"`
}

// UsageRecords returns one page of deduction records of the caller's
// resource packages. Each filter takes one value, so calls cannot be batched.
//
// BSS API: "Querying Resource Package Usage Details" (6.4.3), GET /v2/bills/customer-bills/free-resources-usage-records
func (s *PackagesService) UsageRecords(ctx context.Context, opts *FreeResourceUsageRecordOptions) (*FreeResourceRecordPage, error) {
	var p FreeResourceRecordPage
	if err := s.client.do(ctx, OpListFreeResourceUsageRecords, OpListFreeResourceUsageRecords.Path, queryOf(opts), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
