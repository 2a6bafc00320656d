package main

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bssgraph/internal/redistest"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// BenchmarkReplicas is the F10 benchmark (BENCHMARKS.md): the same offered
// load (8 clients asking for distinct order details for one credential, for
// 3 s) spread over 1, 2 and 4 replicas, with and without Redis, against a
// sandbox enforcing the documented quota; then the latency Redis adds to a
// request that makes one upstream call. Run it with
//
//	go test -run '^$' -bench BenchmarkReplicas -benchtime 1x .
func BenchmarkReplicas(b *testing.B) {
	for range b.N {
		for _, withRedis := range []bool{false, true} {
			for _, n := range []int{1, 2, 4} {
				b.Run(fmt.Sprintf("redis=%v/replicas=%d", withRedis, n), func(b *testing.B) { offeredLoad(b, n, withRedis) })
			}
		}
		b.Run("latency", redisLatency)
	}
}

// benchReplicas starts n replicas on a sandbox at quotaScale times the
// documented quotas, limiting themselves at limitScale.
func benchReplicas(b *testing.B, n int, withRedis bool, quotaScale, limitScale float64) ([]*running, []string, *upstreamLog) {
	redisURL := ""
	if withRedis {
		redisURL = redistest.Start(b).URL()
	}
	sandboxURL, calls := replicaSandbox(b, quotaScale)
	ids := orderIDs(b, sandboxURL, 100)
	var rs []*running
	for range n {
		rs = append(rs, startReplica(b, sandboxURL, redisURL, "BSSGRAPH_FINAL_CACHE", "false", "BSSGRAPH_REPLICAS", fmt.Sprint(n), "BSSGRAPH_QUOTA_SCALE", fmt.Sprint(limitScale)))
	}
	return rs, ids, calls
}

func offeredLoad(b *testing.B, n int, withRedis bool) {
	rs, ids, calls := benchReplicas(b, n, withRedis, 1, 1)
	const clients, runFor = 8, 3 * time.Second
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(runFor)
	for c := range clients {
		wg.Go(func() {
			for time.Now().Before(stop) {
				id := ids[int(next.Add(1))%len(ids)]
				if status, out := graphQL(b, rs[c%n].url, sandbox.TokenCustomer, orderQuery(id)); status != 200 || out["errors"] != nil {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	most, total := calls.busiestSecond("/v2/orders/customer-orders/details/")
	b.ReportMetric(float64(total)/runFor.Seconds(), "calls/s")
	b.ReportMetric(float64(most), "busiest-second")
	b.ReportMetric(float64(calls.throttle), "429s")
	b.ReportMetric(float64(failed.Load()), "failed")
	b.ReportMetric(float64(upstream.OpShowCustomerOrderDetails.Quota), "quota")
}

// redisLatency: one client, one replica, sequential requests of one
// upstream call each, without and with Redis, quotas raised so that no call
// waits (the limiter still runs its script); the difference of the
// percentiles is what Redis adds per upstream call.
func redisLatency(b *testing.B) {
	for _, withRedis := range []bool{false, true} {
		rs, ids, _ := benchReplicas(b, 1, withRedis, -1, 1000)
		var d []time.Duration
		for i := range 1000 {
			start := time.Now()
			graphQL(b, rs[0].url, sandbox.TokenCustomer, orderQuery(ids[i%len(ids)]))
			d = append(d, time.Since(start))
		}
		slices.Sort(d)
		name := "memory"
		if withRedis {
			name = "redis"
		}
		b.ReportMetric(float64(d[len(d)/2].Microseconds()), name+"-p50-µs")
		b.ReportMetric(float64(d[len(d)*99/100].Microseconds()), name+"-p99-µs")
	}
}
