package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"bssgraph/loaders"
)

// orderDetailNeed is how many of an order's first line items the operation
// being resolved reads through OrderByID: the largest window end of its
// Order.lineItems fields that read items or cursors, 1 when it has none, or 0 (the loader's
// OrderDetailLimit) when one pages from the end or past that limit.
// Decoding line items is most of a 6.2.2 call's cost, so a call reads no
// more than this; and every order read of one operation asks for the same
// number, so the loader still makes one call per order.
// orderDetailLimit is orderDetailNeed, worked out once per request (the
// loader keeps it): an operation may read a thousand orders.
func orderDetailLimit(ctx context.Context) int {
	return loaders.For(ctx).OrderByID.PageSize(func() int { return orderDetailNeed(ctx) })
}

func orderDetailNeed(ctx context.Context) int {
	oc := graphql.GetOperationContext(ctx)
	if oc == nil || oc.Operation == nil {
		return 0
	}
	need := 1
	var walk func(ast.SelectionSet) bool
	walk = func(set ast.SelectionSet) bool {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if s.Name == "lineItems" && s.ObjectDefinition != nil && s.ObjectDefinition.Name == "Order" {
					if !onlyTotal(s.SelectionSet) {
						n := lineItemsNeed(s.ArgumentMap(oc.Variables))
						if n == 0 {
							return false
						}
						need = max(need, n)
					}
				}
				if !walk(s.SelectionSet) {
					return false
				}
			case *ast.InlineFragment:
				if !walk(s.SelectionSet) {
					return false
				}
			case *ast.FragmentSpread:
				if s.Definition != nil && !walk(s.Definition.SelectionSet) {
					return false
				}
			}
		}
		return true
	}
	if !walk(oc.Operation.SelectionSet) {
		return 0
	}
	return need
}

// onlyTotal reports whether a connection's selection reads only its
// totalCount (which any page of 6.2.2 carries), not its items or cursors.
func onlyTotal(set ast.SelectionSet) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name != "totalCount" && s.Name != "__typename" {
				return false
			}
		case *ast.InlineFragment:
			if !onlyTotal(s.SelectionSet) {
				return false
			}
		case *ast.FragmentSpread:
			if s.Definition == nil || !onlyTotal(s.Definition.SelectionSet) {
				return false
			}
		}
	}
	return true
}

// lineItemsNeed is the end of the window one Order.lineItems field with
// arguments args reads in its first call (fetchWindow), or 0 when that is
// not known before the total is (last), is past loaders.OrderDetailLimit or
// the arguments are invalid (the resolver reports them).
func lineItemsNeed(args map[string]any) int {
	var p pageArgs
	p.First, p.Last = intArg(args["first"]), intArg(args["last"])
	p.After, p.Before = strArg(args["after"]), strArg(args["before"])
	w, err := pageWindowOf("Order.lineItems", p)
	if err != nil || w.Last > 0 {
		return 0
	}
	n := w.Offset + max(1, min(w.First, ordersPageLimit))
	if n > loaders.OrderDetailLimit {
		return 0
	}
	return n
}

func intArg(v any) *int32 {
	n, ok := intArgument(v)
	if !ok {
		return nil
	}
	if n < -1<<31 || n > 1<<31-1 {
		n = -1 // out of range: pageWindowOf refuses it
	}
	m := int32(n)
	return &m
}

func strArg(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}
