package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeExamples runs the example queries of the README, exactly as
// printed, against the gateway with its embedded sandbox, so the README
// cannot drift from the schema or the sandbox's data.
func TestReadmeExamples(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	start := strings.Index(section, "## Example queries")
	if start < 0 {
		t.Fatal("README has no Example queries section")
	}
	section = section[start:]
	section = section[:strings.Index(section[3:], "\n## ")+3]

	blocks := regexp.MustCompile("(?s)```(graphql|json)\n(.*?)```").FindAllStringSubmatch(section, -1)
	type example struct{ query, vars string }
	var examples []example
	for _, b := range blocks {
		if b[1] == "graphql" {
			examples = append(examples, example{query: b[2]})
		} else if len(examples) > 0 {
			examples[len(examples)-1].vars = b[2]
		}
	}
	if len(examples) < 3 {
		t.Fatalf("found %d example queries, want a dashboard, a drill-down and a mutation", len(examples))
	}

	r := startRun(t, map[string]string{})
	for _, ex := range examples {
		body := map[string]any{"query": ex.query}
		if ex.vars != "" {
			var vars map[string]any
			if err := json.Unmarshal([]byte(ex.vars), &vars); err != nil {
				t.Fatalf("variables %s: %v", ex.vars, err)
			}
			body["variables"] = vars
		}
		b, _ := json.Marshal(body)
		status, resp := post(t, r.url+"/graphql", string(b), "X-Auth-Token", "sandbox-customer", "X-Language", "en_US")
		var got struct {
			Data   map[string]any   `json:"data"`
			Errors []map[string]any `json:"errors"`
		}
		if err := json.Unmarshal([]byte(resp), &got); err != nil || status != 200 {
			t.Fatalf("%d %s", status, resp)
		}
		if len(got.Errors) > 0 || got.Data == nil || strings.Contains(resp, `"userErrors":[{`) {
			t.Errorf("example\n%s\nanswered %s", ex.query, resp)
		}
	}
}
