package sandbox

import (
	"encoding/json"
	"net/http"
	"sort"
)

// controlRoutes serves the sandbox's own endpoints under /_sandbox/, a
// prefix BSS never uses: call counters, reset, faults and quotas. They need
// no token; the sandbox is a development and test tool bound to loopback
// by default.
func (s *Server) controlRoutes() {
	s.mux.HandleFunc("GET /_sandbox/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	s.mux.HandleFunc("GET /_sandbox/calls", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"calls": s.Calls(), "total": s.TotalCalls()})
	})
	s.mux.HandleFunc("DELETE /_sandbox/calls", func(w http.ResponseWriter, r *http.Request) {
		s.ResetCalls()
		w.WriteHeader(http.StatusNoContent)
	})
	s.mux.HandleFunc("POST /_sandbox/reset", func(w http.ResponseWriter, r *http.Request) {
		s.Reset()
		w.WriteHeader(http.StatusNoContent)
	})
	s.mux.HandleFunc("GET /_sandbox/faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.faults.get())
	})
	s.mux.HandleFunc("PUT /_sandbox/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Faults
		if err := decodeControl(r, &f); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		if err := f.validate(); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.SetFaults(f)
		writeJSON(w, http.StatusOK, f)
	})
	s.mux.HandleFunc("PUT /_sandbox/quotas", func(w http.ResponseWriter, r *http.Request) {
		var q struct {
			Scale float64 `json:"scale"`
		}
		if err := decodeControl(r, &q); err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		s.SetQuotaScale(q.Scale)
		writeJSON(w, http.StatusOK, q)
	})
	s.mux.HandleFunc("GET /_sandbox/accounts", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Accounts())
	})
}

// AccountInfo describes one sandbox account and how to call as it.
type AccountInfo struct {
	Token     string `json:"token"`
	AccessKey string `json:"access_key"`
	SecretKey string `json:"secret_key"`
	DomainID  string `json:"domain_id"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
}

// Accounts lists the sandbox accounts, in token order.
func (s *Server) Accounts() []AccountInfo {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []AccountInfo
	for tok, a := range s.world.byToken {
		ak, sk := AccessKeyFor(tok)
		out = append(out, AccountInfo{Token: tok, AccessKey: ak, SecretKey: sk.Reveal(), DomainID: a.ID, Name: a.Name, Kind: a.Kind.String()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Token < out[j].Token })
	return out
}

func decodeControl(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<16))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func (k accountKind) String() string {
	switch k {
	case kindEnterprise:
		return "enterprise"
	case kindMember:
		return "member"
	case kindPartner:
		return "partner"
	}
	return "customer"
}
