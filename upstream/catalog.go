package upstream

// CatalogService talks to the product catalog APIs (§4.1): service, resource and usage types, measurement units.
type CatalogService service
