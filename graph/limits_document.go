package graph

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// maxDefinitions bounds the operations and fragments of one document.
// gqlparser's validation looks fragments up by name in a list and walks
// every fragment once per operation, so its time grows with the square of
// their number: 2,000 chained fragments take a second.
const maxDefinitions = 100

// maxIntrospections bounds the __schema and __type fields of one
// operation. Introspection needs no credential, and each __schema costs as
// much as the schema is large (GraphiQL's query: 350 kB of answer), so a
// hundred aliased copies would let anyone spend seconds of CPU and megabytes
// per request. Tools ask once (GraphiQL, codegen) or for a few types.
const maxIntrospections = 10

// shape is what a selection set asks for once its fragments are expanded.
// Inline fragments and spreads are flattened into the set that holds them,
// as execution merges them.
type shape struct {
	depth   int            // deepest field nesting, leaves included
	objects int            // field selections that return objects
	aliases int            // aliased fields, and fields repeating a response key, in nested sets
	intros  int            // __schema and __type fields
	keys    map[string]int // response key -> times selected in this flattened set
}

// total is the aliased and repeated fields of the set and all it nests.
func (s *shape) total() int {
	n := s.aliases
	for _, c := range s.keys {
		n = satAdd(n, c-1)
	}
	return n
}

func (s *shape) merge(o shape) {
	s.depth = max(s.depth, o.depth)
	s.objects = satAdd(s.objects, o.objects)
	s.aliases = satAdd(s.aliases, o.aliases)
	s.intros = satAdd(s.intros, o.intros)
	for k, c := range o.keys {
		s.keys[k] = satAdd(s.keys[k], c)
	}
}

// measurer measures a document in time linear in its size: each fragment
// is measured once and its figures reused at every spread.
type measurer struct {
	fragments map[string]*ast.FragmentDefinition
	memo      map[string]*shape // nil value: being measured (a cycle, which validation reports)
	visited   int               // selections walked, for the tests of linearity
}

func newMeasurer(doc *ast.QueryDocument) *measurer {
	m := &measurer{fragments: map[string]*ast.FragmentDefinition{}, memo: map[string]*shape{}}
	for _, f := range doc.Fragments {
		m.fragments[f.Name] = f
	}
	return m
}

func (m *measurer) set(set ast.SelectionSet) shape {
	s := shape{keys: map[string]int{}}
	for _, sel := range set {
		m.visited++
		switch x := sel.(type) {
		case *ast.Field:
			s.keys[x.Alias]++
			if x.Alias != x.Name {
				s.aliases++
			}
			// Introspection is bounded by the schema and by gqlparser's
			// MaxIntrospectionDepth; the cost model skips it too.
			if x.Name == "__schema" || x.Name == "__type" {
				s.intros = satAdd(s.intros, 1)
			}
			if len(x.SelectionSet) == 0 || strings.HasPrefix(x.Name, "__") {
				s.depth = max(s.depth, 1)
				continue
			}
			sub := m.set(x.SelectionSet)
			s.depth = max(s.depth, sub.depth+1)
			s.objects = satAdd(s.objects, satAdd(sub.objects, 1))
			s.aliases = satAdd(s.aliases, sub.total())
			s.intros = satAdd(s.intros, sub.intros)
		case *ast.InlineFragment:
			s.merge(m.set(x.SelectionSet))
		case *ast.FragmentSpread:
			if f := m.fragment(x.Name); f != nil {
				s.merge(*f)
			}
		}
	}
	return s
}

func (m *measurer) fragment(name string) *shape {
	if s, ok := m.memo[name]; ok {
		return s
	}
	def := m.fragments[name]
	if def == nil {
		return nil // validation reports the unknown fragment
	}
	m.memo[name] = nil
	s := m.set(def.SelectionSet)
	m.memo[name] = &s
	return &s
}

// documentFigures are the largest figures of any operation in a document.
type documentFigures struct{ definitions, depth, aliases, objects, introspections int }

func measureDocument(doc *ast.QueryDocument) (documentFigures, int) {
	m := newMeasurer(doc)
	fig := documentFigures{definitions: len(doc.Operations) + len(doc.Fragments)}
	if fig.definitions > maxDefinitions {
		return fig, 0
	}
	for _, op := range doc.Operations {
		s := m.set(op.SelectionSet)
		fig.depth = max(fig.depth, s.depth)
		fig.aliases = max(fig.aliases, s.total())
		fig.objects = max(fig.objects, s.objects)
		fig.introspections = max(fig.introspections, s.intros)
	}
	// Fragments no operation spreads are still validated.
	for _, f := range doc.Fragments {
		s := m.fragment(f.Name)
		if s != nil {
			fig.depth = max(fig.depth, s.depth)
		}
	}
	return fig, m.visited
}

// documentLimits measures the query text before gqlparser validates it and
// refuses documents that are too deep, too repetitive or too large, so that
// validation and the estimates never see them. It runs after automatic
// persisted queries have put the text in the parameters.
type documentLimits struct {
	maxDepth, maxAliases, maxResultNodes, tokenLimit int
	// passed holds texts that were measured and passed, so a repeated
	// query is not parsed a second time per request (gqlgen's own query
	// cache only skips its own parse). Nil: measure every time.
	passed *lru.LRU[struct{}]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = documentLimits{}

func (documentLimits) ExtensionName() string                   { return "DocumentLimits" }
func (documentLimits) Validate(graphql.ExecutableSchema) error { return nil }

func (l documentLimits) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil
	}
	key := passedKey(p.Query)
	if l.passed != nil {
		if _, ok := l.passed.Get(ctx, key); ok {
			return nil
		}
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, l.tokenLimit)
	if err != nil {
		return nil // gqlgen parses it again and reports the error
	}
	fig, _ := measureDocument(doc)
	if refused := l.check(fig); refused != nil {
		return refused
	}
	if l.passed != nil {
		l.passed.Add(ctx, key, struct{}{})
	}
	return nil
}

// passedKey is the key of a text in documentLimits.passed: its hash, so
// that a thousand large texts cost a thousand small keys, not the texts.
func passedKey(query string) string {
	sum := sha256.Sum256([]byte(query))
	return string(sum[:])
}

func (l documentLimits) check(fig documentFigures) *gqlerror.Error {
	switch {
	case fig.definitions > maxDefinitions:
		return limitExceeded(fmt.Sprintf("this document has %d operations and fragments, more than the limit of %d", fig.definitions, maxDefinitions),
			"definitions", fig.definitions, "maxDefinitions", maxDefinitions)
	case fig.introspections > maxIntrospections:
		return limitExceeded(fmt.Sprintf("this query selects __schema or __type %d times, more than the limit of %d", fig.introspections, maxIntrospections),
			"introspections", fig.introspections, "maxIntrospections", maxIntrospections)
	case fig.depth > l.maxDepth:
		return limitExceeded(fmt.Sprintf("this query nests fields %d deep, more than the limit of %d (BSSGRAPH_MAX_DEPTH)", fig.depth, l.maxDepth),
			"depth", fig.depth, "maxDepth", l.maxDepth)
	case fig.aliases > l.maxAliases:
		return limitExceeded(fmt.Sprintf("this query selects %d aliased or repeated fields (fragments expanded), more than the limit of %d (BSSGRAPH_MAX_ALIASES)", fig.aliases, l.maxAliases),
			"aliases", fig.aliases, "maxAliases", l.maxAliases)
	case fig.objects > l.maxResultNodes:
		return resultNodesExceeded(fig.objects, l.maxResultNodes, "at least")
	}
	return nil
}
