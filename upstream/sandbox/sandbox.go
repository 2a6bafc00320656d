// Package sandbox is an in-memory simulator of the BSS "Customer Operation
// Capabilities" REST API. It serves the documented paths over real HTTP with
// deterministic seeded data, enforces the documented contract (validation
// codes, limits, quotas, cross-account isolation), changes state the way BSS
// does on mutations, and injects faults on demand. The gateway uses it as its
// default upstream; tests and benchmarks use it as their BSS.
package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"bssgraph/upstream"
)

// Options configures a Server. The zero value is a sandbox with the default
// data sizes, documented quotas and no faults.
type Options struct {
	Log   zerolog.Logger
	Seed  int64 // data seed; 0 means 1
	Sizes Sizes
	// QuotaScale multiplies every documented quota; 0 means 1 (as
	// documented) and a negative value disables quota enforcement.
	QuotaScale float64
	Faults     Faults
	// Now is the sandbox's clock. The default is a fixed instant
	// (Epoch) so data and answers are the same on every run.
	Now func() time.Time
}

// Epoch is the fixed "now" of a default sandbox: 2026-11-01 00:00 in
// GMT+08:00, the time zone of bill cycles. Its 36 months of bills are
// 2023-11 to 2026-10.
var Epoch = time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC)

// Sizes sets how much data each customer account is seeded with. Zero
// fields take the defaults of DefaultSizes.
type Sizes struct {
	Orders    int // orders per customer account
	Resources int // yearly/monthly resources per customer account
	Months    int // months of bills
	Members   int // member accounts of the enterprise master
}

// DefaultSizes are the sizes of a sandbox started with zero Sizes.
var DefaultSizes = Sizes{Orders: 2000, Resources: 5000, Months: 36, Members: 5}

func (s Sizes) withDefaults() Sizes {
	d := DefaultSizes
	if s.Orders > 0 {
		d.Orders = s.Orders
	}
	if s.Resources > 0 {
		d.Resources = s.Resources
	}
	if s.Months > 0 {
		d.Months = s.Months
	}
	if s.Members > 0 {
		d.Members = s.Members
	}
	return d
}

// Server is the simulator. It is an http.Handler and safe for concurrent use.
type Server struct {
	opts    Options
	log     zerolog.Logger
	now     func() time.Time
	mux     *http.ServeMux
	handler http.Handler // mux behind the panic recovery
	quotas  *quotaCounter
	faults  *faultInjector
	reqSeq  atomic.Uint64

	mu    sync.RWMutex // guards world; writers are mutations and Reset
	world *world

	callsMu sync.Mutex
	calls   map[string]int
}

// New returns a sandbox with freshly seeded data.
func New(opts Options) *Server {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	opts.Sizes = opts.Sizes.withDefaults()
	if opts.Now == nil {
		opts.Now = func() time.Time { return Epoch }
	}
	s := &Server{
		opts:   opts,
		log:    opts.Log,
		now:    opts.Now,
		quotas: newQuotaCounter(opts.QuotaScale),
		faults: newFaultInjector(opts.Seed, opts.Faults),
		calls:  make(map[string]int),
	}
	s.world = newWorld(opts.Seed, opts.Sizes, opts.Now())
	s.mux = http.NewServeMux()
	s.routes()
	s.controlRoutes()
	s.iamRoutes()
	s.handler = s.recoverer(s.mux)
	return s
}

// Now is the sandbox's clock (Options.Now): the gateway that embeds the
// sandbox tells clients this time as Query.serverTime.
func (s *Server) Now() time.Time { return s.now() }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// handlerFunc answers one API call for the authenticated account. It
// returns the response body (encoded as JSON), noContent{} for 204, or an
// error (an *apiError; anything else is answered as CBC.0999).
type handlerFunc func(a *account, r *request) (any, error)

// noContent is the answer of APIs that reply 204 with no body.
type noContent struct{}

// handle registers h for op on op's path, and on extra paths (aliases).
func (s *Server) handle(op *upstream.Operation, h handlerFunc, aliases ...string) {
	for _, p := range append([]string{op.Path}, aliases...) {
		s.mux.Handle(op.Method+" "+p, s.pipeline(op, h))
	}
}

// newRequestID numbers an answer and sets its X-Request-Id header.
func (s *Server) newRequestID(w http.ResponseWriter) string {
	id := "sandbox-" + strconv.FormatUint(s.reqSeq.Add(1), 10)
	w.Header().Set("X-Request-Id", id)
	return id
}

