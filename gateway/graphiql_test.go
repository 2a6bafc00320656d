package gateway_test

import (
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"bssgraph/gateway"
)

func TestGraphiQL_Page(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *gateway.Options) {
		o.ExampleQuery = "{ ping } # </script><script>alert(1)</script>"
		o.GraphiQLHeaders = map[string]string{"X-Auth-Token": "sandbox-customer"}
	})
	r := e.do(t, "GET", "/", "")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %s", r.status, r.header.Get("Content-Type"))
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("CSP = %q", csp)
	}
	if strings.Count(r.raw, "</script>") != 2 {
		t.Errorf("the example query closed a script element:\n%s", r.raw)
	}
	m := regexp.MustCompile(`(?s)<script id="graphiql-config" type="application/json">(.*?)</script>`).FindStringSubmatch(r.raw)
	if m == nil {
		t.Fatalf("no config element in\n%s", r.raw)
	}
	var cfg struct{ Endpoint, Query, Headers string }
	if err := json.Unmarshal([]byte(m[1]), &cfg); err != nil {
		t.Fatalf("config is not JSON: %v\n%s", err, m[1])
	}
	if cfg.Endpoint != "/graphql" || !strings.HasPrefix(cfg.Query, "{ ping }") || !strings.Contains(cfg.Headers, `"X-Auth-Token": "sandbox-customer"`) {
		t.Errorf("config = %+v", cfg)
	}
	// Every asset the page names must be served.
	for _, src := range regexp.MustCompile(`(?:href|src)="(/graphiql/[^"?]+)`).FindAllStringSubmatch(r.raw, -1) {
		if a := e.do(t, "GET", src[1], ""); a.status != 200 {
			t.Errorf("GET %s = %d", src[1], a.status)
		}
	}
}

func TestGraphiQL_Defaults(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	r := e.do(t, "GET", "/", "")
	if !strings.Contains(r.raw, `"query":"{ __typename }"`) || strings.Contains(r.raw, `"headers"`) {
		t.Errorf("default page config: want the { __typename } example and no headers:\n%s", r.raw)
	}
}

func TestGraphiQL_Assets(t *testing.T) {
	t.Parallel()
	e := newEnv(t, nil)
	for _, name := range []string{"graphiql.js", "graphiql.css", "editor.worker.js", "json.worker.js", "graphql.worker.js"} {
		req, _ := http.NewRequestWithContext(t.Context(), "GET", e.url+"/graphiql/"+name, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("%s: not gzipped: %v", name, err)
		}
		n, _ := io.Copy(io.Discard, zr)
		resp.Body.Close()
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != 200 || n < 1000 || etag == "" || resp.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("%s: %d, %d bytes, ETag %q, encoding %q", name, resp.StatusCode, n, etag, resp.Header.Get("Content-Encoding"))
		}
		if r := e.do(t, "GET", "/graphiql/"+name, "", "Accept-Encoding", "gzip", "If-None-Match", etag); r.status != 304 {
			t.Errorf("%s revalidation = %d, want 304", name, r.status)
		}
	}
	if r := e.do(t, "GET", "/graphiql/../gateway.go", ""); r.status != 404 {
		t.Errorf("path outside the bundle = %d, want 404", r.status)
	}
}

func TestGraphiQL_Off(t *testing.T) {
	t.Parallel()
	e := newEnv(t, func(o *gateway.Options) { o.GraphiQL = false })
	for _, p := range []string{"/", "/graphiql/graphiql.js"} {
		if r := e.do(t, "GET", p, ""); r.status != 404 {
			t.Errorf("GraphiQL off: GET %s = %d, want 404", p, r.status)
		}
	}
}
