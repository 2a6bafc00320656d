package graph

import (
	"context"

	"bssgraph/graph/model"
)

// orderCosts is the upstream cost model of this domain's fields (limits.go).
func orderCosts() map[string]fieldCost { return nil }

func (r *Resolver) orderNode(ctx context.Context, key string) (model.Node, error) { return nil, errNotYet }
