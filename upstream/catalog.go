package upstream

import (
	"context"
	"net/url"
	"strconv"
)

// CatalogService talks to the product catalog APIs (§4.1): service, resource and usage types, measurement units.
type CatalogService service

// ServiceTypePage is one page of cloud service types (§4.1.1).
type ServiceTypePage struct {
	TotalCount   int           `json:"total_count"`
	ServiceTypes []ServiceType `json:"service_types"`
}

// ServiceType is a cloud service type (Table 4-3). ServiceTypeCode is the key
// that resource types, usage types and price inquiries refer to.
type ServiceType struct {
	ServiceTypeName string `json:"service_type_name"`
	ServiceTypeCode string `json:"service_type_code"` // e.g. "hws.service.type.workplace"
	Abbreviation    string `json:"abbreviation"`
}

// ListServiceTypes returns the page of the cloud service types that opts
// selects (Table 4-2: offset 0 to 100000000, limit 1 to 1000). KooGallery
// services are not included. Names are in the caller's language
// (X-Language), which BSS defaults to Chinese.
//
// BSS API: "Querying Cloud Service Types" (4.1.1), GET /v2/products/service-types
func (s *CatalogService) ListServiceTypes(ctx context.Context, opts *CatalogListOptions) (*ServiceTypePage, error) {
	var p ServiceTypePage
	if err := s.client.do(ctx, OpListServiceTypes, OpListServiceTypes.Path, queryOf(opts), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// ResourceTypePage is one page of resource types (§4.1.2).
type ResourceTypePage struct {
	TotalCount    int            `json:"total_count"`
	ResourceTypes []ResourceType `json:"resource_types"`
}

// ResourceType is a resource type (Table 4-6, "ResourceTypes" in the
// reference).
type ResourceType struct {
	ResourceTypeCode string `json:"resource_type_code"` // e.g. "hws.resource.type.vm"
	ResourceTypeName string `json:"resource_type_name"`
	ResourceTypeDesc string `json:"resource_type_desc"`
	ServiceTypeCode  string `json:"service_type_code"` // the owning ServiceType
}

// ListResourceTypes returns the page of the resource types of all services
// that opts selects; the API has no filter by service type. The limit is 1 to
// 1000. Table 4-5 prints the offset's range "0 to 100000 0000" (a line break
// in the PDF); 100000000, the maximum of the other catalog APIs, is safe.
//
// BSS API: "Querying Resource Types" (4.1.2), GET /v2/products/resource-types
func (s *CatalogService) ListResourceTypes(ctx context.Context, opts *CatalogListOptions) (*ResourceTypePage, error) {
	var p ResourceTypePage
	if err := s.client.do(ctx, OpListResourceTypes, OpListResourceTypes.Path, queryOf(opts), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// ServiceResourcePage is one page of the resources of a cloud service type
// (§4.1.3).
type ServiceResourcePage struct {
	TotalCount int               `json:"total_count"`
	Infos      []ServiceResource `json:"infos"` // at most 100
}

// ServiceResource wraps one resource of a service (Table 4-9,
// "ServiceResourceInfo").
type ServiceResource struct {
	BasicInfo ResourceBasicInfo `json:"basic_info"`
}

// ResourceBasicInfo is the basic information of a resource (Table 4-10; Table
// 4-9 calls the type "BasicInfo").
type ResourceBasicInfo struct {
	ResourceTypeCode string `json:"resource_type_code"`
	// ProductOwnerService is the code of the service the resource belongs to.
	// It can differ from the service that was asked for: the reference's
	// example asks for OBS and gets VPC and ECS resources.
	ProductOwnerService string `json:"product_owner_service"`
	Name                string `json:"name"`
	Description         string `json:"description"`
}

// ListServiceResources returns the page that opts selects (Table 4-8: offset
// 0 to 1000000, limit 1 to 100) of the resource types of the cloud service
// serviceTypeCode (for example "hws.service.type.obs"), the inputs of the
// price inquiries. KooGallery service types cannot be queried.
//
// BSS API: "Querying Resources by Cloud Service Type" (4.1.3), GET /v2/products/service-resources
func (s *CatalogService) ListServiceResources(ctx context.Context, serviceTypeCode string, opts *CatalogListOptions) (*ServiceResourcePage, error) {
	q := queryOf(opts)
	q.Set("service_type_code", serviceTypeCode)
	var p ServiceResourcePage
	if err := s.client.do(ctx, OpListServiceResources, OpListServiceResources.Path, q, nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// UsageTypeListOptions are the query parameters of Catalog.ListUsageTypes.
type UsageTypeListOptions struct {
	// ResourceTypeCode filters by resource type. An empty value is not sent:
	// Table 4-12 says that "" or null "will be used as a filter criterion".
	ResourceTypeCode   string
	CatalogListOptions // offset 0 to 100000000, limit 1 to 100
}

func (o *UsageTypeListOptions) addTo(v url.Values) {
	querySetStr(v, "resource_type_code", o.ResourceTypeCode)
	o.CatalogListOptions.addTo(v)
}

// UsageTypePage is one page of usage types (§4.1.4).
type UsageTypePage struct {
	TotalCount int         `json:"total_count"`
	UsageTypes []UsageType `json:"usage_types"`
}

// UsageType is a usage type of a resource type (Table 4-13). Code is not
// unique on its own (many resource types share "Duration"); the key is
// (ResourceTypeCode, Code). Code is what the pay-per-use price inquiry takes
// as usage_factor.
type UsageType struct {
	Code             string `json:"code"` // e.g. "reqNumber"
	Name             string `json:"name"`
	ResourceTypeCode string `json:"resource_type_code"`
	ServiceTypeCode  string `json:"service_type_code"`
	ResourceTypeName string `json:"resource_type_name"`
	ServiceTypeName  string `json:"service_type_name"`
}

// ListUsageTypes returns one page of usage types, optionally of one resource
// type.
//
// BSS API: "Querying Usage Types" (4.1.4), GET /v2/products/usage-types
func (s *CatalogService) ListUsageTypes(ctx context.Context, opts *UsageTypeListOptions) (*UsageTypePage, error) {
	var p UsageTypePage
	if err := s.client.do(ctx, OpListUsageTypes, OpListUsageTypes.Path, queryOf(opts), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// MeasureUnitList is the full list of measurement units (§4.1.5); the API is
// not paginated and has no total_count.
type MeasureUnitList struct {
	MeasureUnits []MeasureUnit `json:"measure_units"`
}

// MeasureUnit is a measurement unit (Table 4-15, "MeasureUnitRest"; the list
// type is called "MeasurementRest").
type MeasureUnit struct {
	MeasureID    int    `json:"measure_id"` // e.g. 10 = GB; 0 (day) is a valid ID
	MeasureName  string `json:"measure_name"`
	Abbreviation string `json:"abbreviation"`
	// MeasureType is the unit's dimension: 1 currency, 2 duration, 3
	// traffic... (29 values, not contiguous, listed in Table 4-15).
	MeasureType int `json:"measure_type"`
}

// ListMeasureUnits returns every measurement unit: of usage, of yearly/monthly
// durations and of amounts. Names are in the caller's language.
//
// BSS API: "Querying Measurement Units" (4.1.5), GET /v2/bases/measurements
func (s *CatalogService) ListMeasureUnits(ctx context.Context) (*MeasureUnitList, error) {
	var l MeasureUnitList
	if err := s.client.do(ctx, OpListMeasureUnits, OpListMeasureUnits.Path, nil, nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// ConversionListOptions are the query parameters of Catalog.ListConversions.
type ConversionListOptions struct {
	MeasureType *int // the MeasureUnit.MeasureType to filter by; 1 to 2147483647
}

func (o *ConversionListOptions) addTo(v url.Values) {
	if o.MeasureType != nil {
		v.Set("measure_type", strconv.Itoa(*o.MeasureType))
	}
}

// ConversionList is the measurement unit number system (§4.1.6); the API is
// not paginated and has no total_count.
type ConversionList struct {
	Conversions []Conversion `json:"conversions"`
}

// Conversion converts one measurement unit into another (Table 4-17; the
// list type is called "Conversions"): 1 MeasureID = ConversionRatio
// RefMeasureID, for example 1 GB (10) = 1024 MB (11).
type Conversion struct {
	MeasureID       int   `json:"measure_id"`
	RefMeasureID    int   `json:"ref_measure_id"`
	ConversionRatio int64 `json:"conversion_ratio"` // a Long in Table 4-17
	MeasureType     int   `json:"measure_type"`
}

// ListConversions returns the conversions between measurement units,
// optionally of one measurement type. The reference's example asks for
// measure_type 3 and shows a type-2 row, so callers should not rely on the
// filter alone.
//
// BSS API: "Querying the Measurement Unit Number System" (4.1.6), GET /v2/bases/conversions
func (s *CatalogService) ListConversions(ctx context.Context, opts *ConversionListOptions) (*ConversionList, error) {
	var l ConversionList
	if err := s.client.do(ctx, OpListConversions, OpListConversions.Path, queryOf(opts), nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}
