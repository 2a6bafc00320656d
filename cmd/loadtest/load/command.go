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
	o, err := parseFlags(args, out)
	if err != nil {
		return nil, err
	}
	client := newClient(o.conc)
	defer client.CloseIdleConnections()

	sum := &Summary{SandboxCalls: -1}
	before := -1
	if o.sandbox != "" {
		if before, err = SandboxCalls(client, o.sandbox); err != nil {
			return nil, fmt.Errorf("reading the sandbox's call count: %w", err)
		}
	}
	var watch *RSSWatcher
	if o.pid == 0 && len(o.gateways) == 1 {
		watch = WatchRSS(client, o.gateways[0].base+"/metrics", 250*time.Millisecond)
	}
	switch o.mode {
	case "mix":
		sum.Result, err = runMix(ctx, client, o, out)
	case "bench":
		sum.Result, err = runBench(ctx, client, o, out)
	default:
		err = fmt.Errorf("-mode %q: want mix or bench", o.mode)
	}
	if err != nil {
		return nil, err
	}
	sum.UpstreamCalls = sum.Result.Total().Calls
	fmt.Fprintf(out, "upstream calls: %d reported in extensions.upstream", sum.UpstreamCalls)
	if before >= 0 {
		if after, err := SandboxCalls(client, o.sandbox); err == nil {
			sum.SandboxCalls = after - before
			fmt.Fprintf(out, ", %d counted by the sandbox", sum.SandboxCalls)
		}
	}
	fmt.Fprintln(out)
	switch {
	case o.pid > 0:
		sum.PeakRSS, err = PeakRSS(o.pid)
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

// options are the checked flags of cmd/loadtest.
type options struct {
	mode      string
	gateways  []gatewayTarget
	sandbox   string
	tokens    []string
	conc      int
	dur       time.Duration
	maxReq    int64
	mutations bool
	rounds    int
	round     time.Duration
	pid       int
}

func parseFlags(args []string, out io.Writer) (*options, error) {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(out)
	o := &options{}
	fs.StringVar(&o.mode, "mode", "mix", "mix: dashboards, paging and mutations through the gateway; bench: direct REST vs the balance and nested queries in interleaved rounds")
	gateways := fs.String("gateway", "http://127.0.0.1:8080", "gateway base URL; for -mode bench a comma-separated list of name=URL compares several builds")
	fs.StringVar(&o.sandbox, "sandbox", "", "sandbox base URL (bssgraph sandbox): the direct REST target and /_sandbox/calls")
	tokens := fs.String("tokens", "sandbox-customer,sandbox-enterprise", "comma-separated sandbox tokens the requests use")
	fs.IntVar(&o.conc, "c", 32, "concurrent clients (closed loop: each sends its next request when the last answered)")
	fs.DurationVar(&o.dur, "d", 10*time.Second, "duration of a mix run")
	fs.Int64Var(&o.maxReq, "n", 1_000_000, "most requests of a mix run")
	fs.BoolVar(&o.mutations, "mutations", true, "include auto-renewal toggles in the mix")
	fs.IntVar(&o.rounds, "rounds", 3, "bench: interleaved rounds")
	fs.DurationVar(&o.round, "round", 3*time.Second, "bench: duration of each target in a round")
	fs.IntVar(&o.pid, "pid", 0, "gateway process id: report its peak RSS (VmHWM); 0 samples the gateway's /metrics instead")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if o.conc < 1 || o.dur <= 0 || o.dur > maxDuration || o.round <= 0 || o.rounds < 1 || time.Duration(o.rounds)*o.round*3 > maxDuration || o.maxReq < 1 {
		return nil, fmt.Errorf("want -c ≥ 1, -n ≥ 1, 0 < -d ≤ %s and a bench of at most %s", maxDuration, maxDuration)
	}
	var err error
	if o.gateways, err = parseGateways(*gateways); err != nil {
		return nil, err
	}
	if o.sandbox != "" {
		if err := CheckLoopback(o.sandbox); err != nil {
			return nil, err
		}
	}
	if o.tokens = splitList(*tokens); len(o.tokens) == 0 {
		return nil, errors.New("-tokens: want at least one token")
	}
	return o, nil
}

// runMix drives one gateway with the mix of dashboards, paging and
// mutations.
func runMix(ctx context.Context, client *http.Client, o *options, out io.Writer) (*Result, error) {
	if len(o.gateways) != 1 {
		return nil, errors.New("-mode mix drives one gateway")
	}
	endpoint := o.gateways[0].base + "/graphql"
	ids := map[string]string{}
	if o.mutations {
		var err error
		if ids, err = ResourceIDs(client, endpoint, o.tokens); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(out, "mix against %s: %d clients, %s or %d requests, tokens %s\n", endpoint, o.conc, o.dur, o.maxReq, strings.Join(o.tokens, ", "))
	res := Run(ctx, client, Limits{Concurrency: o.conc, Duration: o.dur, MaxRequests: o.maxReq}, Mix(endpoint, o.tokens, ids))
	WriteTable(out, res, true)
	return res, nil
}

// runBench compares direct REST with the balance and nested queries of
// each gateway in interleaved rounds.
func runBench(ctx context.Context, client *http.Client, o *options, out io.Writer) (*Result, error) {
	if o.sandbox == "" {
		return nil, errors.New("-mode bench needs -sandbox for the direct REST target")
	}
	tok := o.tokens[0]
	targets := []*Request{REST("direct REST", o.sandbox, BalancesPath, tok)}
	for _, g := range o.gateways {
		targets = append(targets, GraphQL("balance"+g.suffix(), g.base+"/graphql", tok, BalanceQuery, nil))
	}
	for _, g := range o.gateways {
		targets = append(targets, GraphQL("nested"+g.suffix(), g.base+"/graphql", tok, NestedQuery, nil))
	}
	fmt.Fprintf(out, "bench: %d clients, %d interleaved rounds of %s per target, token %s\n", o.conc, o.rounds, o.round, tok)
	res := Interleaved(ctx, client, targets, o.rounds, o.round, o.conc)
	WriteTable(out, res, false)
	WriteRatios(out, res, "direct REST")
	return res, nil
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
