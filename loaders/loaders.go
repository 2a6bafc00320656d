// Package loaders batches and de-duplicates the upstream calls made while
// resolving one GraphQL request (DESIGN §4). A fresh set of loaders is
// created per request and bound to that request's caller, so no loader ever
// serves two credentials; only the public product catalog (Catalog) is
// shared between callers.
package loaders

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"bssgraph/upstream"
)

// Observer is told the size of every batch and every shared-cache hit (the
// gateway's metrics implement it).
type Observer interface {
	ObserveBatch(loader string, size int)
	ObserveCacheHit(cache string)
}

type nopObserver struct{}

func (nopObserver) ObserveBatch(string, int) {}
func (nopObserver) ObserveCacheHit(string)   {}

// batchWait is how long a loader collects keys before calling upstream. The
// v7 default of 16 ms would add that to every nested level of a query;
// 1 ms is enough for the resolvers of one level to enqueue their keys.
const batchWait = time.Millisecond

// Loaders holds the request-scoped dataloaders. Each is built on its first
// use: most operations need one or two of them, and building all seven cost
// 3% of the gateway's CPU on a one-call query.
type Loaders struct {
	client     *upstream.Client
	obs        Observer
	credential string // keyed hash of the caller's credential

	// ResourceByID loads resources by resource id, 50 per call (6.3.1).
	ResourceByID *Lazy[string, *upstream.Resource]
	// AttachedByPrimary loads the attached resources of primaries, 50
	// primaries per call (6.3.1 with only_main_resource 0).
	AttachedByPrimary *Lazy[string, []upstream.Resource]
	// OrderByID loads order details, one call per order (6.2.2), with as
	// many line items as the request needs (orders.go).
	OrderByID *OrderLoader
	// ResourcesByOrder loads the resources of an order, one call per order (6.3.1 order_id).
	ResourcesByOrder *Lazy[string, []upstream.Resource]
	// RefundsByOrder loads the refund records of an unsubscription order (6.2.6).
	RefundsByOrder *Lazy[string, []upstream.RefundRecord]
	// RenewalPrice prices resources for renewal, 10 per call of one period (4.2.3).
	RenewalPrice *Lazy[RenewalKey, *RenewalPrice]
	// PackageUsage loads resource package usage, 100 packages per call (6.4.2).
	PackageUsage *Lazy[string, []upstream.FreeResourceUsage]
	// ResourceCost loads resources' costs, 100 resources per call (8.1).
	ResourceCost *Lazy[CostKey, *ResourceCost]
	// MemberCosts loads enterprise members' costs, 100 members per call (8.1).
	MemberCosts *Lazy[MemberCostKey, *MemberCosts]

	store struct { // the loaders above point here: one allocation for all
		resourceByID      Lazy[string, *upstream.Resource]
		attachedByPrimary Lazy[string, []upstream.Resource]
		orderByID         OrderLoader
		resourcesByOrder  Lazy[string, []upstream.Resource]
		refundsByOrder    Lazy[string, []upstream.RefundRecord]
		renewalPrice      Lazy[RenewalKey, *RenewalPrice]
		packageUsage      Lazy[string, []upstream.FreeResourceUsage]
		resourceCost      Lazy[CostKey, *ResourceCost]
		memberCosts       Lazy[MemberCostKey, *MemberCosts]
	}
}

// New returns a fresh set of loaders backed by c for the caller in ctx.
// Call it once per request; it allocates one struct and builds nothing else.
func New(ctx context.Context, c *upstream.Client, obs Observer) *Loaders {
	if obs == nil {
		obs = nopObserver{}
	}
	// A field read (upstream.WithCaller hashed the credential once).
	l := &Loaders{client: c, obs: obs, credential: c.CredentialKey(ctx)}
	l.ResourceByID = l.store.resourceByID.init(l, newResourceByID)
	l.AttachedByPrimary = l.store.attachedByPrimary.init(l, newAttachedByPrimary)
	l.OrderByID = l.store.orderByID.init(l)
	l.ResourcesByOrder = l.store.resourcesByOrder.init(l, newResourcesByOrder)
	l.RefundsByOrder = l.store.refundsByOrder.init(l, newRefundsByOrder)
	l.RenewalPrice = l.store.renewalPrice.init(l, newRenewalPrice)
	l.PackageUsage = l.store.packageUsage.init(l, newPackageUsage)
	l.ResourceCost = l.store.resourceCost.init(l, newResourceCost)
	l.MemberCosts = l.store.memberCosts.init(l, newMemberCosts)
	return l
}

// Lazy is a dataloader built on its first use. It has the methods of
// *dataloader.Loader that the resolvers use.
type Lazy[K comparable, V any] struct {
	once  sync.Once
	l     *dataloader.Loader[K, V]
	spec  loaderSpec[K, V]
	cache *thunkCache[K, V] // the loader's, shared with Prefetch
	owner *Loaders
	build func(*upstream.Client, Observer) loaderSpec[K, V]
}

func (z *Lazy[K, V]) init(owner *Loaders, build func(*upstream.Client, Observer) loaderSpec[K, V]) *Lazy[K, V] {
	z.owner, z.build = owner, build
	return z
}

func (z *Lazy[K, V]) get() *dataloader.Loader[K, V] {
	z.once.Do(func() {
		z.spec, z.cache = z.build(z.owner.client, z.owner.obs), newThunkCache[K, V]()
		z.l = z.spec.build(z.cache)
	})
	return z.l
}

// Load loads one key (dataloader.Loader.Load).
func (z *Lazy[K, V]) Load(ctx context.Context, key K) dataloader.Thunk[V] {
	return z.get().Load(ctx, key)
}

// LoadMany loads several keys in one batch (dataloader.Loader.LoadMany).
func (z *Lazy[K, V]) LoadMany(ctx context.Context, keys []K) dataloader.ThunkMany[V] {
	return z.get().LoadMany(ctx, keys)
}

// Prime stores a value already known, so a later Load needs no call.
func (z *Lazy[K, V]) Prime(ctx context.Context, key K, value V) dataloader.Interface[K, V] {
	return z.get().Prime(ctx, key, value)
}

// Clear forgets a key, so the next Load calls upstream again.
func (z *Lazy[K, V]) Clear(ctx context.Context, key K) dataloader.Interface[K, V] {
	return z.get().Clear(ctx, key)
}

// Built reports whether the loader has been used (tests of the laziness).
func (z *Lazy[K, V]) Built() bool { return z.l != nil }

type ctxKey struct{}

// WithLoaders returns a context carrying l.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// Middleware installs a fresh Loaders in each request's context. It must run
// after the caller's credential is in the context.
func Middleware(c *upstream.Client, obs Observer) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := r.Context()
			next.ServeHTTP(w, r.WithContext(WithLoaders(ctx, New(ctx, c, obs))))
		})
	}
}

// For returns the Loaders installed by Middleware. It panics if there are
// none, which is a wiring bug, not a runtime condition.
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		panic("loaders: no Loaders in context; install loaders.Middleware")
	}
	return l
}

// Credential returns the keyed hash of the credential the loaders were
// created for (tests use it to prove two requests never share loaders).
func (l *Loaders) Credential() string { return l.credential }
