package gateway_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"bssgraph/gateway"
	"bssgraph/internal/metrictext"
)

const grj = "application/graphql-response+json"

// TestGraphQLOverHTTP pins the status codes and media types of the
// GraphQL-over-HTTP specification, request by request.
func TestGraphQLOverHTTP(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *gateway.Options) { o.MaxBodyBytes = 256 })
	ping := `{"query":"{ ping }"}`
	tests := []struct {
		name    string
		method  string
		target  string
		body    string
		headers []string
		status  int
		media   string // expected Content-Type media type; "" to skip
		data    bool   // whether the response has a "data" key
		code    string // first error's extensions.code
		allow   string // expected Allow header
	}{
		{name: "POST graphql-response+json", method: "POST", body: ping, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 200, media: grj, data: true},
		{name: "POST application/json", method: "POST", body: ping, headers: []string{"Content-Type", "application/json", "Accept", "application/json"}, status: 200, media: "application/json", data: true},
		{name: "POST no Accept means application/json", method: "POST", body: ping, headers: []string{"Content-Type", "application/json"}, status: 200, media: "application/json", data: true},
		{name: "POST Accept */*", method: "POST", body: ping, headers: []string{"Content-Type", "application/json", "Accept", "*/*"}, status: 200, media: "application/json", data: true},
		{name: "POST Accept q-values", method: "POST", body: ping, headers: []string{"Content-Type", "application/json", "Accept", "application/json;q=0.5, " + grj}, status: 200, media: grj, data: true},
		{name: "POST charset utf-8", method: "POST", body: ping, headers: []string{"Content-Type", "application/json; charset=utf-8", "Accept", grj}, status: 200, media: grj, data: true},
		{name: "POST Accept unsupported", method: "POST", body: ping, headers: []string{"Content-Type", "application/json", "Accept", "text/html"}, status: 406, media: "application/json", code: "BAD_REQUEST"},
		{name: "POST no Content-Type", method: "POST", body: ping, headers: []string{"Accept", grj}, status: 415, media: grj, code: "BAD_REQUEST"},
		{name: "POST text/plain", method: "POST", body: ping, headers: []string{"Content-Type", "text/plain", "Accept", grj}, status: 415, code: "BAD_REQUEST"},
		{name: "POST other charset", method: "POST", body: ping, headers: []string{"Content-Type", "application/json; charset=latin1", "Accept", grj}, status: 415, code: "BAD_REQUEST"},
		{name: "POST malformed JSON", method: "POST", body: `{"query":`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "BAD_REQUEST"},
		{name: "POST malformed JSON, legacy", method: "POST", body: `{"query":`, headers: []string{"Content-Type", "application/json", "Accept", "application/json"}, status: 400, code: "BAD_REQUEST"},
		{name: "POST empty body", method: "POST", headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "BAD_REQUEST"},
		{name: "POST JSON array (batch)", method: "POST", body: `[` + ping + `]`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "BAD_REQUEST"},
		{name: "POST JSON null", method: "POST", body: `null`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "BAD_REQUEST"},
		{name: "POST two objects", method: "POST", body: ping + ping, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "BAD_REQUEST"},
		{name: "POST query not a string", method: "POST", body: `{"query":1}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "BAD_REQUEST"},
		{name: "POST variables not an object", method: "POST", body: `{"query":"{ ping }","variables":"x"}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "BAD_REQUEST"},
		{name: "POST null members", method: "POST", body: `{"query":"{ ping }","variables":null,"operationName":null,"extensions":null}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 200, data: true},
		{name: "POST missing query", method: "POST", body: `{}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "BAD_REQUEST"},
		{name: "POST parse error", method: "POST", body: `{"query":"{"}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "GRAPHQL_PARSE_FAILED"},
		{name: "POST parse error, legacy", method: "POST", body: `{"query":"{"}`, headers: []string{"Content-Type", "application/json", "Accept", "application/json"}, status: 200, code: "GRAPHQL_PARSE_FAILED"},
		{name: "POST validation error", method: "POST", body: `{"query":"{ nope }"}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "POST validation error, legacy", method: "POST", body: `{"query":"{ nope }"}`, headers: []string{"Content-Type", "application/json", "Accept", "application/json"}, status: 200, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "POST unknown operationName", method: "POST", body: `{"query":"query A { ping }","operationName":"B"}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "POST bad variable value", method: "POST", body: `{"query":"query($ms: Int!) { slow(ms: $ms) }","variables":{"ms":"x"}}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 400, code: "GRAPHQL_VALIDATION_FAILED"},
		{name: "POST mutation", method: "POST", body: `{"query":"mutation { touch }"}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 200, data: true},
		{name: "POST field error keeps 200", method: "POST", body: `{"query":"{ ping fail(code: \"NOT_FOUND\") }"}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 200, data: true, code: "NOT_FOUND"},
		{name: "POST body over the limit", method: "POST", body: `{"query":"{ ping }","x":"` + strings.Repeat("a", 300) + `"}`, headers: []string{"Content-Type", "application/json", "Accept", grj}, status: 413, code: "BAD_REQUEST"},
		{name: "GET query", method: "GET", target: "?query=" + url.QueryEscape("{ ping }"), headers: []string{"Accept", grj}, status: 200, media: grj, data: true},
		{name: "GET with variables", method: "GET", target: "?query=" + url.QueryEscape("query($ms: Int!) { slow(ms: $ms) }") + "&variables=" + url.QueryEscape(`{"ms":1}`), status: 200, data: true},
		{name: "GET bad variables", method: "GET", target: "?query=" + url.QueryEscape("{ ping }") + "&variables=%5B", headers: []string{"Accept", grj}, status: 400, code: "BAD_REQUEST"},
		{name: "GET no query", method: "GET", headers: []string{"Accept", grj}, status: 400, code: "BAD_REQUEST"},
		{name: "GET mutation refused", method: "GET", target: "?query=" + url.QueryEscape("mutation { touch }"), headers: []string{"Accept", grj}, status: 405, code: "BAD_REQUEST", allow: "POST"},
		{name: "GET mutation refused, legacy", method: "GET", target: "?query=" + url.QueryEscape("mutation { touch }"), headers: []string{"Accept", "application/json"}, status: 405, code: "BAD_REQUEST", allow: "POST"},
		{name: "PUT", method: "PUT", body: ping, headers: []string{"Content-Type", "application/json"}, status: 405, code: "BAD_REQUEST", allow: "GET, POST, OPTIONS"},
		{name: "OPTIONS", method: "OPTIONS", status: 204, allow: "GET, POST, OPTIONS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := e.do(t, tt.method, "/graphql"+tt.target, tt.body, tt.headers...)
			if r.status != tt.status {
				t.Errorf("status = %d, want %d (body %s)", r.status, tt.status, r.raw)
			}
			if tt.media != "" && !strings.HasPrefix(r.header.Get("Content-Type"), tt.media) {
				t.Errorf("Content-Type = %q, want %s", r.header.Get("Content-Type"), tt.media)
			}
			if r.status != 204 && r.hasData() != tt.data {
				t.Errorf("has data = %v, want %v (body %s)", r.hasData(), tt.data, r.raw)
			}
			if got := r.errorCode(); got != tt.code {
				t.Errorf("extensions.code = %q, want %q (body %s)", got, tt.code, r.raw)
			}
			if got := r.header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow = %q, want %q", got, tt.allow)
			}
		})
	}
}

