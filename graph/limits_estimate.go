package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"bssgraph/internal/errcodes"
	"bssgraph/upstream"
)

// estimate is what an operation is predicted to cost: upstream calls, and
// result objects (every object the response would hold, connections and
// money included). byField splits the calls by "Type.field", for the quota
// schedule (schedule.go); its maps are never changed once made.
type estimate struct {
	calls, objects int
	byField        map[string]int
}

func (a estimate) plus(b estimate) estimate {
	return estimate{satAdd(a.calls, b.calls), satAdd(a.objects, b.objects), addCalls(a.byField, b.byField)}
}

// estimateOperation walks the operation's selections with the number of
// objects each is selected on.
func estimateOperation(rc *graphql.OperationContext) estimate {
	if rc.Operation == nil {
		return estimate{}
	}
	root := "Query"
	if rc.Operation.Operation == ast.Mutation {
		root = "Mutation"
	}
	e := estimator{rc: rc, memo: map[spreadKey]estimate{}, seen: map[string]bool{}, free: map[string]int{}}
	return e.selections(root, rc.Operation.SelectionSet, 1, 1)
}

// spreadKey identifies one walk of a fragment: the same fragment spread on
// as many parents of the same type, beneath the same free fields, costs
// the same, so a fragment spread twice in each of 25 nested fragments is
// walked 25 times, not 2^25.
type spreadKey struct {
	fragment, typ      string
	parents, connItems int
	free               string // the fields free on the path, sorted
}

type estimator struct {
	rc      *graphql.OperationContext
	memo    map[spreadKey]estimate
	seen    map[string]bool // fragment spreads on the current path, against cycles
	free    map[string]int  // fields free beneath the current path (fieldCost.free)
	visited int             // selections walked, for the tests of linearity
}

// freeKey is the set of fields free on the current path, in a fixed order.
func (e *estimator) freeKey() string {
	var names []string
	for k, n := range e.free {
		if n > 0 {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}

// selections estimates set selected on parents objects of type typ.
// connItems is the first of the enclosing connection, applied when the walk
// enters its edges or nodes.
func (e *estimator) selections(typ string, set ast.SelectionSet, parents, connItems int) estimate {
	var total estimate
	for _, sel := range set {
		e.visited++
		switch s := sel.(type) {
		case *ast.Field:
			total = total.plus(e.field(typ, s, parents, connItems))
		case *ast.InlineFragment:
			t := typ
			if s.TypeCondition != "" {
				t = s.TypeCondition
			}
			total = total.plus(e.selections(t, s.SelectionSet, parents, connItems))
		case *ast.FragmentSpread:
			total = total.plus(e.spread(s, parents, connItems))
		}
	}
	return total
}

func (e *estimator) spread(s *ast.FragmentSpread, parents, connItems int) estimate {
	if e.seen[s.Name] || s.Definition == nil {
		return estimate{}
	}
	key := spreadKey{s.Name, s.Definition.TypeCondition, parents, connItems, e.freeKey()}
	if est, ok := e.memo[key]; ok {
		return est
	}
	e.seen[s.Name] = true
	est := e.selections(s.Definition.TypeCondition, s.Definition.SelectionSet, parents, connItems)
	delete(e.seen, s.Name)
	e.memo[key] = est
	return est
}

func (e *estimator) field(typ string, f *ast.Field, parents, connItems int) estimate {
	if f.Definition == nil || strings.HasPrefix(f.Name, "__") {
		return estimate{}
	}
	args := f.ArgumentMap(e.rc.Variables)
	c := costs[typ+"."+f.Name]
	if e.free[typ+"."+f.Name] > 0 {
		c.calls = nil
	}
	var est estimate
	if c.calls != nil {
		est.calls = c.calls(args, parents)
		if est.calls > 0 {
			est.byField = map[string]int{typ + "." + f.Name: est.calls}
		}
	}
	if len(f.SelectionSet) == 0 {
		return est
	}
	children := parents
	childType := f.Definition.Type.Name()
	nextConn := 1
	switch {
	case strings.HasSuffix(typ, "Connection") && (f.Name == "edges" || f.Name == "nodes"):
		children = satMul(parents, connItems)
	case c.items != nil && strings.HasSuffix(childType, "Connection"):
		nextConn = c.items(args)
	case c.items != nil:
		children = satMul(parents, c.items(args))
	}
	if c.free != nil {
		for _, k := range c.free(args) {
			e.free[k]++
			defer func() { e.free[k]-- }()
		}
	}
	// Every object selection counts at least once, so that the figure is
	// never below the document's own count (limits_document.go).
	est.objects = max(children, 1)
	return est.plus(e.selections(childType, f.SelectionSet, children, nextConn))
}

// saturation bounds the figures, which multiply along nested lists: any
// figure this large is refused anyway.
const saturation = 1 << 40

func satAdd(a, b int) int { return min(a+b, saturation) }

func satMul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > saturation/b {
		return saturation
	}
	return a * b
}

// estimateLimits refuses operations whose estimate exceeds the upstream
// call budget or the result object limit, or whose planned calls the
// credential's quotas cannot admit before the deadline (schedule.go),
// before any resolver runs. The operation is estimated once for all three.
type estimateLimits struct {
	budget, maxResultNodes int
	bss                    *upstream.Client // nil: no quota check
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = estimateLimits{}

func (estimateLimits) ExtensionName() string                   { return "OperationEstimates" }
func (estimateLimits) Validate(graphql.ExecutableSchema) error { return nil }
func (l estimateLimits) MutateOperationContext(ctx context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	est := estimateOperation(rc)
	if est.calls > l.budget {
		return limitExceeded(fmt.Sprintf("this query would cost about %d upstream calls, more than the budget of %d; ask for fewer items or fewer nested fields", est.calls, l.budget),
			"estimatedCalls", est.calls, "budget", l.budget)
	}
	if est.objects > l.maxResultNodes {
		return resultNodesExceeded(est.objects, l.maxResultNodes, "about")
	}
	return scheduleRefusal(ctx, l.bss, est)
}

// limitExceeded is the LIMIT_EXCEEDED refusal of an operation, with the
// figure that broke the limit and the limit as extensions (name, value
// pairs).
func limitExceeded(msg string, figures ...any) *gqlerror.Error {
	ext := map[string]any{"code": errcodes.LimitExceeded}
	for i := 0; i+1 < len(figures); i += 2 {
		ext[figures[i].(string)] = figures[i+1]
	}
	return &gqlerror.Error{Message: msg, Extensions: ext}
}

func resultNodesExceeded(n, limit int, qualifier string) *gqlerror.Error {
	return limitExceeded(fmt.Sprintf("this query would return %s %d objects, more than the limit of %d (BSSGRAPH_MAX_RESULT_NODES); ask for fewer items (first) or fewer nested lists", qualifier, n, limit),
		"resultNodes", n, "maxResultNodes", limit)
}
