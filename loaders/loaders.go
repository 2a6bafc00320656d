// Package loaders batches and de-duplicates the upstream calls made while
// resolving one GraphQL request (DESIGN §4). A fresh set of loaders is
// created per request and bound to that request's caller, so no loader ever
// serves two credentials; only the public product catalog (Catalog) is
// shared between callers.
package loaders

import (
	"context"
	"net/http"
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

// Loaders holds the request-scoped dataloaders.
type Loaders struct {
	credential string // keyed hash of the caller's credential

	// ResourceByID loads resources by resource id, 50 per call (6.3.1).
	ResourceByID *dataloader.Loader[string, *upstream.Resource]
	// AttachedByPrimary loads the attached resources of primaries, 50
	// primaries per call (6.3.1 with only_main_resource 0).
	AttachedByPrimary *dataloader.Loader[string, []upstream.Resource]
	// OrderByID loads order details, one call per order (6.2.2).
	OrderByID *dataloader.Loader[string, *upstream.OrderDetail]
	// ResourcesByOrder loads the resources of an order, one call per order (6.3.1 order_id).
	ResourcesByOrder *dataloader.Loader[string, []upstream.Resource]
	// RefundsByOrder loads the refund records of an unsubscription order (6.2.6).
	RefundsByOrder *dataloader.Loader[string, []upstream.RefundRecord]
	// RenewalPrice prices resources for renewal, 10 per call of one period (4.2.3).
	RenewalPrice *dataloader.Loader[RenewalKey, *RenewalPrice]
	// PackageUsage loads resource package usage, 100 packages per call (6.4.2).
	PackageUsage *dataloader.Loader[string, []upstream.FreeResourceUsage]
}

// New returns a fresh set of loaders backed by c for the caller in ctx.
// Call it once per request.
func New(ctx context.Context, c *upstream.Client, obs Observer) *Loaders {
	if obs == nil {
		obs = nopObserver{}
	}
	return &Loaders{
		credential:        c.CredentialKey(ctx),
		ResourceByID:      newResourceByID(c, obs),
		AttachedByPrimary: newAttachedByPrimary(c, obs),
		OrderByID:         newOrderByID(c, obs),
		ResourcesByOrder:  newResourcesByOrder(c, obs),
		RefundsByOrder:    newRefundsByOrder(c, obs),
		RenewalPrice:      newRenewalPrice(c, obs),
		PackageUsage:      newPackageUsage(c, obs),
	}
}

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
