package gateway

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// The GraphiQL page and its bundle, built by tools/web/build-graphiql.mjs and
// committed, so the binary serves GraphiQL with no network and no Node.js.
//
//go:embed graphiql/index.html graphiql/dist
var graphiqlFS embed.FS

// graphiqlCSP keeps the page to its own origin. Monaco and React set inline
// styles, and Monaco starts its workers from the gateway's own URLs.
const graphiqlCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; " +
	"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// graphiqlConfig is what the page's script reads from the gateway.
type graphiqlConfig struct {
	Endpoint string `json:"endpoint"`
	Query    string `json:"query"`
	Headers  string `json:"headers,omitempty"` // JSON text for the headers editor
}

// graphiQL renders the page once; its settings do not change while serving.
func (g *gateway) graphiQL() (http.Handler, error) {
	tmpl, err := template.ParseFS(graphiqlFS, "graphiql/index.html")
	if err != nil {
		return nil, fmt.Errorf("parsing GraphiQL page: %w", err)
	}
	cfg := graphiqlConfig{Endpoint: "/graphql", Query: g.o.ExampleQuery}
	if len(g.o.GraphiQLHeaders) > 0 {
		b, err := json.MarshalIndent(g.o.GraphiQLHeaders, "", "  ")
		if err != nil {
			return nil, err
		}
		cfg.Headers = string(b)
	}
	var page bytes.Buffer
	// html/template encodes Config as JSON inside the script element, with
	// <, > and & escaped, so a query cannot close the element.
	if err := tmpl.Execute(&page, struct {
		Version string
		Config  graphiqlConfig
	}{bundleVersion(), cfg}); err != nil {
		return nil, fmt.Errorf("rendering GraphiQL page: %w", err)
	}
	body := page.Bytes()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", graphiqlCSP)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		_, _ = w.Write(body)
	}), nil
}

var bundleVersion = sync.OnceValue(func() string {
	h := sha256.New()
	_ = fs.WalkDir(graphiqlFS, "graphiql/dist", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := graphiqlFS.ReadFile(p)
			h.Write([]byte(p))
			h.Write(b)
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
})

// asset is one embedded file, with a gzip copy made on first use: the
// bundle is about 7 MB and compresses to a quarter of that.
type asset struct {
	name  string
	raw   []byte
	etag  string
	once  sync.Once
	gzipd []byte
}

func (a *asset) gzipped() []byte {
	a.once.Do(func() {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
		_, _ = zw.Write(a.raw)
		if zw.Close() == nil && b.Len() < len(a.raw) {
			a.gzipd = b.Bytes()
		}
	})
	return a.gzipd
}

var loadAssets = sync.OnceValue(func() map[string]*asset {
	m := map[string]*asset{}
	entries, _ := graphiqlFS.ReadDir("graphiql/dist")
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, _ := graphiqlFS.ReadFile("graphiql/dist/" + e.Name())
		sum := sha256.Sum256(b)
		m[e.Name()] = &asset{name: e.Name(), raw: b, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
	}
	return m
})

// assets serves the bundle. Every file carries a content ETag and is
// revalidated, so a new binary never meets a stale worker in a cache.
func assets() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a, ok := loadAssets()[path.Clean("/" + r.URL.Path)[1:]]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		ctype := mime.TypeByExtension(path.Ext(a.name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		h.Set("Content-Type", ctype)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", "no-cache")
		h.Set("Vary", "Accept-Encoding")
		body, etag := a.raw, a.etag
		if gz := a.gzipped(); gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			body, etag = gz, strings.TrimSuffix(a.etag, `"`)+`-gz"`
		}
		h.Set("ETag", etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}
