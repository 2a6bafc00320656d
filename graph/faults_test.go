package graph_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/zerolog"
	"go.uber.org/goleak"

	"bssgraph/graph"
	"bssgraph/internal/testlog"
	"bssgraph/loaders"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// Fault tests run the stack of newEnv with the gateway's protections made
// short enough to trip: a per-attempt call timeout and a request deadline.
const (
	faultCallTimeout = 300 * time.Millisecond
	faultDeadline    = 2 * time.Second
)

// faultEnv is an env whose log and upstream server the test can reach.
type faultEnv struct {
	*env
	log *testlog.Buffer
	up  *httptest.Server
}

// newFaultEnv is newEnv with callTimeout per upstream attempt, two
// attempts per read, faultDeadline per GraphQL request, and one log for the
// whole stack.
func newFaultEnv(t *testing.T, callTimeout time.Duration) *faultEnv {
	t.Helper()
	log := &testlog.Buffer{}
	sb := sandbox.New(sandbox.Options{Sizes: testSizes, QuotaScale: -1, Log: zerolog.New(log)})
	up := httptest.NewServer(sb)
	t.Cleanup(up.Close)
	bss, err := upstream.NewClient(up.URL, upstream.WithLimiter(upstream.NewWindowLimiter(-1)),
		upstream.WithCallTimeout(callTimeout), upstream.WithLogger(zerolog.New(log).Level(zerolog.DebugLevel)),
		upstream.WithRetryPolicy(upstream.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	opts := graph.Options{BSS: bss, IAM: upstream.NewIAM(up.URL, nil), Log: zerolog.New(log), Budget: 200}
	srv := handler.New(graph.NewSchema(opts))
	srv.AddTransport(transport.POST{})
	graph.Configure(opts)(srv)
	h := withDeadline(loaders.Middleware(bss, nil)(srv), faultDeadline)
	gql := httptest.NewServer(withCaller(h))
	t.Cleanup(gql.Close)
	return &faultEnv{env: &env{t: t, sandbox: sb, gql: gql}, log: log, up: up}
}

// withDeadline is the gateway's request timeout.
func withDeadline(next http.Handler, d time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// faultQuery reads the viewer's balance (5.1) next to a monthly bill (7.1)
// that is nullable: a failing 7.1 must leave the balance intact.
const faultQuery = `{ viewer {
	balance { currency }
	bill: monthlyBill(cycle: "2026-09") { totalCount }
} }`

// Each upstream fault on 7.1 gives one typed error on viewer.bill, with the
// status and request id where BSS's answer had them, and leaves the balance.
func TestFaults_AffectedFieldOnly(t *testing.T) {
	t.Parallel()
	only71 := []string{"ShowCustomerMonthlySum"}
	tests := []struct {
		name          string
		faults        sandbox.Faults
		wantCode      string
		wantRetryable bool
		wantStatus    int    // 0: no HTTP answer to report
		wantUpstream  string // extensions.upstreamCode
		wantCalls     int    // calls of 7.1: 2 when the read is retried
	}{
		{"5xx", sandbox.Faults{ErrorRate: 1}, "UPSTREAM_UNAVAILABLE", true, 500, "CBC.0999", 2},
		{"429 storm", sandbox.Faults{Throttle: 1000}, "THROTTLED", true, 429, "APIGW.0308", 2},
		{"load balancer page", sandbox.Faults{GatewayPageRate: 1}, "UPSTREAM_UNAVAILABLE", true, 502, "", 2},
		{"malformed JSON", sandbox.Faults{GarbageRate: 1}, "UPSTREAM_UNAVAILABLE", true, 200, "", 2},
		{"truncated JSON", sandbox.Faults{MalformedRate: 1}, "UPSTREAM_UNAVAILABLE", true, 200, "", 2},
		{"connection reset", sandbox.Faults{ResetRate: 1}, "UPSTREAM_UNAVAILABLE", true, 0, "", 2},
		{"connection dropped", sandbox.Faults{DropRate: 1}, "UPSTREAM_UNAVAILABLE", true, 0, "", 2},
		{"latency past the call timeout", sandbox.Faults{Latency: 4 * faultCallTimeout}, "UPSTREAM_UNAVAILABLE", true, 0, "", 2},
		{"body slower than the call timeout", sandbox.Faults{SlowBody: 4 * faultCallTimeout}, "UPSTREAM_UNAVAILABLE", true, 0, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newFaultEnv(t, faultCallTimeout)
			tt.faults.Operations = only71
			e.sandbox.SetFaults(tt.faults)
			r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer, query: faultQuery})

			if got := dig(r.Data, "viewer", "balance", "currency"); got != "USD" {
				t.Errorf("viewer.balance.currency = %v, want USD: the sibling of the failing field was lost (%s)", got, r.raw)
			}
			if got := dig(r.Data, "viewer", "bill"); got != nil {
				t.Errorf("viewer.bill = %v, want null", got)
			}
			if len(r.Errors) != 1 {
				t.Fatalf("errors = %+v, want exactly one on viewer.bill", r.Errors)
			}
			err := r.Errors[0]
			ext := err.Extensions
			if strings.Join(pathOf(err), ".") != "viewer.bill" || ext["code"] != tt.wantCode || ext["retryable"] != tt.wantRetryable {
				t.Errorf("error = %s %v %v, want %s retryable=%v on viewer.bill", err.Message, err.Path, ext, tt.wantCode, tt.wantRetryable)
			}
			if tt.wantStatus != 0 {
				if !isNumber(ext["httpStatus"], float64(tt.wantStatus)) || ext["upstreamCode"] != tt.wantUpstream {
					t.Errorf("extensions = %v, want httpStatus %d and upstreamCode %q", ext, tt.wantStatus, tt.wantUpstream)
				}
				if rid, _ := ext["requestId"].(string); !strings.HasPrefix(rid, "sandbox-") {
					t.Errorf("extensions.requestId = %v, want the sandbox's X-Request-Id", ext["requestId"])
				}
			}
			// net/http itself resends a GET once when a reused connection
			// hangs up before answering, so a hang-up may cost one more call
			// per attempt; the client's own retries stay at wantCalls.
			got, most := e.calls()["ShowCustomerMonthlySum"], tt.wantCalls
			if tt.faults.ResetRate > 0 || tt.faults.DropRate > 0 {
				most *= 2
			}
			if got < tt.wantCalls || got > most {
				t.Errorf("7.1 called %d times, want %d to %d", got, tt.wantCalls, most)
			}
			assertNoLeak(t, r, e.log)
		})
	}
}

