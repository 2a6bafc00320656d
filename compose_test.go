package main

import (
	"os"
	"slices"
	"testing"

	"github.com/goccy/go-yaml"
)

// No Docker engine runs where the tests run, so compose.yaml is checked
// statically: its services, and that every variable it sets is a setting
// of config.go.
func TestComposeFile(t *testing.T) {
	b, err := os.ReadFile("compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(b, &f); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	known := map[string]bool{}
	for _, s := range settings() {
		known[s.env] = true
	}
	gateways := 0
	for name, s := range f.Services {
		for k := range s.Environment {
			if !known[k] {
				t.Errorf("service %s sets %s, which config.go does not know", name, k)
			}
		}
		if s.Image == "bssgraph" && len(s.Command) == 0 {
			gateways++
			if s.Environment["BSSGRAPH_REDIS_URL"] != "redis://redis:6379/0" || s.Environment["BSSGRAPH_REPLICAS"] == "" || s.Environment["BSSGRAPH_UPSTREAM_URL"] != "http://sandbox:8081" {
				t.Errorf("gateway %s: want it on redis and the sandbox with BSSGRAPH_REPLICAS, got %v", name, s.Environment)
			}
		}
	}
	if gateways < 2 {
		t.Errorf("%d gateway replicas; want at least 2", gateways)
	}
	if s, ok := f.Services["sandbox"]; !ok || !slices.Equal(s.Command, []string{"sandbox"}) || s.Environment["BSSGRAPH_SANDBOX_ADDR"] != "0.0.0.0:8081" {
		t.Errorf("want a sandbox service running `bssgraph sandbox` on 0.0.0.0:8081, got %+v", s)
	}
	if _, ok := f.Services["redis"]; !ok {
		t.Error("no redis service")
	}
}
