package loaders

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"bssgraph/upstream"
)

// Catalog is the shared cache of the public product catalog (DESIGN §3.2,
// §4): service types, resource types, measurement units and unit
// conversions. It is the only cache shared between callers, because the
// catalog holds no customer data. Each list is loaded whole — walking the
// pages at the API's largest limit until total_count — the first time it is
// needed, kept for the TTL, and partitioned by X-Language because names are
// localised (conversions carry no names and are shared by all languages).
//
// Concurrent first uses load once: callers arriving while a list loads wait
// for that load. A warm answer costs no upstream call and counts as a cache
// hit in the request's upstream.Stats and in the Observer. Failed loads are
// not cached; an expired list whose reload fails is served stale.
type Catalog struct {
	bss *upstream.Client
	ttl time.Duration
	obs Observer
	now func() time.Time

	mu      sync.Mutex
	entries map[catalogKey]*catalogEntry
	flight  singleflight.Group
	shared  upstream.Store // nil: this process only (catalog_shared.go)
}

// NewCatalog returns a catalog cache with the given TTL (at least a minute).
// Use Observe to report its cache hits.
func NewCatalog(c *upstream.Client, ttl time.Duration) *Catalog {
	if ttl < time.Minute {
		ttl = time.Minute
	}
	return &Catalog{bss: c, ttl: ttl, obs: nopObserver{}, now: time.Now, entries: make(map[catalogKey]*catalogEntry)}
}

// Observe makes the catalog report its cache hits to obs (the gateway's
// metrics, as "catalog") and returns the catalog.
func (c *Catalog) Observe(obs Observer) *Catalog {
	if obs != nil {
		c.obs = obs
	}
	return c
}

// catalogList names one list of the catalog.
type catalogList string

const (
	listServiceTypes  catalogList = "service-types"
	listResourceTypes catalogList = "resource-types"
	listMeasureUnits  catalogList = "measure-units"
	listConversions   catalogList = "conversions"
)

type catalogKey struct {
	list catalogList
	lang string
}

func (k catalogKey) String() string { return string(k.list) + "|" + k.lang }

// catalogEntry is one loaded list with its indexes.
type catalogEntry struct {
	loaded time.Time

	serviceTypes  []upstream.ServiceType
	serviceByCode map[string]*upstream.ServiceType

	resourceTypes  []upstream.ResourceType
	resourceByCode map[string]*upstream.ResourceType

	measureUnits []upstream.MeasureUnit
	measureByID  map[int]*upstream.MeasureUnit

	conversions []upstream.Conversion
}

// catalogMaxLimit is the largest page of the service and resource type APIs
// (limit [1-1000], Tables 4-2 and 4-5).
const catalogMaxLimit = 1000

// catalogLoadTimeout bounds one load. A load runs detached from the request
// that started it, so a caller going away does not fail the others waiting.
const catalogLoadTimeout = 30 * time.Second

// catalogLanguage is the cache partition of the caller in ctx: its X-Language, with
// an absent one meaning BSS's default zh_CN.
func catalogLanguage(ctx context.Context) string {
	if l := upstream.CallerFrom(ctx).Language; l != "" {
		return l
	}
	return "zh_CN"
}

// get returns the list k, loading it when it is missing or expired.
func (c *Catalog) get(ctx context.Context, k catalogKey) (*catalogEntry, error) {
	if e := c.fresh(k); e != nil {
		c.hit(ctx)
		return e, nil
	}
	e, err := c.load(ctx, k)
	if err == nil {
		return e, nil
	}
	c.mu.Lock()
	stale := c.entries[k]
	c.mu.Unlock()
	if stale != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		c.hit(ctx) // stale reference data beats an error
		return stale, nil
	}
	return nil, err
}

// fresh returns list k if it is loaded and younger than the TTL.
func (c *Catalog) fresh(k catalogKey) *catalogEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[k]; e != nil && c.now().Sub(e.loaded) < c.ttl {
		return e
	}
	return nil
}

// hit counts an answer served from memory.
func (c *Catalog) hit(ctx context.Context) {
	upstream.StatsFrom(ctx).AddCacheHit()
	c.obs.ObserveCacheHit("catalog")
}

// load fetches list k once for all concurrent callers. The caller whose
// request runs the load is charged its upstream calls; the others count a
// cache hit. A waiter whose shared load failed tries once more, so one
// caller's bad credential does not fail everybody else.
func (c *Catalog) load(ctx context.Context, k catalogKey) (*catalogEntry, error) {
	for attempt := 0; ; attempt++ {
		leader := false
		ch := c.flight.DoChan(k.String(), func() (any, error) {
			// A load that ended between this caller's look-up and its
			// joining the flight has already stored the list.
			if e := c.fresh(k); e != nil {
				return e, nil
			}
			lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), catalogLoadTimeout)
			defer cancel()
			e := c.fromShared(lctx, k)
			if e == nil {
				leader = true
				var err error
				if e, err = c.fetch(lctx, k); err != nil {
					return nil, err
				}
				c.toShared(lctx, k, e)
			}
			c.mu.Lock()
			c.entries[k] = e
			c.mu.Unlock()
			return e, nil
		})
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case res := <-ch:
			if res.Err == nil {
				if !leader {
					c.hit(ctx)
				}
				return res.Val.(*catalogEntry), nil
			}
			if leader || attempt > 0 {
				return nil, res.Err
			}
		}
	}
}

