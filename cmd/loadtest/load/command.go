package load

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Summary is what a command run measured, for callers that check it (the
// CI test) rather than read the printed report.
type Summary struct {
	Result        *Result
	UpstreamCalls int   // from the answers' extensions.upstream
	SandboxCalls  int   // counted by the sandbox (-sandbox), -1 when unknown
	PeakRSS       int64 // bytes, 0 when unknown
}

// maxDuration bounds any run, whatever the flags say.
const maxDuration = 10 * time.Minute

// Command parses the flags of cmd/loadtest, runs the load and prints the
// report to out.
func Command(ctx context.Context, args []string, out io.Writer) (*Summary, error) {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(out)
	mode := fs.String("mode", "mix", "mix: dashboards, paging and mutations through the gateway; bench: direct REST vs the balance and nested queries in interleaved rounds")
	gateways := fs.String("gateway", "http://127.0.0.1:8080", "gateway base URL; for -mode bench a comma-separated list of name=URL compares several builds")
	sandboxURL := fs.String("sandbox", "", "sandbox base URL (bssgraph sandbox): the direct REST target and /_sandbox/calls")
	tokens := fs.String("tokens", "sandbox-customer,sandbox-enterprise", "comma-separated sandbox tokens the requests use")
	conc := fs.Int("c", 32, "concurrent clients (closed loop: each sends its next request when the last answered)")
	dur := fs.Duration("d", 10*time.Second, "duration of a mix run")
	maxReq := fs.Int64("n", 1_000_000, "most requests of a mix run")
	mutations := fs.Bool("mutations", true, "include auto-renewal toggles in the mix")
	rounds := fs.Int("rounds", 3, "bench: interleaved rounds")
	round := fs.Duration("round", 3*time.Second, "bench: duration of each target in a round")
	pid := fs.Int("pid", 0, "gateway process id: report its peak RSS (VmHWM); 0 samples the gateway's /metrics instead")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *conc < 1 || *dur <= 0 || *dur > maxDuration || *round <= 0 || *rounds < 1 || time.Duration(*rounds)*(*round)*3 > maxDuration || *maxReq < 1 {
		return nil, fmt.Errorf("want -c ≥ 1, -n ≥ 1, 0 < -d ≤ %s and a bench of at most %s", maxDuration, maxDuration)
	}
	gws, err := parseGateways(*gateways)
	if err != nil {
		return nil, err
	}
	if *sandboxURL != "" {
		if err := CheckLoopback(*sandboxURL); err != nil {
			return nil, err
		}
	}
	toks := splitList(*tokens)
	if len(toks) == 0 {
		return nil, errors.New("-tokens: want at least one token")
	}
	client := newClient(*conc)
	defer client.CloseIdleConnections()

	sum := &Summary{SandboxCalls: -1}
	before := -1
	if *sandboxURL != "" {
		if before, err = SandboxCalls(client, *sandboxURL); err != nil {
			return nil, fmt.Errorf("reading the sandbox's call count: %w", err)
		}
	}
	var watch *RSSWatcher
	if *pid == 0 && len(gws) == 1 {
		watch = WatchRSS(client, gws[0].base+"/metrics", 250*time.Millisecond)
	}

	switch *mode {
	case "mix":
		if len(gws) != 1 {
			return nil, errors.New("-mode mix drives one gateway")
		}
		endpoint := gws[0].base + "/graphql"
		ids := map[string]string{}
		if *mutations {
			if ids, err = ResourceIDs(client, endpoint, toks); err != nil {
				return nil, err
			}
		}
		fmt.Fprintf(out, "mix against %s: %d clients, %s or %d requests, tokens %s\n", endpoint, *conc, *dur, *maxReq, strings.Join(toks, ", "))
		sum.Result = Run(ctx, client, Limits{Concurrency: *conc, Duration: *dur, MaxRequests: *maxReq}, Mix(endpoint, toks, ids))
		WriteTable(out, sum.Result, true)
	case "bench":
		if *sandboxURL == "" {
			return nil, errors.New("-mode bench needs -sandbox for the direct REST target")
		}
		targets := []*Request{REST("direct REST", *sandboxURL, BalancesPath, toks[0])}
		for _, g := range gws {
			targets = append(targets, GraphQL("balance"+g.suffix(), g.base+"/graphql", toks[0], BalanceQuery, nil))
		}
		for _, g := range gws {
			targets = append(targets, GraphQL("nested"+g.suffix(), g.base+"/graphql", toks[0], NestedQuery, nil))
		}
		fmt.Fprintf(out, "bench: %d clients, %d interleaved rounds of %s per target, token %s\n", *conc, *rounds, *round, toks[0])
		sum.Result = Interleaved(ctx, client, targets, *rounds, *round, *conc)
		WriteTable(out, sum.Result, false)
		WriteRatios(out, sum.Result, "direct REST")
	default:
		return nil, fmt.Errorf("-mode %q: want mix or bench", *mode)
	}

	sum.UpstreamCalls = sum.Result.Total().Calls
	fmt.Fprintf(out, "upstream calls: %d reported in extensions.upstream", sum.UpstreamCalls)
	if before >= 0 {
		if after, err := SandboxCalls(client, *sandboxURL); err == nil {
			sum.SandboxCalls = after - before
			fmt.Fprintf(out, ", %d counted by the sandbox", sum.SandboxCalls)
		}
	}
	fmt.Fprintln(out)
	switch {
	case *pid > 0:
		sum.PeakRSS, err = PeakRSS(*pid)
	case watch != nil:
		sum.PeakRSS, err = watch.Stop()
	default:
		err = errors.New("give -pid to read it")
	}
	if err != nil {
		fmt.Fprintf(out, "gateway peak RSS: unknown (%v)\n", err)
	} else {
		fmt.Fprintf(out, "gateway peak RSS: %.1f MB\n", float64(sum.PeakRSS)/(1<<20))
	}
	return sum, nil
}

type gatewayTarget struct{ name, base string }

func (g gatewayTarget) suffix() string {
	if g.name == "" {
		return ""
	}
	return "@" + g.name
}

// parseGateways reads "URL" or "name=URL,name=URL", all on loopback.
func parseGateways(s string) ([]gatewayTarget, error) {
	var out []gatewayTarget
	for _, item := range splitList(s) {
		var g gatewayTarget
		if name, u, ok := strings.Cut(item, "="); ok {
			g.name, item = name, u
		}
		if err := CheckLoopback(item); err != nil {
			return nil, err
		}
		u, _ := url.Parse(item)
		u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/graphql")
		g.base = u.String()
		out = append(out, g)
	}
	if len(out) == 0 {
		return nil, errors.New("-gateway: want at least one URL")
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// newClient keeps one connection per worker alive, as wrk does, so the run
// measures the servers rather than TCP handshakes.
func newClient(concurrency int) *http.Client {
	t := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        concurrency * 4,
		MaxIdleConnsPerHost: concurrency * 2,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{Transport: t, Timeout: 60 * time.Second}
}
