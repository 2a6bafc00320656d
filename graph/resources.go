package graph

import (
	"context"

	"bssgraph/graph/model"
)

// resourceCosts is the upstream cost model of this domain's fields (limits.go).
func resourceCosts() map[string]fieldCost { return nil }

func (r *Resolver) resourceNode(ctx context.Context, key string) (model.Node, error) { return nil, errNotYet }
