package graph

import (
	"context"

	"bssgraph/graph/model"
)

// packageCosts is the upstream cost model of this domain's fields (limits.go).
func packageCosts() map[string]fieldCost { return nil }

func (r *Resolver) resourcePackageNode(ctx context.Context, key string) (model.Node, error) {
	return nil, errNotYet
}
