package load

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Interleaved runs each target alone for per, one after the other, for the
// given rounds, and sums each target's rounds: slow drifts of a shared
// machine then touch every target alike.
func Interleaved(ctx context.Context, client *http.Client, targets []*Request, rounds int, per time.Duration, concurrency int) *Result {
	total := &Result{}
	for range rounds {
		for _, t := range targets {
			if ctx.Err() != nil {
				return total
			}
			total.Add(Run(ctx, client, Limits{Concurrency: concurrency, Duration: per}, func(int, int) *Request { return t }))
		}
	}
	return total
}

// WriteTable prints one row per request kind and, for a mix, the total.
func WriteTable(w io.Writer, res *Result, total bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\trequests\treq/s\tp50\tp95\tp99\terrors\terror rate\tupstream calls/req\t")
	rows := make([]*Stats, 0, len(res.Order)+1)
	for _, name := range res.Order {
		rows = append(rows, res.ByName[name])
	}
	if total {
		rows = append(rows, res.Total())
	}
	for _, s := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%s\t%d\t%.2f%%\t%.2f\t\n", s.Name, s.Count, s.RPS(),
			ms(s.Quantile(.50)), ms(s.Quantile(.95)), ms(s.Quantile(.99)), s.Errors, 100*s.ErrorRate(), s.CallsPerRequest())
	}
	tw.Flush()
	for _, s := range rows {
		if len(s.Codes) == 0 || s.Name == "total" {
			continue
		}
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(s.Codes)) {
			parts = append(parts, fmt.Sprintf("%s %d", k, s.Codes[k]))
		}
		fmt.Fprintf(w, "errors of %s: %s; %d of %d failed answers kept partial data\n", s.Name, strings.Join(parts, ", "), s.Partial, s.Errors)
	}
}

// WriteRatios prints each gateway target's throughput relative to the
// direct REST target, per request and per upstream call, and the latency
// it adds at the median.
func WriteRatios(w io.Writer, res *Result, direct string) {
	d := res.ByName[direct]
	if d == nil || d.RPS() == 0 {
		return
	}
	for _, name := range res.Order {
		s := res.ByName[name]
		if name == direct || s.Count == 0 {
			continue
		}
		calls := s.CallsPerRequest()
		fmt.Fprintf(w, "%s / %s: %.3f× req/s, %.3f× per upstream call (%.1f calls/req), p50 +%s\n",
			name, direct, s.RPS()/d.RPS(), s.RPS()*calls/d.RPS(), calls, ms(s.Quantile(.5)-d.Quantile(.5)))
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d.Microseconds())/1000) }

// SandboxCalls returns the calls the sandbox at base has answered since its
// counters were last reset (GET /_sandbox/calls).
func SandboxCalls(client *http.Client, base string) (int, error) {
	resp, err := client.Get(strings.TrimSuffix(base, "/") + "/_sandbox/calls")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var v struct{ Total int }
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return 0, fmt.Errorf("reading /_sandbox/calls: %w", err)
	}
	return v.Total, nil
}
