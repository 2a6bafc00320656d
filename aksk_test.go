package main

import (
	"net/http/httptest"
	"strings"
	"testing"

	"bssgraph/upstream/sandbox"
)

// TestRun_AKSKMode runs the gateway in AK/SK mode against a standalone
// sandbox: the gateway signs every BSS call with its own key pair (the
// sandbox verifies the SDK-HMAC-SHA256 signature), callers prove themselves
// with a gateway API key, and a request without one never reaches BSS.
func TestRun_AKSKMode(t *testing.T) {
	t.Parallel()
	sb := sandbox.New(sandbox.Options{Sizes: sandbox.Sizes{Orders: 40, Resources: 80, Months: 2}})
	up := httptest.NewServer(sb)
	t.Cleanup(up.Close)
	ak, sk := sandbox.AccessKeyFor(sandbox.TokenCustomer)
	r := startRun(t, map[string]string{
		"BSSGRAPH_UPSTREAM_URL": up.URL,
		"BSSGRAPH_ACCESS_KEY":   ak,
		"BSSGRAPH_SECRET_KEY":   sk.Reveal(),
		"BSSGRAPH_API_KEYS":     "team-key-1,team-key-2",
	})
	const q = `{"query":"{ viewer { balance { accounts { type } } orders(first: 2) { totalCount } } }"}`

	status, body := post(t, r.url+"/graphql", q, "X-Api-Key", "team-key-2", "X-Domain-Id", sandbox.DomainCustomer)
	if status != 200 || strings.Contains(body, `"errors"`) || !strings.Contains(body, `"totalCount"`) {
		t.Fatalf("with an API key: %d %s", status, body)
	}
	calls := sb.TotalCalls()
	if calls == 0 {
		t.Fatal("no BSS call reached the sandbox")
	}

	status, body = post(t, r.url+"/graphql", q, "X-Api-Key", "wrong-key", "X-Auth-Token", sandbox.TokenCustomer)
	if status != 401 || !strings.Contains(body, "UNAUTHENTICATED") {
		t.Errorf("with a wrong API key: %d %s, want 401 UNAUTHENTICATED", status, body)
	}
	if sb.TotalCalls() != calls {
		t.Error("a request without a valid API key reached BSS")
	}
	if strings.Contains(r.log.String(), sk.Reveal()) || strings.Contains(r.log.String(), "team-key-2") {
		t.Error("the secret key or an API key appears in the log")
	}
}