// fetch calls upstream for list k.
func (c *Catalog) fetch(ctx context.Context, k catalogKey) (*catalogEntry, error) {
	e := &catalogEntry{loaded: c.now()}
	switch k.list {
	case listServiceTypes:
		all, err := walkPages(ctx, func(ctx context.Context, offset int) ([]upstream.ServiceType, int, error) {
			limit := catalogMaxLimit
			p, err := c.bss.Catalog.ListServiceTypes(ctx, &upstream.CatalogListOptions{Offset: &offset, Limit: &limit})
			if err != nil {
				return nil, 0, err
			}
			return p.ServiceTypes, p.TotalCount, nil
		})
		if err != nil {
			return nil, err
		}
		e.serviceTypes = all
	case listResourceTypes:
		all, err := walkPages(ctx, func(ctx context.Context, offset int) ([]upstream.ResourceType, int, error) {
			limit := catalogMaxLimit
			p, err := c.bss.Catalog.ListResourceTypes(ctx, &upstream.CatalogListOptions{Offset: &offset, Limit: &limit})
			if err != nil {
				return nil, 0, err
			}
			return p.ResourceTypes, p.TotalCount, nil
		})
		if err != nil {
			return nil, err
		}
		e.resourceTypes = all
	case listMeasureUnits:
		l, err := c.bss.Catalog.ListMeasureUnits(ctx)
		if err != nil {
			return nil, err
		}
		e.measureUnits = l.MeasureUnits
	case listConversions:
		l, err := c.bss.Catalog.ListConversions(ctx, nil)
		if err != nil {
			return nil, err
		}
		e.conversions = l.Conversions
	}
	e.index()
	return e, nil
}

// index builds the look-up maps of a loaded list.
func (e *catalogEntry) index() {
	e.serviceByCode = make(map[string]*upstream.ServiceType, len(e.serviceTypes))
	for i := range e.serviceTypes {
		e.serviceByCode[e.serviceTypes[i].ServiceTypeCode] = &e.serviceTypes[i]
	}
	e.resourceByCode = make(map[string]*upstream.ResourceType, len(e.resourceTypes))
	for i := range e.resourceTypes {
		e.resourceByCode[e.resourceTypes[i].ResourceTypeCode] = &e.resourceTypes[i]
	}
	e.measureByID = make(map[int]*upstream.MeasureUnit, len(e.measureUnits))
	for i := range e.measureUnits {
		e.measureByID[e.measureUnits[i].MeasureID] = &e.measureUnits[i]
	}
}

// walkPages reads a paged list from offset 0 until total_count, one page
// at a time (the catalog is small; a page is a thousand items).
func walkPages[T any](ctx context.Context, page func(ctx context.Context, offset int) ([]T, int, error)) ([]T, error) {
	var all []T
	for {
		items, total, err := page(ctx, len(all))
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if len(items) == 0 || len(all) >= total {
			return all, nil
		}
	}
}

// ServiceTypes returns every cloud service type (4.1.1) in the caller's
// language, in BSS's order. The slice is shared: do not modify it.
func (c *Catalog) ServiceTypes(ctx context.Context) ([]upstream.ServiceType, error) {
	e, err := c.get(ctx, catalogKey{listServiceTypes, catalogLanguage(ctx)})
	if err != nil {
		return nil, err
	}
	return e.serviceTypes, nil
}

// ServiceType returns the cloud service type with code, or nil when the
// catalog does not list it.
func (c *Catalog) ServiceType(ctx context.Context, code string) (*upstream.ServiceType, error) {
	if code == "" {
		return nil, nil
	}
	e, err := c.get(ctx, catalogKey{listServiceTypes, catalogLanguage(ctx)})
	if err != nil {
		return nil, err
	}
	return e.serviceByCode[code], nil
}

// ResourceTypes returns every resource type (4.1.2) in the caller's
// language, in BSS's order. The slice is shared: do not modify it.
func (c *Catalog) ResourceTypes(ctx context.Context) ([]upstream.ResourceType, error) {
	e, err := c.get(ctx, catalogKey{listResourceTypes, catalogLanguage(ctx)})
	if err != nil {
		return nil, err
	}
	return e.resourceTypes, nil
}

// ResourceType returns the resource type with code, or nil when the catalog
// does not list it.
func (c *Catalog) ResourceType(ctx context.Context, code string) (*upstream.ResourceType, error) {
	if code == "" {
		return nil, nil
	}
	e, err := c.get(ctx, catalogKey{listResourceTypes, catalogLanguage(ctx)})
	if err != nil {
		return nil, err
	}
	return e.resourceByCode[code], nil
}

// MeasureUnits returns every measurement unit (4.1.5) in the caller's
// language. The slice is shared: do not modify it.
func (c *Catalog) MeasureUnits(ctx context.Context) ([]upstream.MeasureUnit, error) {
	e, err := c.get(ctx, catalogKey{listMeasureUnits, catalogLanguage(ctx)})
	if err != nil {
		return nil, err
	}
	return e.measureUnits, nil
}

// MeasureUnit returns the measurement unit with id (0, day, is a valid id),
// or nil when the catalog does not list it.
func (c *Catalog) MeasureUnit(ctx context.Context, id int) (*upstream.MeasureUnit, error) {
	e, err := c.get(ctx, catalogKey{listMeasureUnits, catalogLanguage(ctx)})
	if err != nil {
		return nil, err
	}
	return e.measureByID[id], nil
}

// Conversions returns every conversion between measurement units (4.1.6),
// unfiltered (the reference's own example shows that BSS's measure_type
// filter cannot be relied on). The slice is shared: do not modify it.
func (c *Catalog) Conversions(ctx context.Context) ([]upstream.Conversion, error) {
	e, err := c.get(ctx, catalogKey{listConversions, ""})
	if err != nil {
		return nil, err
	}
	return e.conversions, nil
}