// pipeline is the path every API call takes: count, faults, authentication,
// quota, then the handler under the world lock.
func (s *Server) pipeline(op *upstream.Operation, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.count(op.Name)
		reqID := s.newRequestID(w)
		// Answers carry the sandbox's clock, as BSS's carry its own: the
		// gateway's final-state cache reads closed months from it. The
		// handler sees the same instant.
		now := s.now()
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		body, err := io.ReadAll(io.LimitReader(r.Body, 12<<20+1))
		if err != nil {
			return
		}
		plan := s.faults.plan(op)
		if plan.before(w, r) {
			return
		}
		a, aerr := s.authenticate(r, body)
		if aerr != nil {
			writeError(w, aerr, reqID)
			return
		}
		if !s.quotas.allow(a.credential, op) {
			writeJSON(w, http.StatusTooManyRequests, map[string]any{
				"status_code": 429, "request_id": reqID, "error_code": "APIGW.0308",
				"error_message":                 "The throttling threshold has been reached: policy user over ratelimit,limit:" + strconv.Itoa(s.quotas.limit(op)) + ",time:1 second",
				"encoded_authorization_message": "",
			})
			return
		}
		req := &request{http: r, body: body, lang: language(r), op: op, now: now}
		resp, err := s.run(h, a, req, plan.panic)
		switch {
		case err != nil:
			writeError(w, err, reqID)
		case resp == nil, resp == noContent{}:
			w.WriteHeader(http.StatusNoContent)
		default:
			plan.write(w, r, resp)
		}
	})
}

// run calls h under the world lock: the write lock for mutations, the read
// lock otherwise. The lock is released by defer, so a panicking handler
// cannot leave the sandbox locked.
func (s *Server) run(h handlerFunc, a principal, req *request, injectPanic bool) (any, error) {
	if req.op.Mutation {
		s.mu.Lock()
		defer s.mu.Unlock()
	} else {
		s.mu.RLock()
		defer s.mu.RUnlock()
	}
	req.world = s.world
	if injectPanic {
		panic("sandbox: injected handler panic (Faults.Panics)")
	}
	return h(s.world.accountFor(a), req)
}

// recoverer answers a panicking handler with BSS's generic 500 (CBC.0999)
// and logs the panic with its stack; the client never sees the stack.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler { //nolint:errorlint // a recovered value compared as net/http does
				panic(p) // a deliberate hang-up (see hangUp)
			}
			s.log.Error().Str("panic", fmt.Sprint(p)).Bytes("stack", debug.Stack()).
				Str("method", r.Method).Str("path", r.URL.Path).Msg("sandbox handler panic")
			writeError(w, errHandlerPanic, w.Header().Get("X-Request-Id"))
		}()
		next.ServeHTTP(w, r)
	})
}

// errHandlerPanic is not an *apiError, so writeError answers it as BSS's
// generic 500 CBC.0999.
var errHandlerPanic = errors.New("handler panic")

func (s *Server) count(op string) {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	s.calls[op]++
}

// Calls returns how many requests each operation has received since the last
// reset, including those answered with an error.
func (s *Server) Calls() map[string]int {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// TotalCalls returns the sum of Calls.
func (s *Server) TotalCalls() int {
	n := 0
	for _, v := range s.Calls() {
		n += v
	}
	return n
}

// ResetCalls zeroes the call counters.
func (s *Server) ResetCalls() {
	s.callsMu.Lock()
	defer s.callsMu.Unlock()
	s.calls = make(map[string]int)
}

// Reset restores the seeded data, zeroes the counters, clears the quota
// windows and removes all faults.
func (s *Server) Reset() {
	w := newWorld(s.opts.Seed, s.opts.Sizes, s.now())
	s.swapWorld(w)
	s.ResetCalls()
	s.quotas.reset()
	s.faults.set(Faults{})
}

func (s *Server) swapWorld(w *world) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.world = w
}

// currentWorld returns the world as of now; a caller that only reads
// immutable parts (tokens, keys) may use it without holding the lock.
func (s *Server) currentWorld() *world {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.world
}

// SetFaults replaces the injected faults.
func (s *Server) SetFaults(f Faults) { s.faults.set(f) }

// SetQuotaScale changes quota enforcement (see Options.QuotaScale).
func (s *Server) SetQuotaScale(scale float64) { s.quotas.setScale(scale) }

// request is one API call as a handler sees it.
type request struct {
	http *http.Request
	body []byte
	lang string // zh_CN (default) or en_US
	op   *upstream.Operation
	now  time.Time
	// world is the current world; a handler may change it only when op is
	// a mutation (the pipeline then holds the write lock).
	world *world
}

// language returns the X-Language of r: en_US or the documented default zh_CN.
func language(r *http.Request) string {
	if strings.EqualFold(r.Header.Get("X-Language"), "en_US") {
		return "en_US"
	}
	return "zh_CN"
}

// en reports whether the caller asked for English.
func (r *request) en() bool { return r.lang == "en_US" }

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		buf.WriteString(`{"error_code":"CBC.0999","error_msg":"Other errors."}`)
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
