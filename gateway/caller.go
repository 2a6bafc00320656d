package gateway

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"bssgraph/internal/errcodes"
	"bssgraph/telemetry"
	"bssgraph/upstream"
)

// withCaller puts the caller (credential, account, language, request id,
// trace context) in the context, where every upstream call finds it. With
// API keys configured it first requires one of them.
func (g *gateway) withCaller(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(g.keys) > 0 && !g.validKey(r.Header.Get("X-Api-Key")) {
			w.Header().Set("WWW-Authenticate", `ApiKey header="X-Api-Key"`)
			g.writeError(w, r, http.StatusUnauthorized, errcodes.Unauthenticated, "a valid X-Api-Key header is required")
			return
		}
		ctx := r.Context()
		ri := infoFrom(ctx)
		c := upstream.Caller{
			DomainID:    r.Header.Get("X-Domain-Id"),
			Language:    language(r.Header.Get("X-Language"), r.Header.Get("Accept-Language")),
			RequestID:   ri.id,
			TraceParent: telemetry.TraceParent(ctx),
		}
		if !g.o.SignsRequests {
			// In AK/SK mode the gateway signs with its own key; a token the
			// caller sends anyway is dropped, never forwarded (DESIGN §3.1).
			c.Token = upstream.Secret(callerToken(r))
		}
		ctx = upstream.WithCaller(ctx, c)
		if ri.stats != nil {
			ctx = upstream.WithStats(ctx, ri.stats)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// callerToken returns the IAM token from X-Auth-Token or a Bearer
// Authorization header.
func callerToken(r *http.Request) string {
	if t := r.Header.Get("X-Auth-Token"); t != "" {
		return strings.TrimSpace(t)
	}
	if a := r.Header.Get("Authorization"); len(a) > 7 && strings.EqualFold(a[:7], "bearer ") {
		return strings.TrimSpace(a[7:])
	}
	return ""
}

func hashKeys(keys []upstream.Secret) [][32]byte {
	out := make([][32]byte, len(keys))
	for i, k := range keys {
		out[i] = sha256.Sum256([]byte(k.Reveal()))
	}
	return out
}

// validKey reports whether key is one of the configured API keys. It
// compares fixed-size digests in constant time and checks every key, so
// neither the timing nor the position of a match tells an attacker anything.
func (g *gateway) validKey(key string) bool {
	if key == "" {
		return false
	}
	h := sha256.Sum256([]byte(key))
	ok := 0
	for i := range g.keys {
		ok |= subtle.ConstantTimeCompare(h[:], g.keys[i][:])
	}
	return ok == 1
}

// language maps X-Language, else Accept-Language, to the two languages BSS
// speaks (zh_CN, en_US). An unknown preference leaves BSS's default.
func language(xLanguage, acceptLanguage string) string {
	if l := bssLanguage(xLanguage); l != "" {
		return l
	}
	type pref struct {
		lang string
		q    float64
	}
	var prefs []pref
	for part := range strings.SplitSeq(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if l := bssLanguage(tag); l != "" && q > 0 {
			prefs = append(prefs, pref{l, q})
		}
	}
	// A stable sort keeps the caller's order among equal weights.
	sort.SliceStable(prefs, func(i, j int) bool { return prefs[i].q > prefs[j].q })
	if len(prefs) > 0 {
		return prefs[0].lang
	}
	return ""
}

// bssLanguage maps one language tag (zh, zh-CN, zh_CN, en-GB...) to zh_CN or
// en_US, or "" for any other language.
func bssLanguage(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	primary, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	switch primary {
	case "zh":
		return "zh_CN"
	case "en":
		return "en_US"
	}
	return ""
}
