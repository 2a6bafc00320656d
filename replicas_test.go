package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"bssgraph/internal/metrictext"
	"bssgraph/internal/redistest"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// upstreamLog records every BSS call the sandbox receives: its path and
// arrival time, and whether the sandbox answered 429.
type upstreamLog struct {
	mu       sync.Mutex
	arrivals map[string][]time.Time
	throttle int
}

func (l *upstreamLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: w, code: 200}
		now := time.Now()
		h.ServeHTTP(rec, r)
		if strings.HasPrefix(r.URL.Path, "/_sandbox/") {
			return
		}
		l.mu.Lock()
		defer l.mu.Unlock()
		l.arrivals[r.URL.Path] = append(l.arrivals[r.URL.Path], now)
		if rec.code == http.StatusTooManyRequests {
			l.throttle++
		}
	})
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) { r.code = code; r.ResponseWriter.WriteHeader(code) }

// busiestSecond returns the most calls to paths with prefix that arrived
// within any one second.
func (l *upstreamLog) busiestSecond(prefix string) (most, total int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var ts []time.Time
	for p, a := range l.arrivals {
		if strings.HasPrefix(p, prefix) {
			ts = append(ts, a...)
		}
	}
	sortTimes(ts)
	for i := range ts {
		j := i
		for j < len(ts) && ts[j].Sub(ts[i]) < time.Second {
			j++
		}
		most = max(most, j-i)
	}
	return most, len(ts)
}

func sortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// replicaSandbox is a standalone sandbox with the documented quotas, as
// the replicas of a deployment share one BSS.
func replicaSandbox(t testing.TB, quotaScale float64) (string, *upstreamLog) {
	t.Helper()
	log := &upstreamLog{arrivals: map[string][]time.Time{}}
	sb := sandbox.New(sandbox.Options{Seed: 1, Sizes: sandbox.Sizes{Orders: 120, Resources: 50, Months: 2}, QuotaScale: quotaScale})
	srv := httptest.NewServer(log.wrap(sb))
	t.Cleanup(srv.Close)
	return srv.URL, log
}

// startReplica starts one gateway on the sandbox, sharing redisURL (empty:
// none).
func startReplica(t testing.TB, sandboxURL, redisURL string, extra ...string) *running {
	t.Helper()
	env := map[string]string{
		"BSSGRAPH_UPSTREAM_URL": sandboxURL, "BSSGRAPH_IAM_URL": sandboxURL, "BSSGRAPH_REDIS_URL": redisURL,
		"BSSGRAPH_REPLICAS": "2", "BSSGRAPH_GRAPHIQL": "false",
		// A test machine under load (-race, parallel packages) may stall
		// a command past the 100ms default; the outage test sets it back.
		"BSSGRAPH_REDIS_TIMEOUT": "1s",
	}
	for i := 0; i+1 < len(extra); i += 2 {
		env[extra[i]] = extra[i+1]
	}
	return startRun(t, env)
}

// graphQL posts body as token and returns the decoded response.
func graphQL(t testing.TB, url, token, body string) (int, map[string]any) {
	t.Helper()
	status, text := post(t, url+"/graphql", body, "X-Auth-Token", token)
	var out map[string]any
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, text)
	}
	return status, out
}

