package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"bssgraph/graph/model"
	"bssgraph/internal/errcodes"
)

// gqlparser coerces the variables of built-in scalars and enums before
// execution, but passes custom scalars through, and takes any 64-bit number
// for an Int; gqlgen then parses them field by field, so a malformed Month
// variable or an Int past 32 bits would be a field error next to data. scalarVariables parses them up front instead, making them
// request errors like any other bad variable (HTTP 400 under
// application/graphql-response+json, no data).

// scalarParsers parse the schema's custom scalars, and Int's 32-bit range,
// as their UnmarshalGQL or Unmarshal functions do.
var scalarParsers = map[string]func(any) error{
	"Int":      func(v any) error { _, err := graphql.UnmarshalInt32(v); return err },
	"Month":    func(v any) error { var m model.Month; return m.UnmarshalGQL(v) },
	"Date":     func(v any) error { var d model.Date; return d.UnmarshalGQL(v) },
	"DateTime": func(v any) error { _, err := model.UnmarshalDateTime(v); return err },
	"Decimal":  func(v any) error { _, err := model.UnmarshalDecimal(v); return err },
}

// scalarVariables checks every custom-scalar value in the operation's
// variables, inside lists and input objects too.
type scalarVariables struct{ schema *ast.Schema }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*scalarVariables)(nil)

func (*scalarVariables) ExtensionName() string { return "ScalarVariables" }

func (s *scalarVariables) Validate(es graphql.ExecutableSchema) error {
	s.schema = es.Schema()
	return nil
}

func (s *scalarVariables) MutateOperationContext(_ context.Context, rc *graphql.OperationContext) *gqlerror.Error {
	if rc.Operation == nil {
		return nil
	}
	for _, def := range rc.Operation.VariableDefinitions {
		v, ok := rc.Variables[def.Variable]
		if !ok {
			continue
		}
		if err := s.check(def.Type, v, ast.Path{ast.PathName("variable"), ast.PathName(def.Variable)}); err != nil {
			return err
		}
	}
	return nil
}

// check walks v as a value of type t.
func (s *scalarVariables) check(t *ast.Type, v any, path ast.Path) *gqlerror.Error {
	if v == nil {
		return nil
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			// A single value stands for a list of one (input coercion).
			return s.check(t.Elem, v, path)
		}
		for i, item := range list {
			if err := s.check(t.Elem, item, append(path, ast.PathIndex(i))); err != nil {
				return err
			}
		}
		return nil
	}
	if parse, ok := scalarParsers[t.NamedType]; ok {
		if err := parse(v); err != nil {
			return variableError(path, err)
		}
		return nil
	}
	def := s.schema.Types[t.NamedType]
	obj, ok := v.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return nil
	}
	for _, f := range def.Fields {
		if err := s.check(f.Type, obj[f.Name], append(path, ast.PathName(f.Name))); err != nil {
			return err
		}
	}
	return nil
}

// variableError names the variable and the place inside it, as gqlparser
// does for the built-in types.
func variableError(path ast.Path, err error) *gqlerror.Error {
	var in *model.InputError
	msg := err.Error()
	if errors.As(err, &in) {
		msg = in.Msg
	}
	path = append(ast.Path(nil), path...) // the walk reuses its backing array
	return &gqlerror.Error{
		Err: err, Message: fmt.Sprintf("variable $%s: %s", path[1:], msg), Path: path,
		Extensions: map[string]any{"code": errcodes.BadUserInput},
	}
}
