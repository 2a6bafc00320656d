package graph

import "bssgraph/internal/defaults"

// Before a query runs, the gateway measures it and refuses it with
// LIMIT_EXCEEDED, at 0 upstream calls, when it asks for too much
// (DESIGN §3.10):
//   - before validation, the document's shape: depth, aliased or repeated
//     fields, objects and definitions (limits_document.go), so that neither
//     validation nor the estimates below cost more than linear time;
//   - after validation, the upstream calls and the result objects the cost
//     model of each selected field predicts (limits_estimate.go).
// While it runs, a guard stops resolution at the request deadline and at
// the response byte cap (limits_guard.go).
//
// The estimates are upper bounds: they ignore loader de-duplication and
// priming, never batching.

// Limits are the bounds of one operation. Their defaults let every query
// of the README, GraphiQL and the tests through with room to spare.
type Limits struct {
	MaxDepth         int   // deepest field nesting (BSSGRAPH_MAX_DEPTH)
	MaxAliases       int   // aliased or repeated fields (BSSGRAPH_MAX_ALIASES)
	MaxResultNodes   int   // estimated result objects (BSSGRAPH_MAX_RESULT_NODES)
	MaxResponseBytes int64 // response data size (BSSGRAPH_MAX_RESPONSE_BYTES)
}

// DefaultLimits are the limits of a zero Limits field.
var DefaultLimits = Limits{MaxDepth: defaults.MaxDepth, MaxAliases: defaults.MaxAliases, MaxResultNodes: defaults.MaxResultNodes, MaxResponseBytes: defaults.MaxResponseBytes}

func (l Limits) withDefaults() Limits {
	defaults.Fill(&l.MaxDepth, DefaultLimits.MaxDepth)
	defaults.Fill(&l.MaxAliases, DefaultLimits.MaxAliases)
	defaults.Fill(&l.MaxResultNodes, DefaultLimits.MaxResultNodes)
	defaults.Fill(&l.MaxResponseBytes, DefaultLimits.MaxResponseBytes)
	return l
}

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
	for _, name := range []string{"first", "last"} {
		switch v := args[name].(type) {
		case int64:
			return int(min(max(v, 0), maxFirst))
		case int32:
			return int(min(max(v, 0), maxFirst))
		case int:
			return min(max(v, 0), maxFirst)
		}
	}
	return defaultFirst
}

// countCall is the call that counts a list before its last items can be
// read (last without before): 1 or 0.
func countCall(args map[string]any) int {
	if _, back := args["last"]; !back || args["last"] == nil {
		return 0
	}
	if b, _ := args["before"].(string); b != "" {
		return 0
	}
	return 1
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// pagedList is a connection over a paged API with the given page limit:
// each parent costs the pages its first (or last) argument needs, and the
// count of a last page without before.
func pagedList(apiLimit int) fieldCost {
	return fieldCost{
		calls: func(args map[string]any, parents int) int {
			return parents * (max(1, ceilDiv(firstArg(args), apiLimit)) + countCall(args))
		},
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
