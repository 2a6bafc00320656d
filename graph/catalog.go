package graph

import (
	"context"

	"github.com/shopspring/decimal"

	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// The product catalog (§4.1). Service types, resource types, measurement
// units and conversions come from the shared catalog cache (r.catalog,
// loaders.Catalog); service resources and usage types are paged from
// upstream per request.
//
// Other domains resolve their catalog relationships with serviceType,
// resourceType and measurementUnit below: no upstream call once the shared
// catalog is warm.

// serviceType returns the cloud service type of code from the shared
// catalog, or nil for "" or a code the catalog does not list.
func (r *Resolver) serviceType(ctx context.Context, code string) (*model.ServiceType, error) {
	st, err := r.catalog.ServiceType(ctx, code)
	if err != nil || st == nil {
		return nil, err
	}
	return serviceTypeOf(*st), nil
}

// resourceType returns the resource type of code from the shared catalog,
// or nil for "" or a code the catalog does not list.
func (r *Resolver) resourceType(ctx context.Context, code string) (*model.ResourceType, error) {
	rt, err := r.catalog.ResourceType(ctx, code)
	if err != nil || rt == nil {
		return nil, err
	}
	return resourceTypeOf(*rt), nil
}

// measurementUnit returns the measurement unit with id (a measure_id) from
// the shared catalog, or nil when the catalog does not list it.
func (r *Resolver) measurementUnit(ctx context.Context, id int) (*model.MeasurementUnit, error) {
	mu, err := r.catalog.MeasureUnit(ctx, id)
	if err != nil || mu == nil {
		return nil, err
	}
	return measurementUnitOf(*mu), nil
}

// The API page limits of §4.1.3 and §4.1.4.
const (
	serviceResourcesLimit = 100
	usageTypesLimit       = 100
)

// firstInvalid returns the first non-nil error of checks run before any
// upstream call.
func firstInvalid(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// measureTypeArg validates a measureType argument (1 to 2147483647).
func measureTypeArg(mt *int32) error {
	if mt != nil && *mt < 1 {
		return badInput("measureType must be a positive measure_type code, got %d", *mt)
	}
	return nil
}

// serviceTypeList returns the service types of the shared catalog,
// optionally only the one with code.
func (r *Resolver) serviceTypeList(ctx context.Context, code *string) ([]*model.ServiceType, error) {
	all, err := r.catalog.ServiceTypes(ctx)
	if err != nil {
		return nil, err
	}
	var out []*model.ServiceType
	for _, st := range all {
		if code == nil || st.ServiceTypeCode == *code {
			out = append(out, serviceTypeOf(st))
		}
	}
	return out, nil
}

// resourceTypeList returns the resource types of the shared catalog,
// optionally only the one with code and those of one service type.
func (r *Resolver) resourceTypeList(ctx context.Context, code, serviceTypeCode *string) ([]*model.ResourceType, error) {
	all, err := r.catalog.ResourceTypes(ctx)
	if err != nil {
		return nil, err
	}
	var out []*model.ResourceType
	for _, rt := range all {
		if (code == nil || rt.ResourceTypeCode == *code) && (serviceTypeCode == nil || rt.ServiceTypeCode == *serviceTypeCode) {
			out = append(out, resourceTypeOf(rt))
		}
	}
	return out, nil
}

// measurementUnitList returns the measurement units of the shared catalog,
// optionally only those of one measure type.
func (r *Resolver) measurementUnitList(ctx context.Context, measureType *int32) ([]*model.MeasurementUnit, error) {
	all, err := r.catalog.MeasureUnits(ctx)
	if err != nil {
		return nil, err
	}
	out := []*model.MeasurementUnit{}
	for _, mu := range all {
		if measureType == nil || mu.MeasureType == int(*measureType) {
			out = append(out, measurementUnitOf(mu))
		}
	}
	return out, nil
}

// conversionList returns the unit conversions of the shared catalog whose
// measure type is measureType (nil: all) and whose source unit is from
// (nil: any).
func (r *Resolver) conversionList(ctx context.Context, measureType *int32, from *int32) ([]*model.MeasurementConversion, error) {
	all, err := r.catalog.Conversions(ctx)
	if err != nil {
		return nil, err
	}
	out := []*model.MeasurementConversion{}
	for _, cv := range all {
		if (measureType == nil || cv.MeasureType == int(*measureType)) && (from == nil || cv.MeasureID == int(*from)) {
			out = append(out, conversionOf(cv))
		}
	}
	return out, nil
}

// serviceResources returns a window of the resources of a service type
// (4.1.3), 100 per upstream page.
func (r *Resolver) serviceResources(ctx context.Context, serviceTypeCode string, w window) (*model.ServiceResourceConnection, error) {
	items, total, err := fetchWindow(ctx, w, serviceResourcesLimit, func(ctx context.Context, offset, limit int) ([]upstream.ServiceResource, int, error) {
		p, err := r.bss.Catalog.ListServiceResources(ctx, serviceTypeCode, &upstream.CatalogListOptions{Offset: &offset, Limit: &limit})
		if err != nil {
			return nil, 0, err
		}
		return p.Infos, p.TotalCount, nil
	})
	if err != nil {
		return nil, err
	}
	return connection(mapSlice(items, serviceResourceOf), w, total), nil
}

// usageTypes returns a window of the usage types (4.1.4), of one resource
// type when resourceTypeCode is not empty, 100 per upstream page.
func (r *Resolver) usageTypes(ctx context.Context, resourceTypeCode string, w window) (*model.UsageTypeConnection, error) {
	items, total, err := fetchWindow(ctx, w, usageTypesLimit, func(ctx context.Context, offset, limit int) ([]upstream.UsageType, int, error) {
		p, err := r.bss.Catalog.ListUsageTypes(ctx, &upstream.UsageTypeListOptions{ResourceTypeCode: resourceTypeCode, CatalogListOptions: upstream.CatalogListOptions{Offset: &offset, Limit: &limit}})
		if err != nil {
			return nil, 0, err
		}
		return p.UsageTypes, p.TotalCount, nil
	})
	if err != nil {
		return nil, err
	}
	return connection(mapSlice(items, usageTypeOf), w, total), nil
}

// Mappers.

func serviceTypeOf(st upstream.ServiceType) *model.ServiceType {
	return &model.ServiceType{Code: st.ServiceTypeCode, Name: st.ServiceTypeName, Abbreviation: st.Abbreviation}
}

func resourceTypeOf(rt upstream.ResourceType) *model.ResourceType {
	return &model.ResourceType{
		Code: rt.ResourceTypeCode, Name: rt.ResourceTypeName, Description: rt.ResourceTypeDesc,
		ServiceTypeCode: rt.ServiceTypeCode,
	}
}

func serviceResourceOf(sr upstream.ServiceResource) *model.ServiceResource {
	b := sr.BasicInfo
	return &model.ServiceResource{
		ResourceTypeCode: b.ResourceTypeCode, ProductOwnerService: b.ProductOwnerService,
		Name: b.Name, Description: b.Description,
	}
}

func usageTypeOf(u upstream.UsageType) *model.UsageType {
	return &model.UsageType{
		Code: u.Code, Name: u.Name,
		ResourceTypeCode: u.ResourceTypeCode, ResourceTypeName: u.ResourceTypeName,
		ServiceTypeCode: u.ServiceTypeCode, ServiceTypeName: u.ServiceTypeName,
	}
}

func measurementUnitOf(mu upstream.MeasureUnit) *model.MeasurementUnit {
	return &model.MeasurementUnit{
		ID: int32(mu.MeasureID), Name: mu.MeasureName, Abbreviation: mu.Abbreviation,
		MeasureType: enumOf(measureTypes, mu.MeasureType, model.MeasureTypeUnknown), MeasureTypeCode: int32(mu.MeasureType),
	}
}

func conversionOf(cv upstream.Conversion) *model.MeasurementConversion {
	return &model.MeasurementConversion{
		MeasureID: int32(cv.MeasureID), RefMeasureID: int32(cv.RefMeasureID),
		ConversionRatio: decimal.NewFromInt(cv.ConversionRatio),
		MeasureType:     enumOf(measureTypes, cv.MeasureType, model.MeasureTypeUnknown), MeasureTypeCode: int32(cv.MeasureType),
	}
}

// measureTypes are the measure_type codes of Table 4-15 (the same 29 values
// in Tables 4-16 and 4-17).
var measureTypes = map[int]model.MeasureType{
	1: model.MeasureTypeCurrency, 2: model.MeasureTypeDuration, 3: model.MeasureTypeTraffic,
	4: model.MeasureTypeQuantity, 6: model.MeasureTypeLength, 7: model.MeasureTypeCapacity,
	9: model.MeasureTypeNumberOfLines, 10: model.MeasureTypePeriod, 11: model.MeasureTypeFrequency,
	12: model.MeasureTypeCount, 15: model.MeasureTypeCapacityXDuration, 16: model.MeasureTypeBandwidth,
	17: model.MeasureTypeCapacityDuration, 18: model.MeasureTypeQueryRate, 19: model.MeasureTypeBandwidth1000,
	20: model.MeasureTypePerformanceTestUsage, 21: model.MeasureTypeArea, 22: model.MeasureTypeVideo,
	23: model.MeasureTypeThroughput, 26: model.MeasureTypePackageDeductionUnit, 27: model.MeasureTypeCoresXDuration,
	28: model.MeasureTypeMemoryXDuration, 29: model.MeasureTypeIopsXDuration, 30: model.MeasureTypeThroughputXDuration,
	31: model.MeasureTypeNumberPerDuration, 40: model.MeasureTypeTraffic1000, 41: model.MeasureTypeKiloTokens,
	103: model.MeasureTypeHongKongDollar, 104: model.MeasureTypeTokens,
}

// catalogCosts is the upstream cost model of this domain's fields
// (limits.go). A list served by the shared catalog costs at most one load
// per request, however many objects ask (0 when warm).
func catalogCosts() map[string]fieldCost {
	fromCatalog := once(1)
	catalogConnection := fieldCost{calls: fromCatalog.calls, items: firstArg}
	catalogList := func(items int) fieldCost {
		return fieldCost{calls: fromCatalog.calls, items: func(map[string]any) int { return items }}
	}
	return map[string]fieldCost{
		"Query.serviceTypes":                      catalogConnection,
		"Query.resourceTypes":                     catalogConnection,
		"Query.serviceResources":                  pagedList(serviceResourcesLimit),
		"Query.usageTypes":                        pagedList(usageTypesLimit),
		"Query.measurementUnits":                  catalogList(100),
		"Query.measurementConversions":            catalogList(100),
		"ServiceType.resourceTypes":               catalogList(10),
		"ServiceType.serviceResources":            pagedList(serviceResourcesLimit),
		"ResourceType.serviceType":                fromCatalog,
		"ResourceType.usageTypes":                 pagedList(usageTypesLimit),
		"ServiceResource.resourceType":            fromCatalog,
		"ServiceResource.productOwnerServiceType": fromCatalog,
		"UsageType.resourceType":                  fromCatalog,
		"UsageType.serviceType":                   fromCatalog,
		"MeasurementUnit.conversions":             catalogList(10),
		"MeasurementConversion.measureUnit":       fromCatalog,
		"MeasurementConversion.refMeasureUnit":    fromCatalog,
	}
}
