package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"bssgraph/internal/metrictext"
	"bssgraph/internal/testlog"
)

// running is one run() started by a test.
type running struct {
	url    string
	addr   string
	log    *testlog.Buffer
	cancel context.CancelFunc
	done   chan error
}

// startRun starts run on a free loopback port with env, waits until
// /healthz answers, and stops it when the test ends.
func startRun(t testing.TB, env map[string]string) *running {
	t.Helper()
	env["BSSGRAPH_ADDR"] = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{log: &testlog.Buffer{}, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- run(ctx, nil, func(k string) string { return env[k] }, r.log) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(30 * time.Second):
			t.Error("run did not return after cancel")
		}
	})

	// Generous: under -race on a busy 2-core machine, seeding the embedded
	// sandbox's world while other packages' tests run takes seconds.
	var addr struct{ Addr string }
	line := r.awaitLog(t, 90*time.Second, `"message":"listening"`, `"server":"gateway"`)
	if err := json.Unmarshal([]byte(line), &addr); err != nil {
		t.Fatalf("log line %q: %v", line, err)
	}
	r.addr, r.url = addr.Addr, "http://"+addr.Addr
	// The listener is open and served before run logs "listening", so the
	// first request is answered: no retry loop.
	if code, body := get(t, r.url+"/healthz"); code != 200 {
		t.Fatalf("/healthz = %d %q right after listening", code, body)
	}
	return r
}

// awaitLog waits for the first log line of run holding every fragment and
// returns it. It wakes on each log write, not on a timer; it fails the test
// if the line does not come within the given time, and at once if run
// returns.
func (r *running) awaitLog(t testing.TB, within time.Duration, fragments ...string) string {
	t.Helper()
	timeout := time.NewTimer(within)
	defer timeout.Stop()
	for {
		text, grew := r.log.Watch()
		for line := range strings.Lines(text) {
			if !slices.ContainsFunc(fragments, func(f string) bool { return !strings.Contains(line, f) }) {
				return line
			}
		}
		select {
		case <-grew:
		case err := <-r.done:
			r.done <- err // for the cleanup
			t.Fatalf("run returned (%v) before logging %q:\n%s", err, fragments, text)
		case <-timeout.C:
			t.Fatalf("no log line with %q within %s:\n%s", fragments, within, text)
		}
	}
}

// stop cancels run's context and returns run's error.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err // for the cleanup
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return within 10s of cancel")
		return nil
	}
}

func get(t testing.TB, url string, headers ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "GET", url, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func post(t testing.TB, url, body string, headers ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), "POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestRun_ServesAndDrains starts the whole program with the embedded
// sandbox, checks every endpoint answers, then cancels the context while a
// slow request is in flight: the request must complete and run must return
// nil.
func TestRun_ServesAndDrains(t *testing.T) {
	t.Parallel()
	r := startRun(t, map[string]string{"BSSGRAPH_LOG_LEVEL": "debug"})

	if code, body := get(t, r.url+"/readyz"); code != 200 {
		t.Errorf("/readyz = %d %q, want 200 with the embedded sandbox", code, body)
	}
	if code, body := get(t, r.url+"/"); code != 200 || !strings.Contains(body, "sandbox-customer") || !strings.Contains(body, "renewalPrice(periodType: MONTH, periodNum: 1)") {
		t.Errorf("GraphiQL = %d, want the sandbox token and the example query in the page", code)
	}
	const token = "tok-server-test-3f9a"
	if code, body := post(t, r.url+"/graphql", `{"query":"{ __typename }"}`, "X-Auth-Token", token); code != 200 || !strings.Contains(body, `"__typename":"Query"`) {
		t.Errorf("POST /graphql = %d %s", code, body)
	}
	code, body := get(t, r.url+"/metrics")
	if n, _ := metrictext.Value(body, `bssgraph_http_requests_total{code="200",handler="graphql"}`); code != 200 || n != 1 {
		t.Errorf("/metrics = %d with %v GraphQL requests counted, want 200 and 1", code, n)
	}

	// A client uploads its body slowly: the request is in flight from the
	// moment its headers arrive.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", r.url+"/graphql", pr)
	req.Header.Set("Content-Type", "application/json")
	type answer struct {
		code int
		body string
		err  error
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := (&http.Client{Transport: &http.Transport{}}).Do(req)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		answered <- answer{code: resp.StatusCode, body: string(b)}
	}()
	if _, err := pw.Write([]byte(`{"query":`)); err != nil {
		t.Fatal(err)
	}
	waitInFlight(t, r.url, 2) // the slow request and the scrape itself

	r.cancel()
	r.awaitLog(t, 10*time.Second, `"message":"shutting down"`)
	waitListenerClosed(t, r.addr)
	select {
	case err := <-r.done:
		t.Fatalf("run returned (%v) while a request was in flight", err)
	default:
	}
	if _, err := pw.Write([]byte(`"{ __typename }"}`)); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	a := <-answered
	if a.err != nil || a.code != 200 || !strings.Contains(a.body, `"__typename":"Query"`) {
		t.Errorf("in-flight request during shutdown: %d %q %v, want 200 with data", a.code, a.body, a.err)
	}
	if err := r.stop(t); err != nil {
		t.Errorf("run = %v, want a clean shutdown", err)
	}
	log := r.log.String()
	if !strings.Contains(log, `"message":"stopped"`) {
		t.Errorf("no \"stopped\" line in the log")
	}
	if strings.Contains(log, token) {
		t.Errorf("the log contains the caller's token")
	}
}

// waitInFlight polls /metrics until at least n requests are in flight.
// Only the running program knows when a request's headers arrived, and
// /metrics is where it says so.
func waitInFlight(t *testing.T, url string, n int) {
	t.Helper()
	waitFor(t, 10*time.Second, fmt.Sprintf("%d requests in flight", n), func() bool {
		_, body := get(t, url+"/metrics")
		v, _ := metrictext.Value(body, "bssgraph_http_requests_in_flight")
		return v >= float64(n)
	})
}

// waitListenerClosed waits until addr refuses connections: Shutdown closes
// the listener just after run logs "shutting down".
func waitListenerClosed(t *testing.T, addr string) {
	t.Helper()
	waitFor(t, 10*time.Second, "the listener to close after shutdown began", func() bool {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	})
}

// waitFor polls cond, which asks the running program, until it holds. The
// pause between polls only spaces them; nothing is asserted on time.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(within); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("never saw %s within %s", what, within)
		}
	}
}

