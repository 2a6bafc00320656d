package graph_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"bssgraph/graph"
	"bssgraph/upstream/sandbox"
)

// BenchmarkRefusal: the hostile queries of issue 8 over HTTP, each refused
// with LIMIT_EXCEEDED at 0 upstream calls (BENCHMARKS.md, F6 · refusals).
func BenchmarkRefusal(b *testing.B) {
	for _, q := range []struct{ name, query string }{
		{"CatalogCycle4", graph.CatalogCycle(4)}, // within the depth limit: refused by the result object estimate
		{"CatalogCycle6", graph.CatalogCycle(6)},
		{"CatalogCycle12", graph.CatalogCycle(12)},
		{"CatalogCycle40", graph.CatalogCycle(40)},
		{"FragmentBomb25", graph.FragmentBomb(25)},
		{"FragmentBomb200", graph.FragmentBomb(200)},
	} {
		b.Run(q.name, func(b *testing.B) {
			e := newEnv(b)
			peak := sampleHeap(b)
			b.ReportAllocs()
			for b.Loop() {
				r := e.do(request{token: sandbox.TokenCustomer, query: q.query})
				if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "LIMIT_EXCEEDED" {
					b.Fatalf("not refused: %+v", r.Errors)
				}
			}
			b.ReportMetric(float64(e.sandbox.TotalCalls())/float64(b.N), "upstream-calls/op")
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
		})
	}
}

// BenchmarkCatalogCycleUnlimited runs the 40-level catalog cycle with the
// operation limits lifted, so that only the response byte cap stops it:
// the peak heap stays bounded by the cap, not by what the query asks.
func BenchmarkCatalogCycleUnlimited(b *testing.B) {
	for _, capBytes := range []int64{256 << 10, 1 << 20} {
		b.Run(fmt.Sprintf("cap%dKiB", capBytes>>10), func(b *testing.B) { benchCycleCapped(b, capBytes) })
	}
}

func benchCycleCapped(b *testing.B, capBytes int64) {
	e := newEnvWith(b, envConfig{options: func(o *graph.Options) {
		o.Limits = graph.Limits{MaxDepth: 1000, MaxAliases: 1000, MaxResultNodes: 1 << 50, MaxResponseBytes: capBytes}
	}})
	peak := sampleHeap(b)
	b.ReportAllocs()
	for b.Loop() {
		r := e.do(request{token: sandbox.TokenCustomer, query: graph.CatalogCycle(40)})
		if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "LIMIT_EXCEEDED" {
			b.Fatalf("not stopped by the byte cap: %+v", r.Errors)
		}
	}
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
}

// sampleHeap samples the heap in use every millisecond until the benchmark
// ends and returns a function that stops and reports the peak.
func sampleHeap(b *testing.B) func() uint64 {
	var (
		mu   sync.Mutex
		peak uint64
		stop = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Go(func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				mu.Lock()
				peak = max(peak, ms.HeapInuse)
				mu.Unlock()
			}
		}
	})
	var once sync.Once
	result := func() uint64 {
		once.Do(func() { close(stop); wg.Wait() })
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
	b.Cleanup(func() { result() })
	return result
}
