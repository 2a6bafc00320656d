// Package load is the engine of cmd/loadtest: closed-loop workers that send
// requests to a gateway or to the sandbox's REST API over loopback, bounded
// in time and count, and record latency, errors and upstream calls per
// request kind.
package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// A Request is one request the harness sends.
type Request struct {
	Name    string // the row of the report it counts in
	Method  string
	URL     string
	Header  http.Header
	Body    []byte // nil for GET
	GraphQL bool   // a GraphQL answer: count its errors and extensions.upstream.calls
	// Calls is the upstream calls of one request when the answer does not
	// say (1 for a direct REST call).
	Calls int
	// Cursor, when set, reads the next page's cursor from the answer's data
	// at this path and hands it to Next.
	Cursor []string
	// Next builds the request that follows this one on the same worker (the
	// next page), given the cursor read from the answer; nil ends the chain.
	Next func(cursor string) *Request
}

// Picker chooses the request a worker sends next; n counts the worker's
// picks from 0 (the later pages of a chain are not picks).
type Picker func(worker, n int) *Request

// Limits bound one run.
type Limits struct {
	Concurrency int
	Duration    time.Duration
	MaxRequests int64 // 0: no bound other than Duration
}

// Stats are the measurements of one request kind.
type Stats struct {
	Name      string
	Count     int
	Errors    int            // transport failure, non-200 status, or any GraphQL error
	Partial   int            // GraphQL answers with errors and data: the failure stayed on some fields
	Codes     map[string]int // GraphQL error codes and "http 503"-like statuses
	Calls     int            // upstream calls reported by the answers
	Elapsed   time.Duration  // wall time of the runs it took part in
	latencies []time.Duration
}

func newStats(name string) *Stats { return &Stats{Name: name, Codes: map[string]int{}} }

func (s *Stats) merge(o *Stats) {
	s.Count += o.Count
	s.Errors += o.Errors
	s.Partial += o.Partial
	s.Calls += o.Calls
	for k, v := range o.Codes {
		s.Codes[k] += v
	}
	s.latencies = append(s.latencies, o.latencies...)
}

// RPS is requests per second over the wall time of the runs.
func (s *Stats) RPS() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Count) / s.Elapsed.Seconds()
}

// ErrorRate is the share of requests that failed.
func (s *Stats) ErrorRate() float64 {
	if s.Count == 0 {
		return 0
	}
	return float64(s.Errors) / float64(s.Count)
}

// CallsPerRequest is the mean number of upstream calls of one request.
func (s *Stats) CallsPerRequest() float64 {
	if s.Count == 0 {
		return 0
	}
	return float64(s.Calls) / float64(s.Count)
}

// Quantile returns the latency below which the fraction q of requests fell.
func (s *Stats) Quantile(q float64) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	slices.Sort(s.latencies)
	i := int(q*float64(len(s.latencies))+0.5) - 1
	return s.latencies[min(max(i, 0), len(s.latencies)-1)]
}

// Result is what one run measured, by request name in first-seen order.
type Result struct {
	Elapsed time.Duration
	Order   []string
	ByName  map[string]*Stats
}

// Total sums every request kind.
func (r *Result) Total() *Stats {
	t := newStats("total")
	for _, name := range r.Order {
		t.merge(r.ByName[name])
	}
	t.Elapsed = r.Elapsed
	return t
}

// Add folds another run's stats in (interleaved rounds of one benchmark).
func (r *Result) Add(o *Result) {
	if r.ByName == nil {
		r.ByName = map[string]*Stats{}
	}
	r.Elapsed += o.Elapsed
	for _, name := range o.Order {
		s, ok := r.ByName[name]
		if !ok {
			s = newStats(name)
			r.ByName[name] = s
			r.Order = append(r.Order, name)
		}
		s.merge(o.ByName[name])
		s.Elapsed += o.ByName[name].Elapsed
	}
}

// Run sends requests from lim.Concurrency closed-loop workers until the
// duration passes, the request count is reached or ctx ends.
func Run(ctx context.Context, client *http.Client, lim Limits, pick Picker) *Result {
	if lim.Concurrency < 1 {
		lim.Concurrency = 1
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Duration)
	defer cancel()
	var sent atomic.Int64
	per := make([]map[string]*Stats, lim.Concurrency)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range lim.Concurrency {
		per[w] = map[string]*Stats{}
		wg.Go(func() {
			var next *Request
			picks := 0
			for ctx.Err() == nil {
				if lim.MaxRequests > 0 && sent.Add(1) > lim.MaxRequests {
					return
				}
				req := next
				if req == nil {
					req = pick(w, picks)
					picks++
				}
				s := per[w][req.Name]
				if s == nil {
					s = newStats(req.Name)
					per[w][req.Name] = s
				}
				cursor, ok := send(ctx, client, req, s)
				next = nil
				if ok && req.Next != nil && cursor != "" {
					next = req.Next(cursor)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	res := &Result{ByName: map[string]*Stats{}}
	for _, m := range per {
		// The workers' stats carry no elapsed time: Add merges counts only.
		res.Add(&Result{Order: slices.Sorted(maps.Keys(m)), ByName: m})
	}
	res.Elapsed = elapsed
	for _, s := range res.ByName {
		s.Elapsed = res.Elapsed
	}
	return res
}

// gqlAnswer is the part of a GraphQL response the harness reads.
type gqlAnswer struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Extensions struct {
			Code string `json:"code"`
		} `json:"extensions"`
	} `json:"errors"`
	Extensions struct {
		Upstream struct {
			Calls int `json:"calls"`
		} `json:"upstream"`
	} `json:"extensions"`
}

// send performs one request and records it in s. A request cut short by
// the end of the run is not counted. It returns the next page's cursor.
func send(ctx context.Context, client *http.Client, r *Request, s *Stats) (string, bool) {
	var body io.Reader = http.NoBody
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, body)
	if err != nil {
		panic(fmt.Sprintf("loadtest: building %s: %v", r.Name, err)) // a harness bug: the URLs are checked up front
	}
	req.Header = r.Header
	start := time.Now()
	resp, err := client.Do(req)
	var raw []byte
	if err == nil {
		raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	d := time.Since(start)
	if ctx.Err() != nil {
		return "", false
	}
	s.Count++
	s.latencies = append(s.latencies, d)
	if err != nil {
		s.Errors++
		s.Codes["transport"]++
		return "", false
	}
	if !r.GraphQL {
		s.Calls += r.Calls
		if resp.StatusCode != http.StatusOK {
			s.Errors++
			s.Codes[fmt.Sprintf("http %d", resp.StatusCode)]++
			return "", false
		}
		return "", true
	}
	var a gqlAnswer
	if json.Unmarshal(raw, &a) != nil {
		s.Errors++
		s.Codes[fmt.Sprintf("http %d, not GraphQL", resp.StatusCode)]++
		return "", false
	}
	s.Calls += a.Extensions.Upstream.Calls
	if len(a.Errors) > 0 || resp.StatusCode != http.StatusOK {
		s.Errors++
		for _, e := range a.Errors {
			s.Codes[e.Extensions.Code]++
		}
		if len(a.Data) > 0 && string(a.Data) != "null" {
			s.Partial++
		}
		return "", false
	}
	return cursorAt(a.Data, r.Cursor), true
}

// cursorAt reads the string at path in a JSON object.
func cursorAt(data json.RawMessage, path []string) string {
	if len(path) == 0 {
		return ""
	}
	var v any
	if json.Unmarshal(data, &v) != nil {
		return ""
	}
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[k]
	}
	s, _ := v.(string)
	return s
}