// TestRun_NoSecretsInLog runs in AK/SK mode at debug level and checks that
// neither the caller's token, the secret key nor an API key (valid or not)
// reaches the log.
func TestRun_NoSecretsInLog(t *testing.T) {
	t.Parallel()
	r := startRun(t, map[string]string{
		"BSSGRAPH_LOG_LEVEL":  "debug",
		"BSSGRAPH_ACCESS_KEY": "AK-PUBLIC-ID",
		"BSSGRAPH_SECRET_KEY": "sk-secret-71c2",
		"BSSGRAPH_API_KEYS":   "api-key-secret-a1, api-key-secret-b2",
	})
	const token = "tok-secret-e5d4"
	if code, body := post(t, r.url+"/graphql", `{"query":"{ __typename }"}`, "X-Api-Key", "api-key-wrong-c3", "X-Auth-Token", token); code != 401 || !strings.Contains(body, "UNAUTHENTICATED") {
		t.Errorf("wrong API key: %d %s, want 401 UNAUTHENTICATED", code, body)
	}
	if code, body := post(t, r.url+"/graphql", `{"query":"{ __typename }"}`, "X-Api-Key", "api-key-secret-b2", "Authorization", "Bearer "+token); code != 200 {
		t.Errorf("valid API key: %d %s", code, body)
	}
	if err := r.stop(t); err != nil {
		t.Errorf("run = %v", err)
	}
	log := r.log.String()
	if !strings.Contains(log, `"message":"request"`) {
		t.Fatalf("no access log lines:\n%s", log)
	}
	for _, secret := range []string{token, "sk-secret-71c2", "api-key-secret-a1", "api-key-secret-b2", "api-key-wrong-c3"} {
		if strings.Contains(log, secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
}

func TestHealthcheckCommand(t *testing.T) {
	t.Parallel()
	r := startRun(t, map[string]string{})
	_, port, _ := net.SplitHostPort(r.addr)
	for _, addr := range []string{r.addr, ":" + port, "0.0.0.0:" + port} {
		env := map[string]string{"BSSGRAPH_ADDR": addr}
		if err := run(t.Context(), []string{"healthcheck"}, func(k string) string { return env[k] }, io.Discard); err != nil {
			t.Errorf("healthcheck against %s: %v", addr, err)
		}
	}
	if err := r.stop(t); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"BSSGRAPH_ADDR": r.addr}
	if err := run(t.Context(), []string{"healthcheck"}, func(k string) string { return env[k] }, io.Discard); err == nil {
		t.Error("healthcheck against a stopped gateway succeeded")
	}
}

func TestRun_BadConfig(t *testing.T) {
	t.Parallel()
	env := map[string]string{"BSSGRAPH_LOG_LEVEL": "loud"}
	err := run(t.Context(), nil, func(k string) string { return env[k] }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "BSSGRAPH_LOG_LEVEL") {
		t.Errorf("run with a bad log level = %v, want an error naming the variable", err)
	}
	if errors.Is(err, context.Canceled) {
		t.Error("bad config reported as cancellation")
	}
}

func TestRun_Help(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"-h"}, func(string) string { return "" }, &out); err != nil {
		t.Errorf("run -h = %v, want nil", err)
	}
	if !strings.Contains(out.String(), "BSSGRAPH_GRAPHIQL") {
		t.Errorf("run -h does not list the settings with their variables:\n%s", out.String())
	}
}
