package sandbox

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"time"

	"bssgraph/upstream"
)

// Faults are failures injected into API answers, for tests and benchmarks
// of the gateway's retries, timeouts and error reporting. Rates are
// probabilities in [0, 1]; counts apply to the next N calls; Operations
// limits them to some operation names (empty: all).
type Faults struct {
	Latency       time.Duration `json:"latency"`        // added to every answer
	ErrorRate     float64       `json:"error_rate"`     // answer 500 CBC.0999
	Throttle      int           `json:"throttle"`       // the next N calls answer 429 APIGW.0308
	MalformedRate float64       `json:"malformed_rate"` // a 200 whose JSON body is cut in half
	DropRate      float64       `json:"drop_rate"`      // close the connection without answering
	// ResetRate resets the connection (TCP RST) without answering.
	ResetRate float64 `json:"reset_rate"`
	// GatewayPageRate answers 502 with a load balancer's HTML page that
	// names an internal host and IP, which must never reach a client.
	GatewayPageRate float64 `json:"gateway_page_rate"`
	// GarbageRate answers 200 with a body that is not valid JSON.
	GarbageRate float64 `json:"garbage_rate"`
	// SlowBody spreads the body of each answer over this long, a few bytes
	// at a time, after the headers went out.
	SlowBody time.Duration `json:"slow_body"`
	// Panics makes the next N handlers panic while they hold the data lock,
	// to prove the sandbox recovers and releases it.
	Panics     int      `json:"panics"`
	Operations []string `json:"operations,omitempty"`
}

var errBadFaults = errors.New("rates must be in [0, 1]; latency, slow_body, throttle and panics must not be negative")

// validate refuses rates outside [0, 1] and negative durations or counts.
func (f *Faults) validate() error {
	for _, r := range []float64{f.ErrorRate, f.MalformedRate, f.DropRate, f.ResetRate, f.GatewayPageRate, f.GarbageRate} {
		if r < 0 || r > 1 {
			return errBadFaults
		}
	}
	if f.Latency < 0 || f.SlowBody < 0 || f.Throttle < 0 || f.Panics < 0 {
		return errBadFaults
	}
	return nil
}

// faultPlan is what the injector decided for one call, drawn at once so a
// call sees one consistent set of faults.
type faultPlan struct {
	latency, slowBody                              time.Duration
	drop, reset, throttle, fail, gatewayPage, junk bool
	truncate, panic                                bool
}

type faultInjector struct {
	mu  sync.Mutex
	f   Faults
	rnd *rand.Rand
}

func newFaultInjector(seed int64, f Faults) *faultInjector {
	return &faultInjector{f: f, rnd: rand.New(rand.NewPCG(uint64(seed), 0xfa17))}
}

func (fi *faultInjector) set(f Faults) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	fi.f = f
}

func (fi *faultInjector) get() Faults {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.f
}

func (f *Faults) applies(op *upstream.Operation) bool {
	if len(f.Operations) == 0 {
		return true
	}
	for _, name := range f.Operations {
		if name == op.Name {
			return true
		}
	}
	return false
}

// roll reports whether an event of probability p happens.
func (fi *faultInjector) roll(p float64) bool {
	return p > 0 && fi.rnd.Float64() < p
}

// take consumes one of the next-N-calls budget n.
func take(n *int) bool {
	if *n > 0 {
		*n--
		return true
	}
	return false
}

// plan draws the faults of one call to op.
func (fi *faultInjector) plan(op *upstream.Operation) faultPlan {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	f := &fi.f
	if !f.applies(op) {
		return faultPlan{}
	}
	return faultPlan{
		latency: f.Latency, slowBody: f.SlowBody,
		throttle: take(&f.Throttle), panic: take(&f.Panics),
		drop: fi.roll(f.DropRate), reset: fi.roll(f.ResetRate), fail: fi.roll(f.ErrorRate),
		gatewayPage: fi.roll(f.GatewayPageRate), junk: fi.roll(f.GarbageRate), truncate: fi.roll(f.MalformedRate),
	}
}

// gatewayPage is a load balancer's answer when its backend is gone. It names
// internal addresses, as real ones do.
const gatewayPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<p>upstream bss-core-03.cbc.internal (10.21.4.17:8443) closed the connection</p>
<hr><center>elb/2.4.1</center>
</body>
</html>
`

// garbage is a 200 body that is not JSON: single quotes, a trailing comma.
const garbage = `{'total_count': 1, 'records': [ {'id': 'x'}, ]}`

// before injects the faults that replace an answer, before the handler
// runs. It reports whether it answered (or dropped) the request itself.
func (p *faultPlan) before(w http.ResponseWriter, r *http.Request) bool {
	if p.latency > 0 {
		t := time.NewTimer(p.latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	switch {
	case p.reset:
		hangUp(w, true)
	case p.drop:
		hangUp(w, false)
	case p.throttle:
		writeJSON(w, http.StatusTooManyRequests, map[string]any{
			"status_code": 429, "request_id": w.Header().Get("X-Request-Id"), "error_code": "APIGW.0308",
			"error_message": "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second", "encoded_authorization_message": "",
		})
	case p.fail:
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error_code": "CBC.0999", "error_msg": "Other errors."})
	case p.gatewayPage:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		w.Write([]byte(gatewayPage))
	case p.junk:
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		w.Write([]byte(garbage))
	default:
		return false
	}
	return true
}

// hangUp closes the connection without an answer: with a TCP reset when
// reset is set, else with an orderly close.
func hangUp(w http.ResponseWriter, reset bool) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tc, ok := conn.(*net.TCPConn); ok && reset {
				tc.SetLinger(0) // close sends RST instead of FIN
			}
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler) // closes the connection without an answer
}

// write sends a handler's successful answer, cut short or slowed down when
// the plan says so.
func (p *faultPlan) write(w http.ResponseWriter, r *http.Request, resp any) {
	if !p.truncate && p.slowBody <= 0 {
		writeJSON(w, http.StatusOK, resp)
		return
	}
	b, err := json.Marshal(resp)
	if err != nil {
		writeJSON(w, http.StatusOK, resp) // answers the encoding failure
		return
	}
	if p.truncate {
		// A body cut short, as a proxy dropping a connection mid-answer would.
		b = b[:len(b)/2]
	}
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	if p.slowBody <= 0 {
		w.Write(b)
		return
	}
	w.WriteHeader(http.StatusOK)
	trickle(w, r, b, p.slowBody)
}

// slowChunks is how many pieces a slow body is sent in.
const slowChunks = 10

// trickle writes b in slowChunks pieces spread over d, flushing each, and
// stops when the client goes away.
func trickle(w http.ResponseWriter, r *http.Request, b []byte, d time.Duration) {
	rc := http.NewResponseController(w)
	step := max(1, (len(b)+slowChunks-1)/slowChunks)
	t := time.NewTicker(d / slowChunks)
	defer t.Stop()
	for len(b) > 0 {
		n := min(step, len(b))
		if _, err := w.Write(b[:n]); err != nil {
			return
		}
		rc.Flush()
		b = b[n:]
		if len(b) == 0 {
			return
		}
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	}
}
