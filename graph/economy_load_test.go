package graph_test

import (
	"context"
	"flag"
	"sort"
	"sync"
	"testing"
	"time"

	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// Load tests of F9 against the sandbox with its quotas on and the gateway's
// limiter at the documented quotas. They are bounded in time and run on
// loopback only; BENCHMARKS.md runs them longer with -f9.load.
var (
	loadDuration   = flag.Duration("f9.load", 3*time.Second, "how long TestQuota_ManyClientsOneToken runs its clients")
	loadDashboards = flag.Int("f9.dashboards", 20, "how many identical dashboards TestCoalescing_ConcurrentDashboards runs at once")
)

// callLog is an upstream.Observer that records when each attempt of each
// operation was answered, and with which status.
type callLog struct {
	mu     sync.Mutex
	at     map[string][]time.Time
	status map[int]int
}

func newCallLog() *callLog { return &callLog{at: map[string][]time.Time{}, status: map[int]int{}} }

func (l *callLog) ObserveCall(_ context.Context, info upstream.CallInfo) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.at[info.Operation.Name] = append(l.at[info.Operation.Name], time.Now())
	l.status[info.HTTPStatus]++
}

func (l *callLog) ObserveThrottle(context.Context, *upstream.Operation, time.Duration) {}

// busiestSecond returns, per operation, the most calls answered within any
// one second.
func (l *callLog) busiestSecond() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int{}
	for op, ts := range l.at {
		sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
		j := 0
		for i := range ts {
			for ts[i].Sub(ts[j]) >= time.Second {
				j++
			}
			out[op] = max(out[op], i-j+1)
		}
	}
	return out
}

// quotaEnv is a gateway at the documented quotas over a sandbox that
// enforces them and answers after latency, as BSS would.
func quotaEnv(t *testing.T, latency time.Duration) (*env, *callLog) {
	t.Helper()
	log := newCallLog()
	e := newEnv(t, upstream.WithLimiter(upstream.NewWindowLimiter(1)), upstream.WithObserver(log),
		upstream.WithEconomy(upstream.EconomyOptions{FinalTTL: time.Hour}))
	e.sandbox.SetQuotaScale(1)
	e.sandbox.SetFaults(sandbox.Faults{Latency: latency})
	return e, log
}

// checkQuotas fails the test on any upstream 429 and on any second in which
// an operation was called more often than its documented quota.
func checkQuotas(t *testing.T, log *callLog) {
	t.Helper()
	if n := log.status[429]; n > 0 {
		t.Errorf("%d upstream answers were 429", n)
	}
	quota := map[string]int{}
	for _, op := range append(upstream.Operations(), upstream.OpKeystoneValidateToken) {
		quota[op.Name] = op.Quota
	}
	for op, n := range log.busiestSecond() {
		if n > quota[op] {
			t.Errorf("%s: %d calls in one second, quota %d", op, n, quota[op])
		}
	}
}

// Identical dashboards at once from one token (-f9.dashboards, 100 in
// BENCHMARKS.md) cost about what one dashboard does (70 calls cold), and
// none fails.
func TestCoalescing_ConcurrentDashboards(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for several seconds at the sandbox's quotas")
	}
	t.Parallel()
	e, log := quotaEnv(t, 100*time.Millisecond)
	q := readTestdata(t, "f9_dashboard.graphql")
	n := *loadDashboards
	var wg sync.WaitGroup
	failed := make(chan *response, n)
	for range n {
		wg.Go(func() {
			if r := e.do(request{token: sandbox.TokenCustomer, query: q, timeout: 30 * time.Second}); len(r.Errors) > 0 || r.Data == nil {
				failed <- r
			}
		})
	}
	wg.Wait()
	close(failed)
	for r := range failed {
		t.Errorf("a dashboard failed: %+v", r.Errors)
	}
	total := e.sandbox.TotalCalls()
	t.Logf("%d concurrent dashboards: %d upstream calls %v", n, total, e.calls())
	if total > 2*70 {
		t.Errorf("%d concurrent identical dashboards made %d upstream calls, want about one dashboard's 70 (at most 140)", n, total)
	}
	// A dashboard that starts after the first ones' calls have answered
	// cannot use those answers (they are older than it) and reads the lists
	// again; each such wave costs at most one more dashboard. Renewal
	// quotes are batched from the keys alone (loaders.Lazy.Prefetch), so a
	// wave shares them too, however busy the machine: when batches split
	// with the timing, 100 dashboards made 66 renewal calls after one list.
	calls := e.calls()
	waves := calls["ListCustomerOrders"]
	for op, per := range map[string]int{"ListRenewRateOnPeriod": 16, "ShowCustomerOrderDetails": 50, "QueryResources": 1} {
		if calls[op] > per*waves {
			t.Errorf("%s: %d calls for %d wave(s) of dashboards, want at most %d each", op, calls[op], waves, per)
		}
	}
	checkQuotas(t, log)
}

// 200 clients on one token run the GraphiQL dashboard back to back for
// -f9.load: no request fails, BSS never answers 429, and no API is called
// faster than its quota.
func TestQuota_ManyClientsOneToken(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for -f9.load at the sandbox's quotas")
	}
	t.Parallel()
	e, log := quotaEnv(t, 20*time.Millisecond)
	q := readTestdata(t, "bench_dashboard.graphql")
	stop := time.Now().Add(*loadDuration)
	var wg sync.WaitGroup
	var mu sync.Mutex
	requests, failures := 0, 0
	for range 200 {
		wg.Go(func() {
			for time.Now().Before(stop) {
				r := e.do(request{token: sandbox.TokenCustomer, query: q, timeout: 30 * time.Second})
				mu.Lock()
				requests++
				if len(r.Errors) > 0 || r.Data == nil {
					if failures == 0 {
						t.Errorf("a request failed: %+v", r.Errors)
					}
					failures++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	t.Logf("200 clients for %s: %d requests, %d failed, %d upstream calls %v, busiest second per API %v",
		*loadDuration, requests, failures, e.sandbox.TotalCalls(), e.calls(), log.busiestSecond())
	if failures > 0 {
		t.Errorf("%d of %d requests failed", failures, requests)
	}
	checkQuotas(t, log)
}