// assertNoLeak fails when the answer repeats an upstream body or the stack
// panicked.
func assertNoLeak(t *testing.T, r *response, log *testlog.Buffer) {
	t.Helper()
	for _, leak := range []string{"10.21.4.17", "cbc.internal", "<html", "'records'", "goroutine "} {
		if strings.Contains(string(r.raw), leak) {
			t.Errorf("the GraphQL response contains %q: %s", leak, r.raw)
		}
	}
	for _, c := range r.errorCodes() {
		if c == "INTERNAL" {
			t.Errorf("an INTERNAL error: a fault was not classified or something panicked: %s", r.raw)
		}
	}
	if strings.Contains(log.String(), "panic") {
		t.Errorf("the stack panicked: %s", log.String())
	}
}

// The load balancer's page is logged for operators at debug level, but the
// client sees only its status.
func TestFaults_GatewayPageLoggedNotShown(t *testing.T) {
	t.Parallel()
	e := newFaultEnv(t, faultCallTimeout)
	e.sandbox.SetFaults(sandbox.Faults{GatewayPageRate: 1, Operations: []string{"ShowCustomerMonthlySum"}})
	r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer, query: faultQuery})
	assertNoLeak(t, r, e.log)
	if !strings.Contains(e.log.String(), "10.21.4.17") {
		t.Errorf("the debug log lacks the upstream body: %s", e.log.String())
	}
	if strings.Contains(e.log.String(), sandbox.TokenCustomer) {
		t.Errorf("the debug log repeats the caller's token")
	}
}

// Two fields backed by the same failing API: each carries its own error and
// the sibling backed by another API keeps its data.
func TestFaults_SeveralAPIsAtOnce(t *testing.T) {
	t.Parallel()
	e := newFaultEnv(t, faultCallTimeout)
	e.sandbox.SetFaults(sandbox.Faults{ErrorRate: 1, Operations: []string{"ShowCustomerMonthlySum"}})
	r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer, query: `{ viewer {
		balance { currency }
		sep: monthlyBill(cycle: "2026-09") { totalCount }
		aug: monthlyBill(cycle: "2026-08") { totalCount }
	} }`})
	if got := dig(r.Data, "viewer", "balance", "currency"); got != "USD" {
		t.Errorf("viewer.balance.currency = %v, want USD (%s)", got, r.raw)
	}
	paths := map[string]bool{}
	for _, err := range r.Errors {
		paths[strings.Join(pathOf(err), ".")] = true
	}
	if len(r.Errors) != 2 || !paths["viewer.sep"] || !paths["viewer.aug"] {
		t.Errorf("errors on %v, want one on viewer.sep and one on viewer.aug: %s", paths, r.raw)
	}
	assertNoLeak(t, r, e.log)
}