// orderIDs lists n order ids of the sandbox customer straight from the
// sandbox.
func orderIDs(t testing.TB, sandboxURL string, n int) []string {
	t.Helper()
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/v2/orders/customer-orders?limit=%d", sandboxURL, n), nil)
	req.Header.Set("X-Auth-Token", sandbox.TokenCustomer)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct {
		OrderInfos []struct {
			ID string `json:"order_id"`
		} `json:"order_infos"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || len(page.OrderInfos) < n {
		t.Fatalf("listing %d orders: %v (%d)", n, err, len(page.OrderInfos))
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = page.OrderInfos[i].ID
	}
	return ids
}

func orderQuery(id string) string {
	return fmt.Sprintf(`{"query":"{ viewer { order(id: \"%s\") { id } } }"}`, id)
}

// Two replicas sharing Redis hammer one operation (order details, distinct
// orders so nothing is shared but the quota) for one credential: BSS sees
// at most its documented quota in any second, and never answers 429.
func TestReplicas_ShareTheQuota(t *testing.T) {
	rs := redistest.Start(t)
	sandboxURL, calls := replicaSandbox(t, 1)
	ids := orderIDs(t, sandboxURL, 40)
	a := startReplica(t, sandboxURL, rs.URL())
	b := startReplica(t, sandboxURL, rs.URL())

	var wg sync.WaitGroup
	errs := make(chan string, len(ids))
	for i, id := range ids {
		url := a.url
		if i%2 == 1 {
			url = b.url
		}
		wg.Go(func() {
			status, out := graphQL(t, url, sandbox.TokenCustomer, orderQuery(id))
			if status != 200 || out["errors"] != nil {
				errs <- fmt.Sprintf("order %s: %d %v", id, status, out["errors"])
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	most, total := calls.busiestSecond("/v2/orders/customer-orders/details/")
	quota := upstream.OpShowCustomerOrderDetails.Quota
	if total < len(ids) || most > quota {
		t.Errorf("order details: %d calls, at most %d in one second; want %d calls, at most %d (the documented quota) in any second", total, most, len(ids), quota)
	}
	if calls.throttle != 0 {
		t.Errorf("the sandbox answered 429 %d times; want none", calls.throttle)
	}
}

// A query registered through APQ on one replica is served by the other
// from its hash alone.
func TestReplicas_ShareAPQ(t *testing.T) {
	rs := redistest.Start(t)
	sandboxURL, _ := replicaSandbox(t, 1)
	a := startReplica(t, sandboxURL, rs.URL())
	b := startReplica(t, sandboxURL, rs.URL())

	q := "{ viewer { id } } # registered on A"
	hash := sha256Hex(q)
	ext := fmt.Sprintf(`"extensions":{"persistedQuery":{"version":1,"sha256Hash":"%s"}}`, hash)
	if _, out := graphQL(t, b.url, sandbox.TokenCustomer, "{"+ext+"}"); !strings.Contains(fmt.Sprint(out["errors"]), "PersistedQueryNotFound") {
		t.Fatalf("B before registration: want PersistedQueryNotFound, got %v", out)
	}
	if status, out := graphQL(t, a.url, sandbox.TokenCustomer, fmt.Sprintf(`{"query":%q,%s}`, q, ext)); status != 200 || out["errors"] != nil {
		t.Fatalf("registering on A: %d %v", status, out)
	}
	status, out := graphQL(t, b.url, sandbox.TokenCustomer, "{"+ext+"}")
	if status != 200 || out["errors"] != nil || out["data"].(map[string]any)["viewer"] == nil {
		t.Fatalf("B from the hash alone: %d %v", status, out)
	}
}

// Two credentials never read each other's cached answers through Redis,
// while one credential does read its own answer cached by the other
// replica (so the store really is shared).
func TestReplicas_CachesStayPerCredential(t *testing.T) {
	rs := redistest.Start(t)
	sandboxURL, calls := replicaSandbox(t, 1)
	cache := []string{"BSSGRAPH_READ_CACHE_TTL", "1m"}
	a := startReplica(t, sandboxURL, rs.URL(), cache...)
	b := startReplica(t, sandboxURL, rs.URL(), cache...)
	const q = `{"query":"{ viewer { id balance { accounts { accountId amount { amount } } } } }"}`
	balanceCalls := func() int { _, n := calls.busiestSecond("/v2/accounts/customer-accounts/balances"); return n }

	_, customerOnA := graphQL(t, a.url, sandbox.TokenCustomer, q)
	before := balanceCalls()
	_, customerOnB := graphQL(t, b.url, sandbox.TokenCustomer, q)
	if got := balanceCalls() - before; got != 0 || fmt.Sprint(customerOnA["data"]) != fmt.Sprint(customerOnB["data"]) {
		t.Fatalf("the customer on B: %d balance calls, data %v; want A's cached answer %v, no call", got, customerOnB["data"], customerOnA["data"])
	}
	_, enterpriseOnB := graphQL(t, b.url, sandbox.TokenEnterprise, q)
	if got := balanceCalls() - before; got != 1 {
		t.Errorf("the enterprise on B made %d balance calls; want its own 1", got)
	}
	if enterpriseOnB["errors"] != nil || fmt.Sprint(enterpriseOnB["data"]) == fmt.Sprint(customerOnA["data"]) {
		t.Errorf("the enterprise read %v; want its own balance, not the customer's %v", enterpriseOnB, customerOnA["data"])
	}
}

// Redis stops mid-test: requests keep succeeding on local quotas, /readyz
// stays 200 but says degraded, metrics and logs say so, and everything
// recovers by itself when Redis returns on the same port.
func TestReplicas_SurviveRedisOutage(t *testing.T) {
	rs := redistest.Start(t)
	sandboxURL, calls := replicaSandbox(t, 1)
	ids := orderIDs(t, sandboxURL, 12)
	a := startReplica(t, sandboxURL, rs.URL())
	ask := func(id string) {
		t.Helper()
		if status, out := graphQL(t, a.url, sandbox.TokenCustomer, orderQuery(id)); status != 200 || out["errors"] != nil {
			t.Errorf("order %s: %d %v", id, status, out["errors"])
		}
	}
	state := func() (int, string, float64) {
		t.Helper()
		code, ready := get(t, a.url+"/readyz")
		_, metrics := get(t, a.url+"/metrics")
		up, ok := metrictext.Value(metrics, "bssgraph_redis_up")
		if !ok {
			t.Fatal("/metrics has no bssgraph_redis_up")
		}
		return code, ready, up
	}
	ask(ids[0])
	if code, ready, up := state(); code != 200 || ready != "ready\n" || up != 1 {
		t.Fatalf("with Redis: /readyz %d %q, bssgraph_redis_up %v", code, ready, up)
	}

	rs.Stop()
	for _, id := range ids[1:7] { // more than quota ÷ 2 replicas: local limits admit them over time
		ask(id)
	}
	if code, ready, up := state(); code != 200 || !strings.Contains(ready, "degraded") || up != 0 {
		t.Errorf("without Redis: /readyz %d %q, bssgraph_redis_up %v; want 200, degraded, 0", code, ready, up)
	}
	if !strings.Contains(a.log.String(), "redis unreachable") {
		t.Errorf("no log line says Redis is unreachable:\n%s", a.log)
	}

	rs.Restart()
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, ready, up := state()
		if code == 200 && ready == "ready\n" && up == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("10s after Redis returned: /readyz %d %q, bssgraph_redis_up %v", code, ready, up)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, id := range ids[7:] {
		ask(id)
	}
	if !strings.Contains(a.log.String(), "redis reachable again") {
		t.Errorf("no log line says Redis is back")
	}
	if calls.throttle != 0 {
		t.Errorf("the sandbox answered 429 %d times; want none", calls.throttle)
	}
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// The public catalog one replica loaded serves the other replica, and any
// credential, without a call.
func TestReplicas_ShareTheCatalog(t *testing.T) {
	rs := redistest.Start(t)
	sandboxURL, calls := replicaSandbox(t, 1)
	a := startReplica(t, sandboxURL, rs.URL())
	b := startReplica(t, sandboxURL, rs.URL())
	const q = `{"query":"{ serviceTypes(first: 1000) { totalCount nodes { code name abbreviation } } }"}`
	catalogCalls := func() int { _, n := calls.busiestSecond("/v2/products/service-types"); return n }

	_, onA := graphQL(t, a.url, sandbox.TokenCustomer, q)
	loaded := catalogCalls()
	_, onB := graphQL(t, b.url, sandbox.TokenEnterprise, q)
	if loaded == 0 || catalogCalls() != loaded {
		t.Errorf("service-type calls: %d to load on A, %d more on B; want some, then none", loaded, catalogCalls()-loaded)
	}
	if onA["errors"] != nil || fmt.Sprint(onA["data"]) != fmt.Sprint(onB["data"]) {
		t.Errorf("B served %v; want A's %v", onB, onA)
	}
}
