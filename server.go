// Command bssgraph is a GraphQL gateway over the Huawei Cloud BSS "Customer
// Operation Capabilities" REST API. With no upstream configured it starts an
// embedded BSS sandbox, so `go run .` works without an account;
// `bssgraph sandbox` serves the sandbox alone, and `bssgraph healthcheck`
// asks a running gateway's /healthz (the container's HEALTHCHECK, since the
// distroless image has no shell or curl).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"bssgraph/gateway"
	"bssgraph/graph"
	"bssgraph/loaders"
	"bssgraph/telemetry"
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// exampleQuery opens GraphiQL's first tab. It should show off the schema
// and must run without errors against the sandbox as sandbox-customer: the
// browser test (scripts/e2e.sh) runs it and fails on any error.
const exampleQuery = `# A billing dashboard in one request. Press the run button; the response's
# extensions.upstream shows the BSS calls it cost. serverTime is BSS's "now"
# (the sandbox's clock: 2026-11-01 in GMT+08:00, so 2026-10 is the last
# closed month).
{
  serverTime
  viewer {
    balance { accounts { type amount { amount currency } } debt { amount currency } }
    # Spend by service for the last closed month, named from the catalog.
    monthlyBill(cycle: "2026-10") {
      totalAmount { amount currency }
      records { serviceType { code name } consumeAmount { amount currency } }
    }
    # The resources expiring soonest: the next 30 days after serverTime,
    # sorted by the gateway.
    resources(
      filter: { onlyMainResources: true, statuses: [PROVISIONED], expiresFrom: "2026-10-31T16:00:00Z", expiresTo: "2026-11-30T16:00:00Z" }
      orderBy: { field: EXPIRES_AT, direction: ASC }
      first: 5
    ) {
      totalCount
      nodes {
        resourceId name expiresAt autoRenew
        serviceType { name }
        renewalPrice(periodType: MONTH, periodNum: 1) { amount { amount currency } }
      }
    }
    orders(filter: { status: PENDING_PAYMENT }, first: 3) {
      totalCount
      nodes { orderId type amountAfterDiscount { amount currency } pendingPaymentEndsAt }
    }
  }
}
`

// sandboxHeaders open GraphiQL in sandbox mode, so the example query runs at
// once as the sandbox's individual customer. The token is public.
var sandboxHeaders = map[string]string{"X-Auth-Token": "sandbox-customer", "X-Language": "en_US"}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "bssgraph: %v\n", err)
		os.Exit(1)
	}
}

