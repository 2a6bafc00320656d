package graph

import (
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/validator"

	"bssgraph/graph/generated"
)

// EstimateCalls is the budget's estimate of query with vars, for tests
// that compare it with the calls a query really makes.
func EstimateCalls(query string, vars map[string]any) (int, error) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	doc, errs := gqlparser.LoadQueryWithRules(schema, query, nil)
	if errs != nil {
		return 0, errs
	}
	op := doc.Operations[0]
	coerced, err := validator.VariableValues(schema, op, vars)
	if err != nil {
		return 0, err
	}
	return estimateOperation(&graphql.OperationContext{Doc: doc, Operation: op, Variables: coerced}).calls, nil
}

// CursorAt is the offset cursor of connection conn ("Customer.orders") at offset.
func CursorAt(conn string, offset int) string {
	return encodeCursor(cursor{Conn: conn, Offset: offset})
}
