package graph

import (
	"strings"
	"testing"
)

// TestCosts_KeysNameSchemaFields: every key of the cost model, and every
// field a model declares free, is a "Type.field" of the schema. A renamed
// or misspelt key would otherwise make its field silently cost nothing.
func TestCosts_KeysNameSchemaFields(t *testing.T) {
	schema := NewSchema(Options{}).Schema()
	exists := func(key string) bool {
		typ, field, ok := strings.Cut(key, ".")
		def := schema.Types[typ]
		return ok && def != nil && def.Fields.ForName(field) != nil
	}
	for key, c := range costs {
		if !exists(key) {
			t.Errorf("cost model key %q names no schema field", key)
		}
		if c.free == nil {
			continue
		}
		for _, f := range c.free(map[string]any{}) {
			if !exists(f) {
				t.Errorf("cost model %q: free field %q names no schema field", key, f)
			}
		}
	}
	if len(costs) == 0 {
		t.Fatal("the cost model is empty")
	}
}