func TestBodyLimit_Chunked(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *gateway.Options) { o.MaxBodyBytes = 64 })
	// A body without Content-Length is cut off while read.
	req := `{"query":"{ ping }","pad":"` + strings.Repeat("x", 200) + `"}`
	got := e.doChunked(t, req)
	if got.status != 413 {
		t.Errorf("chunked oversized body: status = %d, want 413 (%s)", got.status, got.raw)
	}
}

func TestAPQ(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	query := "{ ping }"
	sum := sha256.Sum256([]byte(query))
	ext := fmt.Sprintf(`{"persistedQuery":{"version":1,"sha256Hash":%q}}`, hex.EncodeToString(sum[:]))

	r := e.post(t, `{"extensions":`+ext+`}`, grj)
	if r.errorCode() != "PERSISTED_QUERY_NOT_FOUND" || r.hasData() {
		t.Fatalf("unknown hash: %d %s, want PERSISTED_QUERY_NOT_FOUND without data", r.status, r.raw)
	}
	if r = e.post(t, `{"query":"{ ping }","extensions":`+ext+`}`, grj); r.status != 200 || !r.hasData() {
		t.Fatalf("registering: %d %s", r.status, r.raw)
	}
	if r = e.post(t, `{"extensions":`+ext+`}`, grj); r.status != 200 || r.errorCode() != "" {
		t.Fatalf("by hash: %d %s, want data", r.status, r.raw)
	}
	// GET works with the hash alone too, which makes persisted queries cacheable by CDNs.
	if r = e.do(t, "GET", "/graphql?extensions="+url.QueryEscape(ext), ""); r.status != 200 || r.errorCode() != "" {
		t.Fatalf("GET by hash: %d %s", r.status, r.raw)
	}
	m := scrape(t, e)
	metrictext.Check(t, m, map[string]float64{`bssgraph_cache_hits_total{cache="apq"}`: 2})
	if _, ok := metrictext.Value(m, `bssgraph_cache_hits_total{cache="query"}`); !ok {
		t.Errorf(`/metrics lacks bssgraph_cache_hits_total{cache="query"}`)
	}
}

