package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Before a query runs, the gateway estimates how many upstream calls it
// will cost from the cost model of each field it selects, and refuses it
// with LIMIT_EXCEEDED when the estimate is over the budget (DESIGN §3.10).
// The estimate is an upper bound: it ignores loader de-duplication and
// priming, never batching.

// fieldCost is the cost model of one field. calls returns the upstream
// calls made for parents objects owning the field; items is how many child
// objects each parent gets (1 for a single object; first for a list).
type fieldCost struct {
	calls func(args map[string]any, parents int) int
	items func(args map[string]any) int
	// free names the "Type.field"s that make no call of their own anywhere
	// beneath this field, because its answer already holds them or they
	// are known to be null there (the estimate follows the resolvers).
	free func(args map[string]any) []string
}

// costs maps "Type.field" to its model; fields not listed cost nothing and
// yield one child per parent. Each domain file adds its fields in its
// init-free costs function (see allCosts).
var costs = allCosts()

func allCosts() map[string]fieldCost {
	m := map[string]fieldCost{}
	for _, part := range []map[string]fieldCost{
		commonCosts(), catalogCosts(), pricingCosts(), accountCosts(), couponCosts(), orderCosts(),
		resourceCosts(), packageCosts(), billCosts(), costCosts(), enterpriseCosts(), invoiceCosts(), partnerCosts(),
	} {
		for k, v := range part {
			m[k] = v
		}
	}
	return m
}

// firstArg returns the first argument (default 20), capped at 1000.
func firstArg(args map[string]any) int {
	switch v := args["first"].(type) {
	case int64:
		return int(min(max(v, 0), maxFirst))
	case int32:
		return int(min(max(v, 0), maxFirst))
	case int:
		return min(max(v, 0), maxFirst)
	}
	return defaultFirst
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// pagedList is a connection over a paged API with the given page limit:
// each parent costs the pages its first argument needs.
func pagedList(apiLimit int) fieldCost {
	return fieldCost{
		calls: func(args map[string]any, parents int) int { return parents * max(1, ceilDiv(firstArg(args), apiLimit)) },
		items: firstArg,
	}
}

// perParent costs n calls for each parent object and yields one child.
func perParent(n int) fieldCost {
	return fieldCost{calls: func(_ map[string]any, parents int) int { return parents * n }}
}

// perParentList costs n calls per parent and yields up to `items` children
// each (a list that is not a connection).
func perParentList(n, items int) fieldCost {
	return fieldCost{
		calls: func(_ map[string]any, parents int) int { return parents * n },
		items: func(map[string]any) int { return items },
	}
}

// batched is a loader field: parents are served batchSize to a call.
func batched(batchSize int) fieldCost {
	return fieldCost{calls: func(_ map[string]any, parents int) int { return ceilDiv(parents, batchSize) }}
}

// once costs n calls however many parents ask (a whole list loaded once per
// request, like the catalog).
func once(n int) fieldCost {
	return fieldCost{calls: func(_ map[string]any, parents int) int {
		if parents == 0 {
			return 0
		}
		return n
	}}
}

// staticList yields up to n children per parent for free (an embedded list).
func staticList(n int) fieldCost {
	return fieldCost{items: func(map[string]any) int { return n }}
}

// estimateCalls walks the operation's selections with the number of
// objects each is selected on.
func estimateCalls(rc *graphql.OperationContext) int {
	if rc.Operation == nil {
		return 0
	}
	root := "Query"
	if rc.Operation.Operation == ast.Mutation {
		root = "Mutation"
	}
	e := estimator{rc: rc, seen: map[string]bool{}, free: map[string]int{}}
	return e.selections(root, rc.Operation.SelectionSet, 1, 1)
}

type estimator struct {
	rc   *graphql.OperationContext
	seen map[string]bool // fragment spreads on the current path, against cycles
	free map[string]int  // fields free beneath the current path (fieldCost.free)
}

// selections returns the calls of set selected on parents objects of type
// typ. connItems is the first of the enclosing connection, applied when the
// walk enters its edges or nodes.
func (e *estimator) selections(typ string, set ast.SelectionSet, parents, connItems int) int {
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			total += e.field(typ, s, parents, connItems)
		case *ast.InlineFragment:
			t := typ
			if s.TypeCondition != "" {
				t = s.TypeCondition
			}
			total += e.selections(t, s.SelectionSet, parents, connItems)
		case *ast.FragmentSpread:
			if e.seen[s.Name] || s.Definition == nil {
				continue
			}
			e.seen[s.Name] = true
			total += e.selections(s.Definition.TypeCondition, s.Definition.SelectionSet, parents, connItems)
			delete(e.seen, s.Name)
		}
	}
	return total
}

func (e *estimator) field(typ string, f *ast.Field, parents, connItems int) int {
	if f.Definition == nil || strings.HasPrefix(f.Name, "__") {
		return 0
	}
	args := f.ArgumentMap(e.rc.Variables)
	c := costs[typ+"."+f.Name]
	if e.free[typ+"."+f.Name] > 0 {
		c.calls = nil
	}
	calls := 0
	if c.calls != nil {
		calls = c.calls(args, parents)
	}
	children := parents
	childType := f.Definition.Type.Name()
	nextConn := 1
	switch {
	case strings.HasSuffix(typ, "Connection") && (f.Name == "edges" || f.Name == "nodes"):
		children = parents * connItems
	case c.items != nil && strings.HasSuffix(childType, "Connection"):
		nextConn = c.items(args)
	case c.items != nil:
		children = parents * c.items(args)
	}
	if len(f.SelectionSet) == 0 {
		return calls
	}
	if c.free != nil {
		for _, k := range c.free(args) {
			e.free[k]++
			defer func() { e.free[k]-- }()
		}
	}
	return calls + e.selections(childType, f.SelectionSet, children, nextConn)
}

// budgetExtension refuses operations whose estimate exceeds the budget,
// before any resolver runs.
type budgetExtension struct{ budget int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = budgetExtension{}

func (budgetExtension) ExtensionName() string                   { return "UpstreamBudget" }
func (budgetExtension) Validate(graphql.ExecutableSchema) error { return nil }
func (b budgetExtension) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if n := estimateCalls(rc); n > b.budget {
		le := &limitError{estimated: n, budget: b.budget}
		return &gqlerror.Error{Message: le.Error(), Extensions: map[string]any{
			"code": codeLimitExceeded, "estimatedCalls": n, "budget": b.budget}}
	}
	return nil
}
