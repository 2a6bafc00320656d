package gateway_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"bssgraph/gateway"
	"bssgraph/internal/memhttp"
	"bssgraph/internal/testlog"
	"bssgraph/telemetry"
)

// syncBuffer is a log destination that tests read while handlers write.
type syncBuffer struct{ testlog.Buffer }

// logLines returns the JSON log lines whose message is msg.
func (s *syncBuffer) logLines(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(s.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if m["message"] == msg {
			out = append(out, m)
		}
	}
	return out
}

type env struct {
	url     string // the gateway's base URL
	client  *http.Client
	log     *syncBuffer
	metrics *telemetry.Metrics
}

// newEnv serves a gateway over the test schema. edit adjusts the options.
func newEnv(t *testing.T, edit func(*gateway.Options)) *env {
	t.Helper()
	e, h := newGateway(t, edit)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e.url, e.client = srv.URL, srv.Client()
	return e
}

// newInMemoryEnv is newEnv without a socket: requests run the handler in
// the caller's goroutine, so a test can run inside a synctest bubble and
// wait for requests to block instead of polling.
func newInMemoryEnv(t *testing.T, edit func(*gateway.Options)) *env {
	t.Helper()
	e, h := newGateway(t, edit)
	e.url, e.client = "http://gateway.test", memhttp.Client(h)
	return e
}

func newGateway(t *testing.T, edit func(*gateway.Options)) (*env, http.Handler) {
	t.Helper()
	e := &env{log: &syncBuffer{}, metrics: telemetry.NewMetrics()}
	o := gateway.Options{
		Schema:        newTestSchema(nil),
		Log:           zerolog.New(e.log).Level(zerolog.DebugLevel),
		Metrics:       e.metrics,
		Introspection: true,
		GraphiQL:      true,
	}
	if edit != nil {
		edit(&o)
	}
	h, err := gateway.Handler(o)
	if err != nil {
		t.Fatalf("gateway.Handler: %v", err)
	}
	return e, h
}

type result struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// do sends one request; headers are name, value pairs.
func (e *env) do(t *testing.T, method, target, body string, headers ...string) result {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, e.url+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := e.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := result{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

// post sends a GraphQL POST with JSON content type and the given Accept.
func (e *env) post(t *testing.T, body, accept string, headers ...string) result {
	t.Helper()
	return e.do(t, "POST", "/graphql", body, append([]string{"Content-Type", "application/json", "Accept", accept}, headers...)...)
}

func (r result) errorCode() string {
	errs, _ := r.body["errors"].([]any)
	if len(errs) == 0 {
		return ""
	}
	ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
	code, _ := ext["code"].(string)
	return code
}

func (r result) hasData() bool {
	_, ok := r.body["data"]
	return ok
}

// doChunked posts body without a Content-Length.
func (e *env) doChunked(t *testing.T, body string) result {
	t.Helper()
	pr, pw := io.Pipe()
	go func() {
		_, _ = pw.Write([]byte(body))
		_ = pw.Close()
	}()
	req, err := http.NewRequestWithContext(t.Context(), "POST", e.url+"/graphql", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := e.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := result{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	return r
}

// scrape returns the gateway's /metrics text.
func scrape(t *testing.T, e *env) string {
	t.Helper()
	return e.do(t, "GET", "/metrics", "").raw
}
