package gateway

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// decodeParams accepts exactly one JSON object with the specified member
// types, and what it decodes re-encodes to the same parameters.
func FuzzDecodeParams(f *testing.F) {
	for _, s := range []string{
		`{"query":"{ viewer { id } }"}`, `{"query":"query Q($n: Int) { x }","operationName":"Q","variables":{"n":12345678901234567890}}`,
		`{"query":null,"variables":null,"extensions":{"persistedQuery":{"version":1}}}`, `[{"query":"{x}"}]`,
		`{"query":1}`, `{}}`, `{} {}`, `{"query":"x"} trailing`, ``, `  {"query":"\u0000"}  `, `{"variables":[1]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var p graphql.RawParams
		if err := decodeParams(body, &p); err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("decodeParams accepted invalid JSON %q", body)
		}
		again, err := json.Marshal(map[string]any{"query": p.Query, "operationName": p.OperationName, "variables": p.Variables, "extensions": p.Extensions})
		if err != nil {
			t.Fatalf("decoded params do not encode: %v", err)
		}
		var q graphql.RawParams
		if err := decodeParams(again, &q); err != nil {
			t.Fatalf("re-encoded params %s do not decode: %v", again, err)
		}
		if q.Query != p.Query || q.OperationName != p.OperationName || !reflect.DeepEqual(q.Variables, p.Variables) || !reflect.DeepEqual(q.Extensions, p.Extensions) {
			t.Fatalf("round trip changed the params: %+v -> %+v", p, q)
		}
	})
}