// TestAPQ_Refusals: a persistedQuery extension the gateway cannot use is
// the caller's mistake, refused with BAD_REQUEST and no data, never an
// error without a code (which clients read as INTERNAL).
func TestAPQ_Refusals(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	zero := strings.Repeat("0", 64)
	for _, tt := range []struct{ name, ext string }{
		{"hash does not match the query", `{"persistedQuery":{"version":1,"sha256Hash":"` + zero + `"}}`},
		{"hash not hex", `{"persistedQuery":{"version":1,"sha256Hash":"xyz"}}`},
		{"version 2", `{"persistedQuery":{"version":2,"sha256Hash":"` + zero + `"}}`},
		{"persistedQuery not an object", `{"persistedQuery":"x"}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := e.post(t, `{"query":"{ ping }","extensions":`+tt.ext+`}`, grj)
			if r.status != 400 || r.hasData() || r.errorCode() != "BAD_REQUEST" {
				t.Errorf("%d %s, want 400 BAD_REQUEST without data", r.status, r.raw)
			}
		})
	}
}

func TestIntrospectionSwitch(t *testing.T) {
	t.Parallel()
	q := `{"query":"{ __schema { queryType { name } } }"}`
	on := newEnv(t, nil)
	if r := on.post(t, q, grj); r.status != 200 || r.errorCode() != "" {
		t.Errorf("introspection on: %d %s", r.status, r.raw)
	}
	off := newEnv(t, func(o *gateway.Options) { o.Introspection = false })
	if r := off.post(t, q, grj); r.errorCode() == "" || !strings.Contains(r.raw, "introspection disabled") {
		t.Errorf("introspection off: %d %s, want an error", r.status, r.raw)
	}
	// With introspection off, validation must not suggest field names.
	if r := off.post(t, `{"query":"{ pin }"}`, grj); strings.Contains(r.raw, "ping") {
		t.Errorf("introspection off still suggests fields: %s", r.raw)
	}
}

func TestParserTokenLimit(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *gateway.Options) { o.ParserTokenLimit = 50 })
	q := `{"query":"{ ` + strings.Repeat("ping ", 60) + `}"}`
	if r := e.post(t, q, grj); r.status != 400 || r.hasData() {
		t.Errorf("query over the token limit: %d %s, want 400 without data", r.status, r.raw)
	}
	if r := e.post(t, `{"query":"{ ping }"}`, grj); r.status != 200 {
		t.Errorf("small query: %d %s", r.status, r.raw)
	}
}

// In a synctest bubble the clock moves only when every goroutine waits, so
// the request must end exactly at its timeout, not at the 5s field.
func TestRequestTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newInMemoryEnv(t, func(o *gateway.Options) { o.RequestTimeout = 100 * time.Millisecond })
		start := time.Now()
		r := e.post(t, `{"query":"{ ping slow(ms: 5000) }"}`, grj)
		if d := time.Since(start); d != 100*time.Millisecond {
			t.Errorf("request took %v, want it cut at the 100ms timeout", d)
		}
		if r.status != 200 || r.errorCode() != "TIMEOUT" {
			t.Errorf("timed-out request: %d %s, want 200 with a TIMEOUT field error", r.status, r.raw)
		}
	})
}

// TestBatchArraysRefused: a JSON array of operations gets 400 and says
// batching is not supported, under both media types; nothing runs.
func TestBatchArraysRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, media := range []string{grj, "application/json"} {
		r := e.post(t, `[{"query":"{ ping }"},{"query":"{ ping }"}]`, media)
		if r.status != 400 || r.hasData() || r.errorCode() != "BAD_REQUEST" || !strings.Contains(r.raw, "batched requests") {
			t.Errorf("%s: %d %s, want 400 BAD_REQUEST saying batches are not supported", media, r.status, r.raw)
		}
	}
}

// TestDeadlineBeforeExecution: a request whose deadline passes before the
// executor answers gets a TIMEOUT error marked retryable.
func TestDeadlineBeforeExecution(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *gateway.Options) { o.RequestTimeout = time.Nanosecond })
	r := e.post(t, `{"query":"{ ping }"}`, grj)
	errs, _ := r.body["errors"].([]any)
	if len(errs) != 1 {
		t.Fatalf("%d %s, want one error", r.status, r.raw)
	}
	first, _ := errs[0].(map[string]any)
	ext, _ := first["extensions"].(map[string]any)
	if r.status != 200 || ext["code"] != "TIMEOUT" || ext["retryable"] != true {
		t.Errorf("%d %s, want 200 with one TIMEOUT error, retryable", r.status, r.raw)
	}
}
