package loaders

import (
	"context"
	"encoding/json"
	"time"

	"bssgraph/upstream"
)

// Share keeps the catalog's lists in store too (Redis, shared by the
// replicas), so that one replica's load serves all of them. The catalog is
// public reference data, the one cache shared across credentials. A nil
// store keeps the catalog in this process only. Returns the catalog.
func (c *Catalog) Share(store upstream.Store) *Catalog {
	c.shared = store
	return c
}

// sharedCatalog is a list as kept in the shared store. The key's version
// changes whenever this encoding does.
type sharedCatalog struct {
	Loaded        time.Time               `json:"l"`
	ServiceTypes  []upstream.ServiceType  `json:"s,omitempty"`
	ResourceTypes []upstream.ResourceType `json:"r,omitempty"`
	MeasureUnits  []upstream.MeasureUnit  `json:"m,omitempty"`
	Conversions   []upstream.Conversion   `json:"c,omitempty"`
}

func sharedCatalogKey(k catalogKey) string { return "bssgraph:catalog:1:" + k.String() }

// fromShared returns list k from the shared store when another replica
// loaded it within the TTL.
func (c *Catalog) fromShared(ctx context.Context, k catalogKey) *catalogEntry {
	if c.shared == nil {
		return nil
	}
	b, ok := c.shared.Get(ctx, sharedCatalogKey(k))
	var v sharedCatalog
	if !ok || json.Unmarshal(b, &v) != nil || c.now().Sub(v.Loaded) >= c.ttl {
		return nil
	}
	e := &catalogEntry{loaded: v.Loaded, serviceTypes: v.ServiceTypes, resourceTypes: v.ResourceTypes, measureUnits: v.MeasureUnits, conversions: v.Conversions}
	e.index()
	return e
}

// toShared offers a freshly fetched list to the other replicas.
func (c *Catalog) toShared(ctx context.Context, k catalogKey, e *catalogEntry) {
	if c.shared == nil {
		return
	}
	b, err := json.Marshal(sharedCatalog{Loaded: e.loaded, ServiceTypes: e.serviceTypes, ResourceTypes: e.resourceTypes, MeasureUnits: e.measureUnits, Conversions: e.conversions})
	if err == nil {
		c.shared.Set(ctx, sharedCatalogKey(k), b, c.ttl)
	}
}
