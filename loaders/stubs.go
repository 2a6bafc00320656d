package loaders

import (
	"github.com/graph-gophers/dataloader/v7"

	"bssgraph/upstream"
)

// Placeholders until the domain files land; each is replaced by its batch
// function in resources.go, orders.go, pricing.go, packages.go and catalog.go.

func newPackageUsage(c *upstream.Client, obs Observer) *dataloader.Loader[string, []upstream.FreeResourceUsage] {
	return nil
}

