package loaders

import (
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"bssgraph/upstream"
)

// Placeholders until the domain files land; each is replaced by its batch
// function in resources.go, orders.go, pricing.go, packages.go and catalog.go.

func newResourceByID(c *upstream.Client, obs Observer) *dataloader.Loader[string, *upstream.Resource] {
	return nil
}
func newOrderByID(c *upstream.Client, obs Observer) *dataloader.Loader[string, *upstream.OrderDetail] {
	return nil
}
func newResourcesByOrder(c *upstream.Client, obs Observer) *dataloader.Loader[string, []upstream.Resource] {
	return nil
}
func newRefundsByOrder(c *upstream.Client, obs Observer) *dataloader.Loader[string, []upstream.RefundRecord] {
	return nil
}
func newRenewalPrice(c *upstream.Client, obs Observer) *dataloader.Loader[RenewalKey, *RenewalPrice] {
	return nil
}
func newPackageUsage(c *upstream.Client, obs Observer) *dataloader.Loader[string, []upstream.FreeResourceUsage] {
	return nil
}

// RenewalKey is a resource priced for renewal by one period.
type RenewalKey struct {
	ResourceID string
	PeriodType int
	PeriodNum  int
}

// RenewalPrice is one resource's renewal price.
type RenewalPrice struct{}

// Catalog is the shared cache of the public product catalog.
type Catalog struct{}

// NewCatalog returns a catalog cache with the given TTL.
func NewCatalog(c *upstream.Client, ttl time.Duration) *Catalog { return &Catalog{} }
