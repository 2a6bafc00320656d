package graph

import (
	"context"

	"bssgraph/graph/model"
)

// invoiceCosts is the upstream cost model of this domain's fields (limits.go).
func invoiceCosts() map[string]fieldCost { return nil }

func (r *Resolver) invoiceNode(ctx context.Context, key string) (model.Node, error) { return nil, errNotYet }
