package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/introspection"
	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// TestMeasureDocument_LinearInFragments: the document pass walks each
// selection of the text once, however often a fragment is spread, and
// still counts the expanded figures.
func TestMeasureDocument_LinearInFragments(t *testing.T) {
	for _, n := range []int{25, 200} {
		doc, err := parser.ParseQuery(&ast.Source{Input: FragmentBomb(n)})
		if err != nil {
			t.Fatal(err)
		}
		selections := 1 // the operation's spread
		for _, f := range doc.Fragments {
			selections += len(f.SelectionSet)
		}
		m := newMeasurer(doc)
		s := m.set(doc.Operations[0].SelectionSet)
		if m.visited != selections+n+1 { // each fragment's serviceTypes { totalCount } nests one more
			t.Errorf("%d fragments: %d selections walked, want %d: each fragment once", n, m.visited, selections+n+1)
		}
		// serviceTypes is selected 2^(n+1)-1 times in one set: all but one
		// repeat it (the figures saturate past 2^40).
		want := saturation - 1
		if n < 39 {
			want = 1<<(n+1) - 2
		}
		if s.total() != want || s.depth != 2 {
			t.Errorf("%d fragments: aliases %d depth %d, want %d and 2", n, s.total(), s.depth, want)
		}
	}
}

// TestMeasureDocument_Figures: depth, aliases, repeats and objects of
// small documents, fragments and inline fragments flattened.
func TestMeasureDocument_Figures(t *testing.T) {
	tests := []struct {
		query                   string
		depth, aliases, objects int
	}{
		{`{ viewer { accountId } }`, 2, 0, 1},
		{`{ a: viewer { accountId } b: viewer { id: accountId } }`, 2, 3, 2},
		{`{ viewer { accountId ...F ... on Customer { accountId } } } fragment F on Customer { accountId balance { debt { amount } } }`, 4, 2, 3},
		{`{ __schema { types { fields { type { ofType { ofType { name } } } } } } }`, 1, 0, 0},
		{`{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`, 0, 0, 0}, // a cycle: validation's to report
	}
	for _, tt := range tests {
		doc, err := parser.ParseQuery(&ast.Source{Input: tt.query})
		if err != nil {
			t.Fatal(err)
		}
		fig, _ := measureDocument(doc)
		if fig.depth != tt.depth || fig.aliases != tt.aliases || fig.objects != tt.objects {
			t.Errorf("%s: depth %d aliases %d objects %d, want %d %d %d", tt.query, fig.depth, fig.aliases, fig.objects, tt.depth, tt.aliases, tt.objects)
		}
	}
}

// TestEstimate_LinearInFragments: the call estimate of a fragment bomb is
// exact (2^(n+1)-1 catalog reads, one per expanded selection) while each
// fragment is walked once per distinct parent count.
func TestEstimate_LinearInFragments(t *testing.T) {
	schema := NewSchema(Options{}).Schema()
	const n = 25
	doc, errs := gqlparser.LoadQueryWithRules(schema, FragmentBomb(n), nil)
	if errs != nil {
		t.Fatal(errs)
	}
	rc := &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}
	e := estimator{rc: rc, memo: map[spreadKey]estimate{}, seen: map[string]bool{}, free: map[string]int{}}
	est := e.selections("Query", rc.Operation.SelectionSet, 1, 1)
	if want := 1<<(n+1) - 1; est.calls != want || est.objects != want {
		t.Errorf("estimate = %+v, want %d calls and objects", est, want)
	}
	if limit := 4 * (n + 1); e.visited > limit {
		t.Errorf("%d selections walked for %d fragments, want at most %d", e.visited, n, limit)
	}
}

// TestDocumentLimits_IntrospectionPasses: GraphiQL's introspection query,
// nine type wrappers deep, passes the default limits, and so do ten __type
// lookups in one query.
func TestDocumentLimits_IntrospectionPasses(t *testing.T) {
	var types strings.Builder
	for i := range maxIntrospections {
		fmt.Fprintf(&types, "t%d: __type(name: \"Query\") { name } ", i)
	}
	for _, q := range []string{introspection.Query, "{ " + types.String() + "}"} {
		doc, err := parser.ParseQuery(&ast.Source{Input: q})
		if err != nil {
			t.Fatal(err)
		}
		fig, _ := measureDocument(doc)
		l := DefaultLimits
		if err := (documentLimits{maxDepth: l.MaxDepth, maxAliases: l.MaxAliases, maxResultNodes: l.MaxResultNodes}).check(fig); err != nil {
			t.Errorf("introspection refused: %v\n%.200s", err, q)
		}
	}
}

// TestErrorPresenter_Deadline: an upstream call cut by the request's
// deadline is TIMEOUT and retryable, not INTERNAL; a field the execution
// guard silenced is not reported at all.
func TestErrorPresenter_Deadline(t *testing.T) {
	present := ErrorPresenter(zerolog.Nop())
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, graphql.DefaultRecover)
	got := present(ctx, fmt.Errorf("ListCustomerOrders: %w", context.DeadlineExceeded))
	if got.Extensions["code"] != "TIMEOUT" || got.Extensions["retryable"] != true || strings.Contains(got.Message, "internal") {
		t.Errorf("deadline error presented as %q %v, want TIMEOUT, retryable", got.Message, got.Extensions)
	}
	if got := present(ctx, errSilenced); got != nil {
		t.Errorf("silenced error presented as %v, want nothing", got)
	}
}

// TestDocumentLimits_PassedTextsOnly: a text that passed is not measured
// again (its parse is skipped), and a refused text is never remembered, so
// the cache cannot let a refused query through on its second try.
func TestDocumentLimits_PassedTextsOnly(t *testing.T) {
	ctx := context.Background()
	l := documentLimits{maxDepth: 3, maxAliases: 100, maxResultNodes: 1000, tokenLimit: 1000, passed: lru.New[struct{}](10)}
	shallow, deep := "{ a { b } }", "{ a { b { c { d } } } }"
	for try := range 2 {
		if err := l.MutateOperationParameters(ctx, &graphql.RawParams{Query: shallow}); err != nil {
			t.Fatalf("try %d: shallow refused: %v", try, err)
		}
		if err := l.MutateOperationParameters(ctx, &graphql.RawParams{Query: deep}); err == nil {
			t.Fatalf("try %d: a query 4 deep passed a limit of 3", try)
		}
	}
	if _, ok := l.passed.Get(ctx, passedKey(shallow)); !ok {
		t.Error("the passed text was not remembered")
	}
	if _, ok := l.passed.Get(ctx, passedKey(deep)); ok {
		t.Error("the refused text was remembered")
	}
}
