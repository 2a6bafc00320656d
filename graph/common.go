package graph

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"golang.org/x/sync/errgroup"

	"bssgraph/graph/model"
	"bssgraph/loaders"
	"bssgraph/upstream"
)

// customerNode refetches a Customer: the caller itself, or one of its
// member accounts (enterprise.go). Its account is identified as for the
// viewer, so the same account has the same id either way.
func (r *Resolver) customerNode(ctx context.Context, key string) (model.Node, error) {
	v, err := r.viewer(ctx)
	if err != nil {
		return nil, err
	}
	if v.ID == globalID("Customer", key) {
		return v, nil
	}
	return r.memberCustomer(ctx, key)
}

// nodes resolves global ids concurrently, so the loaders see them together
// and batch them; an id the caller cannot see gives null, and each failure
// is reported on its own list element.
func (r *Resolver) nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	if len(ids) > maxFirst {
		return nil, badInput("nodes: at most %d ids, got %d", maxFirst, len(ids))
	}
	// Hand every resource key to its batch function before any resolver
	// runs, so the calls depend only on the ids (50 resources per call),
	// never on how fast the loop below is scheduled (a Load loop could
	// outlast the batch window under load and split into an extra call).
	var resourceIDs []string
	for _, id := range ids {
		if typ, key, ok := parseGlobalID(id); ok && typ == "Resource" {
			resourceIDs = append(resourceIDs, key)
		}
	}
	if len(resourceIDs) > 0 {
		loaders.For(ctx).ResourceByID.Prefetch(ctx, resourceIDs)
	}
	out := make([]model.Node, len(ids))
	// All ids start at once (at most maxFirst), so the other loaders see
	// their keys within one batch window.
	var g errgroup.Group
	for i, id := range ids {
		g.Go(func() error {
			n, err := r.node(ctx, id)
			if err != nil {
				if !errors.Is(err, upstream.ErrNotFound) {
					graphql.AddError(graphql.WithPathContext(ctx, graphql.NewPathWithIndex(i)), err)
				}
				return nil
			}
			out[i] = n
			return nil
		})
	}
	g.Wait()
	return out, nil
}

// accountID returns the id of customer c for an API with the account id
// in its path: a member's own, else the caller's (viewerID).
func (r *Resolver) accountID(ctx context.Context, c *model.Customer) (string, error) {
	if c.AccountID != nil {
		return *c.AccountID, nil
	}
	return r.viewerID(ctx)
}

func commonCosts() map[string]fieldCost {
	return map[string]fieldCost{
		"Query.nodes": {items: func(args map[string]any) int {
			if ids, ok := args["ids"].([]any); ok {
				return len(ids)
			}
			return 1
		}},
		"Query.node": perParent(1),
	}
}
