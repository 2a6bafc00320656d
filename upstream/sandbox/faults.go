package sandbox

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"bssgraph/upstream"
)

// Faults are failures injected into API answers, for tests and benchmarks
// of the gateway's retries, timeouts and error reporting. Rates are
// probabilities in [0, 1]; Operations limits them to some operation names
// (empty: all).
type Faults struct {
	Latency       time.Duration `json:"latency"`        // added to every answer
	ErrorRate     float64       `json:"error_rate"`     // answer 500 CBC.0999
	Throttle      int           `json:"throttle"`       // the next N calls answer 429 APIGW.0308
	MalformedRate float64       `json:"malformed_rate"` // a 200 whose JSON body is cut in half
	DropRate      float64       `json:"drop_rate"`      // close the connection without answering
	Operations    []string      `json:"operations,omitempty"`
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
	fi.f = f
	fi.mu.Unlock()
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

// apply injects the faults that replace an answer. It reports whether it
// answered (or dropped) the request itself.
func (fi *faultInjector) apply(w http.ResponseWriter, r *http.Request, op *upstream.Operation) bool {
	fi.mu.Lock()
	f := fi.f
	if !f.applies(op) {
		fi.mu.Unlock()
		return false
	}
	throttle := f.Throttle > 0
	if throttle {
		fi.f.Throttle--
	}
	drop, fail := fi.roll(f.DropRate), fi.roll(f.ErrorRate)
	fi.mu.Unlock()

	if f.Latency > 0 {
		t := time.NewTimer(f.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	switch {
	case drop:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return true
			}
		}
		panic(http.ErrAbortHandler) // closes the connection without an answer
	case throttle:
		writeJSON(w, http.StatusTooManyRequests, map[string]any{
			"status_code": 429, "request_id": w.Header().Get("X-Request-Id"), "error_code": "APIGW.0308",
			"error_message": "The throttling threshold has been reached: policy user over ratelimit,limit:10,time:1 second", "encoded_authorization_message": "",
		})
		return true
	case fail:
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error_code": "CBC.0999", "error_msg": "Other errors."})
		return true
	}
	return false
}

// malformed reports whether this answer should be cut short.
func (fi *faultInjector) malformed(op *upstream.Operation) bool {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return fi.f.applies(op) && fi.roll(fi.f.MalformedRate)
}
