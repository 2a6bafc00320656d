package gateway

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"bssgraph/internal/errcodes"
	"bssgraph/upstream"
)

// requestInfo collects what the access log reports about one request. The
// outermost middleware creates it; the transports fill in the operation and
// the errors.
type requestInfo struct {
	id    string
	stats *upstream.Stats

	mu        sync.Mutex
	operation string // operation name as the client sent it
	opType    string // query or mutation, once parsed
	errCodes  []string
}

type infoKey struct{}

// infoFrom returns the requestInfo of ctx; a request that did not pass
// through instrument (a test calling a handler directly) gets a fresh one.
func infoFrom(ctx context.Context) *requestInfo {
	if ri, ok := ctx.Value(infoKey{}).(*requestInfo); ok {
		return ri
	}
	return &requestInfo{}
}

func (ri *requestInfo) setOperation(name, opType string) {
	ri.mu.Lock()
	ri.operation, ri.opType = name, opType
	ri.mu.Unlock()
}

func (ri *requestInfo) addErrorCode(code string) {
	ri.mu.Lock()
	ri.errCodes = append(ri.errCodes, code)
	ri.mu.Unlock()
}

// statusWriter records the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	code  int
	bytes int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// instrument is the outermost middleware of every route: request id,
// tracing span, in-flight gauge, recovery, metrics and the access log line.
// route is a fixed name, used as the metrics label instead of the raw path.
func (g *gateway) instrument(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		defer g.metrics.RequestStarted()()

		ri := &requestInfo{id: requestID(r.Header.Get("X-Request-Id"))}
		w.Header().Set("X-Request-Id", ri.id)
		ctx := context.WithValue(r.Context(), infoKey{}, ri)
		var span trace.Span
		if route == "graphql" {
			ri.stats = &upstream.Stats{}
			ctx = upstream.WithStats(ctx, ri.stats)
			if g.tracing != nil {
				ctx, span = g.tracing.StartRequest(r.WithContext(ctx), "graphql")
			}
		}
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			p := recover()
			if p != nil {
				if p == http.ErrAbortHandler { //nolint:errorlint // a sentinel compared as net/http does
					panic(p)
				}
				// The stack goes to the log only; the client sees a generic error.
				g.log.Error().Str("request_id", ri.id).Interface("panic", p).Bytes("stack", debug.Stack()).Msg("panic serving request")
				if sw.code == 0 {
					g.writeError(sw, r, http.StatusInternalServerError, errcodes.Internal, "internal error")
				}
			}
			d := time.Since(start)
			g.metrics.ObserveRequest(route, sw.status(), d)
			if span != nil {
				span.SetAttributes(semconv.HTTPResponseStatusCode(sw.status()))
				if sw.status() >= 500 {
					span.SetStatus(codes.Error, http.StatusText(sw.status()))
				}
				span.End()
			}
			g.accessLog(route, r, sw, ri, d)
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// accessLog writes the one line per request. It never logs headers, query
// text, variables or bodies: they may hold tokens and customer data.
func (g *gateway) accessLog(route string, r *http.Request, sw *statusWriter, ri *requestInfo, d time.Duration) {
	level := zerolog.InfoLevel
	switch {
	case sw.status() >= 500:
		level = zerolog.ErrorLevel
	case route != "graphql" && route != "graphiql" && route != "other":
		// Probes, scrapes and static assets would drown the useful lines.
		level = zerolog.DebugLevel
	}
	e := g.log.WithLevel(level)
	if !e.Enabled() {
		return
	}
	e = e.Str("request_id", ri.id).Str("method", r.Method).Str("path", r.URL.Path).
		Int("status", sw.status()).Int64("bytes", sw.bytes).
		Float64("duration_ms", float64(d.Microseconds())/1000)
	ri.mu.Lock()
	if ri.operation != "" {
		e = e.Str("operation", ri.operation)
	}
	if ri.opType != "" {
		e = e.Str("operation_type", ri.opType)
	}
	if len(ri.errCodes) > 0 {
		e = e.Strs("errors", ri.errCodes)
	}
	ri.mu.Unlock()
	if ri.stats != nil {
		s := ri.stats.Snapshot()
		e = e.Int("upstream_calls", s.Calls).Int("upstream_cache_hits", s.CacheHits).Int64("upstream_throttled_ms", s.ThrottledMs)
	}
	e.Msg("request")
}

// requestID returns the caller's X-Request-Id when it is a plausible id, or
// a new random one. A bound on the length and the alphabet keeps a caller
// from injecting text into logs and upstream headers.
func requestID(given string) string {
	if len(given) > 0 && len(given) <= 128 && !strings.ContainsFunc(given, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:", c))
	}) {
		return given
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+).
	return hex.EncodeToString(b)
}

// corsHeaders are the request headers a cross-origin caller may send.
const corsHeaders = "Content-Type, Accept, Authorization, X-Auth-Token, X-Api-Key, X-Domain-Id, X-Language, Accept-Language, X-Request-Id, Traceparent, Tracestate"

// cors answers preflights and marks responses for the allowed origins. The
// gateway uses no cookies, so credentials are never allowed.
func (g *gateway) cors(next http.Handler) http.Handler {
	anyOrigin := slices.Contains(g.o.CORSOrigins, "*")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		origin := r.Header.Get("Origin")
		preflight := r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
		if origin == "" || !(anyOrigin || slices.Contains(g.o.CORSOrigins, origin)) {
			if preflight {
				// Without CORS headers the browser refuses the real request.
				w.Header().Add("Vary", "Origin")
				w.WriteHeader(http.StatusNoContent)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		h := w.Header()
		h.Add("Vary", "Origin")
		h.Set("Access-Control-Allow-Origin", origin)
		h.Set("Access-Control-Expose-Headers", "X-Request-Id")
		if preflight {
			h.Set("Access-Control-Allow-Methods", "GET, POST")
			h.Set("Access-Control-Allow-Headers", corsHeaders)
			h.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// allowMethods refuses methods GraphQL over HTTP does not define, before
// gqlgen would answer them with a generic 400.
func (g *gateway) allowMethods(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet, http.MethodPost:
			next.ServeHTTP(w, r)
		case http.MethodOptions:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			w.WriteHeader(http.StatusNoContent)
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			g.writeError(w, r, http.StatusMethodNotAllowed, errcodes.BadRequest, "method not allowed: use GET or POST")
		}
	})
}

// limitBody refuses bodies over MaxBodyBytes: at once when Content-Length
// says so, otherwise when the POST transport reads past the limit.
func (g *gateway) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > g.o.MaxBodyBytes {
			g.writeError(w, r, http.StatusRequestEntityTooLarge, errcodes.BadRequest, "request body too large")
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, g.o.MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}

// withTimeout bounds the request, and with it every upstream call it makes.
func (g *gateway) withTimeout(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), g.o.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
