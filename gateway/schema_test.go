package gateway_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"bssgraph/upstream"
)

// testSchema is a hand-written graphql.ExecutableSchema. The gateway's tests
// use it instead of the real schema, which other work changes, and because
// they need things the real schema lacks: a mutation, a slow field, a field
// that fails with a chosen code, and one that calls the upstream client.
type testSchema struct {
	schema *ast.Schema
	bss    *upstream.Client // for unitCount; may be nil
}

const testSDL = `
type Query {
  ping: Boolean!
  slow(ms: Int!): Boolean
  fail(code: String!): Boolean
  unitCount: Int
}
type Mutation { touch: Boolean! }
`

func newTestSchema(bss *upstream.Client) *testSchema {
	return &testSchema{schema: gqlparser.MustLoadSchema(&ast.Source{Name: "test.graphqls", Input: testSDL}), bss: bss}
}

func (s *testSchema) Schema() *ast.Schema { return s.schema }

func (s *testSchema) Complexity(context.Context, string, string, int, map[string]any) (int, bool) {
	return 0, false
}

func (s *testSchema) Exec(ctx context.Context) graphql.ResponseHandler {
	opCtx := graphql.GetOperationContext(ctx)
	return func(ctx context.Context) *graphql.Response {
		root := "Query"
		if opCtx.Operation.Operation == ast.Mutation {
			root = "Mutation"
		}
		out := map[string]any{}
		for _, f := range graphql.CollectFields(opCtx, opCtx.Operation.SelectionSet, nil) {
			args := f.ArgumentMap(opCtx.Variables)
			fail := func(code, msg string) {
				graphql.AddError(ctx, &gqlerror.Error{Message: msg, Path: ast.Path{ast.PathName(f.Alias)}, Extensions: map[string]any{"code": code}})
				out[f.Alias] = nil
			}
			switch f.Name {
			case "__typename":
				out[f.Alias] = root
			case "__schema":
				// Generated executors refuse introspection the same way.
				if opCtx.DisableIntrospection {
					fail("GRAPHQL_VALIDATION_FAILED", "introspection disabled")
					continue
				}
				out[f.Alias] = map[string]any{"queryType": map[string]any{"name": "Query"}}
			case "ping", "touch":
				out[f.Alias] = true
			case "slow":
				var ms int64
				switch v := args["ms"].(type) {
				case int64:
					ms = v
				case json.Number:
					ms, _ = v.Int64()
				}
				select {
				case <-time.After(time.Duration(ms) * time.Millisecond):
					out[f.Alias] = true
				case <-ctx.Done():
					fail("TIMEOUT", ctx.Err().Error())
				}
			case "fail":
				fail(args["code"].(string), "failed on purpose")
			case "unitCount":
				l, err := s.bss.Catalog.ListMeasureUnits(ctx)
				if err != nil {
					fail("UPSTREAM_ERROR", err.Error())
					continue
				}
				out[f.Alias] = len(l.MeasureUnits)
			default:
				panic(fmt.Sprintf("test schema has no resolver for %s", f.Name))
			}
		}
		data, _ := json.Marshal(out)
		return &graphql.Response{Data: data}
	}
}
