package graph_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/formatter"

	"bssgraph/graph"
)

// TestSchema_Golden prints the schema the gateway serves and compares it with
// testdata/schema.graphql, so that any change of the public contract shows in
// review; -update rewrites the file.
func TestSchema_Golden(t *testing.T) {
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithIndent("  ")).FormatSchema(graph.NewSchema(graph.Options{}).Schema())
	path := filepath.Join("testdata", "schema.graphql")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./graph -run TestSchema_Golden -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("printed schema differs from %s (-want +got):\n%s", path, diff)
	}
}