// An upstream slower than the whole request, with a call timeout longer
// than the request's deadline: the answer comes at the deadline, not when
// the upstream would have answered, with an error on the slow field, the
// sibling intact and no panic. (The deadline's error code is f6-limits'
// business; this asserts only that it is an error on viewer.bill.)
func TestFaults_LatencyPastTheDeadline(t *testing.T) {
	t.Parallel()
	e := newFaultEnv(t, 10*faultDeadline)
	const latency = 30 * time.Second
	e.sandbox.SetFaults(sandbox.Faults{Latency: latency, Operations: []string{"ShowCustomerMonthlySum"}})
	start := time.Now()
	r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer, query: faultQuery})
	if took := time.Since(start); took > latency/4 {
		t.Errorf("the answer took %s, a large part of the upstream's %s latency: the request outlived its deadline", took, latency)
	}
	if len(r.Errors) != 1 || strings.Join(pathOf(r.Errors[0]), ".") != "viewer.bill" || dig(r.Data, "viewer", "bill") != nil {
		t.Errorf("want one error, on viewer.bill: %s", r.raw)
	}
	if got := dig(r.Data, "viewer", "balance", "currency"); got != "USD" {
		t.Errorf("viewer.balance.currency = %v, want USD (%s)", got, r.raw)
	}
	if strings.Contains(e.log.String(), "panic") {
		t.Errorf("the stack panicked: %s", e.log.String())
	}
}

// pathOf returns an error's path as strings.
func pathOf(e gqlError) []string {
	out := make([]string, len(e.Path))
	for i, p := range e.Path {
		out[i] = fmt.Sprint(p)
	}
	return out
}

// No goroutine a faulty request started outlives it: after requests that
// hit a reset, a hang past the call timeout and a trickling body, and once
// the servers are closed, every goroutine the test started is gone. Not
// parallel, so other tests' goroutines do not count.
func TestFaults_NoGoroutineOutlivesTheRequest(t *testing.T) {
	before := goleak.IgnoreCurrent()
	e := newFaultEnv(t, faultCallTimeout)
	for _, f := range []sandbox.Faults{
		{ResetRate: 1},
		{Latency: 30 * time.Second},
		{SlowBody: 4 * faultCallTimeout},
		{GatewayPageRate: 0.5, MalformedRate: 0.5},
	} {
		f.Operations = []string{"ShowCustomerMonthlySum"}
		e.sandbox.SetFaults(f)
		r := e.do(request{token: sandbox.TokenCustomer, domainID: sandbox.DomainCustomer, query: faultQuery})
		assertNoLeak(t, r, e.log)
	}
	e.gql.Client().CloseIdleConnections()
	e.gql.Close()
	e.up.Close()
	goleak.VerifyNone(t, before)
}

// A mutation whose answer is unreadable, a load balancer's page or a hang-up
// may have run: it is sent once, never retried, and reported as
// OUTCOME_UNKNOWN without the body.
func TestFaults_MutationOutcomeUnknown(t *testing.T) {
	t.Parallel()
	for _, f := range []sandbox.Faults{{GarbageRate: 1}, {GatewayPageRate: 1}, {ResetRate: 1}} {
		e := newFaultEnv(t, faultCallTimeout)
		res := findResources(t, e.env).grace
		f.Operations = []string{"EnableAutoRenew"}
		e.sandbox.SetFaults(f)
		e.resetCalls()
		r := e.query(`mutation { enableAutoRenew(input: {resourceId: "`+res+`"}) { resourceId } }`, nil)
		if codes := r.errorCodes(); len(codes) != 1 || codes[0] != "OUTCOME_UNKNOWN" {
			t.Errorf("%+v: errors = %s, want one OUTCOME_UNKNOWN", f, r.raw)
		}
		if got := e.calls()["EnableAutoRenew"]; got != 1 {
			t.Errorf("%+v: EnableAutoRenew sent %d times, want once", f, got)
		}
		assertNoLeak(t, r, e.log)
	}
}