// run is the whole program. It returns when ctx is cancelled or SIGINT or
// SIGTERM arrives, after draining requests in flight.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal, a second one kills the process at once
		// instead of waiting for the drain.
		<-ctx.Done()
		stop()
	}()

	var cmd string
	if len(args) > 0 && (args[0] == "sandbox" || args[0] == "healthcheck") {
		cmd, args = args[0], args[1:]
	}
	cfg, err := loadConfig(args, getenv, stdout)
	if errors.Is(err, flag.ErrHelp) {
		return nil // -h printed the flags; asking for help is not a failure
	}
	if err != nil {
		return fmt.Errorf("loading config: %w", err)
	}
	if cmd == "healthcheck" {
		return healthcheck(ctx, cfg.Addr)
	}
	log := newLogger(cfg, stdout)
	gc := gcDefaults(getenv, os.ReadFile)
	gc.apply()
	log.Info().Int("gogc", gc.percent).Int64("gomemlimit", gc.memoryLimit).Msg("garbage collector defaults (0: the runtime's own)")
	if cfg.DebugAddr != "" {
		stopDebug, err := startDebug(log, cfg.DebugAddr)
		if err != nil {
			return fmt.Errorf("starting the debug listener: %w", err)
		}
		defer stopDebug()
	}
	if cmd == "sandbox" {
		return serve(ctx, log, cfg, cfg.SandboxAddr, "sandbox", sandbox.New(cfg.sandboxOptions(log)))
	}
	log.Info().Object("config", cfg).Str("version", version).Msg("starting")

	upstreamURL := cfg.UpstreamURL
	bssNow := time.Now // Query.serverTime: the real clock, or the embedded sandbox's
	if upstreamURL == "" {
		// The embedded sandbox listens on loopback and the gateway calls it
		// over real HTTP, exactly as it would call BSS.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("starting sandbox: %w", err)
		}
		embedded := sandbox.New(cfg.sandboxOptions(log))
		bssNow = embedded.Now
		sb := &http.Server{Handler: embedded, ReadHeaderTimeout: 5 * time.Second}
		go func() { _ = sb.Serve(ln) }()
		defer sb.Close() // after the gateway has drained: defers run in reverse
		upstreamURL = "http://" + ln.Addr().String()
		log.Info().Str("url", upstreamURL).Msg("embedded sandbox started")
	}

	metrics := telemetry.NewMetrics()
	tracing, err := telemetry.NewTracing(ctx, telemetry.TracingOptions{
		Endpoint: cfg.OTLPEndpoint, FromEnvironment: cfg.OTelFromEnv, ServiceVersion: version,
	})
	if err != nil {
		return fmt.Errorf("setting up tracing: %w", err)
	}
	defer func() {
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if err := tracing.Shutdown(fctx); err != nil {
			log.Warn().Err(err).Msg("flushing traces")
		}
	}()

	state, err := connectShared(cfg, log, metrics)
	if err != nil {
		return err
	}
	defer state.close()
	opts := []upstream.Option{
		upstream.WithCallTimeout(cfg.UpstreamTimeout),
		upstream.WithLogger(log),
		upstream.WithUserAgent("bssgraph/" + version),
		upstream.WithLimiter(state.limiter),
		upstream.WithObserver(telemetry.Observers(metrics, tracing)),
		upstream.WithEconomy(state.economy),
	}
	if cfg.AccessKey != "" {
		opts = append(opts, upstream.WithCredentials(cfg.AccessKey, cfg.SecretKey))
	}
	bss, err := upstream.NewClient(upstreamURL, opts...)
	if err != nil {
		return fmt.Errorf("building upstream client: %w", err)
	}

	gql := graph.Options{
		BSS: bss, Log: log, Budget: cfg.UpstreamBudget, Limits: cfg.Limits, ParserTokenLimit: cfg.ParserTokenLimit, IAM: iamFor(cfg, bss, upstreamURL),
		Catalog: loaders.NewCatalog(bss, time.Hour).Observe(metrics).Share(state.catalog), Now: bssNow,
	}
	gopts := gateway.Options{
		Schema:            graph.NewSchema(gql),
		Configure:         graph.Configure(gql),
		RequestMiddleware: []func(http.Handler) http.Handler{loaders.Middleware(bss, metrics)},
		Log:               log,
		Metrics:           metrics,
		Tracing:           tracing,
		RequestTimeout:    cfg.RequestTimeout,
		MaxBodyBytes:      cfg.MaxBodyBytes,
		MaxConcurrent:     cfg.MaxConcurrent,
		MaxQueued:         cfg.MaxQueued,
		ParserTokenLimit:  cfg.ParserTokenLimit,
		QueryCacheSize:    cfg.QueryCacheSize,
		APQCacheSize:      cfg.APQCacheSize,
		APQCache:          state.apq,
		Degraded:          state.degraded,
		Introspection:     cfg.Introspection,
		GraphiQL:          cfg.GraphiQL,
		ExampleQuery:      exampleQuery,
		CORSOrigins:       cfg.CORSOrigins,
		SignsRequests:     bss.SignsRequests(),
		APIKeys:           cfg.APIKeys,
		Ready:             gateway.UpstreamProbe(upstreamURL, nil),
	}
	if cfg.UpstreamURL == "" {
		gopts.GraphiQLHeaders = sandboxHeaders
	}
	h, err := gateway.Handler(gopts)
	if err != nil {
		return fmt.Errorf("building gateway: %w", err)
	}
	return serve(ctx, log, cfg, cfg.Addr, "gateway", h)
}

// serve runs h on addr until ctx is done, then shuts down gracefully: the
// listener closes at once and requests in flight get ShutdownTimeout to end.
func serve(ctx context.Context, log zerolog.Logger, cfg *config, addr, name string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler: h,
		// Slow clients must not hold connections: headers within 5s, the
		// whole body within 15s.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		// A response may take the whole request timeout, plus time to write.
		WriteTimeout: cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:  120 * time.Second,
		ErrorLog:     nil,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info().Str("addr", ln.Addr().String()).Str("server", name).Msg("listening")

	select {
	case err := <-errc:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	log.Info().Msg("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutting down: %w", err)
	}
	log.Info().Msg("stopped")
	return nil
}

// healthcheck asks the gateway listening on addr for /healthz and fails
// unless it answers 200. It runs in the gateway's own container.
func healthcheck(ctx context.Context, addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("parsing listen address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("checking health: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("checking health: /healthz answered %s", resp.Status)
	}
	return nil
}

// newLogger returns the one logger of the process; nothing uses zerolog's
// global logger.
func newLogger(cfg *config, stdout io.Writer) zerolog.Logger {
	w := stdout
	if cfg.LogFormat == "console" {
		w = zerolog.ConsoleWriter{Out: stdout, TimeFormat: time.RFC3339}
	}
	return zerolog.New(w).Level(cfg.LogLevel).With().Timestamp().Logger()
}

// iamFor returns the IAM client that finds a caller's account id from its
// token: the configured IAM endpoint, or the embedded sandbox, which serves
// IAM's token API too.
func iamFor(cfg *config, bss *upstream.Client, upstreamURL string) *upstream.IAM {
	switch {
	case cfg.IAMURL != "":
		return bss.IAM(cfg.IAMURL)
	case cfg.UpstreamURL == "":
		return bss.IAM(upstreamURL)
	}
	return nil
}
