package graph

import (
	"context"

	"bssgraph/graph/model"
)

// couponCosts is the upstream cost model of this domain's fields (limits.go).
func couponCosts() map[string]fieldCost { return nil }

func (r *Resolver) couponNode(ctx context.Context, key string) (model.Node, error) { return nil, errNotYet }
