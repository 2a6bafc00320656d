package main

import (
	"bufio"
	"encoding/json"
	"strings"
	"testing"

	"bssgraph/cmd/loadtest/load"
)

// TestLoadHarness_Short is the CI mode of cmd/loadtest: the mix (dashboards,
// paging and mutations for two tokens) against an in-process gateway with
// its embedded sandbox for about 2 s, then the interleaved throughput
// bench. No request may fail, every kind of request must have run, and the
// upstream calls the answers report must be calls the sandbox counted.
func TestLoadHarness_Short(t *testing.T) {
	if testing.Short() {
		t.Skip("drives load for a few seconds")
	}
	r := startRun(t, map[string]string{
		"BSSGRAPH_QUOTA_SCALE": "-1", "BSSGRAPH_SANDBOX_QUOTA_SCALE": "-1", "BSSGRAPH_GRAPHIQL": "false",
		"BSSGRAPH_SANDBOX_ORDERS": "300", "BSSGRAPH_SANDBOX_RESOURCES": "600", "BSSGRAPH_SANDBOX_MONTHS": "3",
	})
	sandboxURL := embeddedSandbox(t, r)

	var out strings.Builder
	sum, err := load.Command(t.Context(), []string{"-gateway", r.url, "-sandbox", sandboxURL, "-c", "4", "-n", "64", "-d", "2m"}, &out) // by count: every kind of the mix is sent however slow the machine
	if err != nil {
		t.Fatalf("loadtest: %v\n%s", err, out.String())
	}
	t.Log("\n" + out.String())
	total := sum.Result.Total()
	if total.Count == 0 || total.Errors != 0 {
		t.Errorf("mix: %d requests, %d errors; want some and none", total.Count, total.Errors)
	}
	for _, kind := range []string{"dashboard", "orders page", "resources page", "mutation"} {
		if s := sum.Result.ByName[kind]; s == nil || s.Count == 0 {
			t.Errorf("the mix sent no %q request", kind)
		}
	}
	if sum.UpstreamCalls == 0 || sum.SandboxCalls < sum.UpstreamCalls {
		t.Errorf("upstream calls: %d reported, %d counted by the sandbox; want some, all counted", sum.UpstreamCalls, sum.SandboxCalls)
	}
	if sum.PeakRSS <= 0 {
		t.Errorf("no peak RSS read from /metrics")
	}
	for _, want := range []string{"p50", "p95", "p99", "error rate", "upstream calls:", "gateway peak RSS:"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q", want)
		}
	}

	out.Reset()
	sum, err = load.Command(t.Context(), []string{"-mode", "bench", "-gateway", r.url, "-sandbox", sandboxURL, "-c", "2", "-rounds", "2", "-round", "200ms"}, &out)
	if err != nil {
		t.Fatalf("loadtest -mode bench: %v\n%s", err, out.String())
	}
	t.Log("\n" + out.String())
	if e := sum.Result.Total().Errors; e != 0 {
		t.Errorf("bench: %d errors", e)
	}
	// The nested query costs 11 calls alone; identical requests that
	// overlap share answers and final orders are kept (F9), so the two
	// clients pay less.
	if s := sum.Result.ByName["nested"]; s == nil || s.CallsPerRequest() <= 0 || s.CallsPerRequest() > 11 {
		t.Errorf("nested query: want at most 11 upstream calls per request, got %+v", s)
	}
	for _, want := range []string{"balance / direct REST:", "nested / direct REST:", "per upstream call"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("bench report lacks %q", want)
		}
	}
}

// embeddedSandbox returns the URL the gateway logged for its embedded sandbox.
func embeddedSandbox(t *testing.T, r *running) string {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(r.log.String()))
	for sc.Scan() {
		var line struct{ Message, URL string }
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Message == "embedded sandbox started" {
			return line.URL
		}
	}
	t.Fatalf("no embedded sandbox in the log:\n%s", r.log)
	return ""
}
