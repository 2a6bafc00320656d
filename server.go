// Command bssgraph is a GraphQL gateway over the Huawei Cloud BSS "Customer
// Operation Capabilities" REST API. With no upstream configured it starts an
// embedded BSS sandbox, so `go run .` works without an account;
// `bssgraph sandbox` serves the sandbox alone.
package main

import (
	"context"
	"errors"
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
	"bssgraph/upstream"
	"bssgraph/upstream/sandbox"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

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

	standalone := len(args) > 0 && args[0] == "sandbox"
	if standalone {
		args = args[1:]
	}
	cfg, err := loadConfig(args, getenv, stdout)
	if err != nil {
		return fmt.Errorf("loading config: %w", err)
	}
	log := newLogger(cfg, stdout)
	if standalone {
		return serve(ctx, log, cfg, cfg.SandboxAddr, "sandbox", sandbox.New(sandbox.Options{Log: log}))
	}
	log.Info().Object("config", cfg).Str("version", version).Msg("starting")
	if cfg.RedisURL != "" {
		log.Warn().Msg("BSSGRAPH_REDIS_URL is set but shared state is not implemented yet; quotas and caches stay per replica")
	}

	upstreamURL := cfg.UpstreamURL
	if upstreamURL == "" {
		// The embedded sandbox listens on loopback and the gateway calls it
		// over real HTTP, exactly as it would call BSS.
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("starting sandbox: %w", err)
		}
		sb := &http.Server{Handler: sandbox.New(sandbox.Options{Log: log}), ReadHeaderTimeout: 5 * time.Second}
		go sb.Serve(ln)
		defer sb.Close()
		upstreamURL = "http://" + ln.Addr().String()
		log.Info().Str("url", upstreamURL).Msg("embedded sandbox started")
	}

	opts := []upstream.Option{
		upstream.WithCallTimeout(cfg.UpstreamTimeout),
		upstream.WithLogger(log),
		upstream.WithUserAgent("bssgraph/" + version),
		upstream.WithLimiter(upstream.NewWindowLimiter(cfg.QuotaScale)),
	}
	if cfg.AccessKey != "" {
		opts = append(opts, upstream.WithCredentials(cfg.AccessKey, cfg.SecretKey))
	}
	bss, err := upstream.NewClient(upstreamURL, opts...)
	if err != nil {
		return fmt.Errorf("building upstream client: %w", err)
	}
	h := gateway.Handler(gateway.Options{Schema: graph.NewSchema(graph.Options{BSS: bss, Log: log}), Log: log})
	return serve(ctx, log, cfg, cfg.Addr, "gateway", h)
}

// serve runs h on addr until ctx is done, then shuts down gracefully.
func serve(ctx context.Context, log zerolog.Logger, cfg *config, addr, name string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      cfg.RequestTimeout + 5*time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          nil,
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

// newLogger returns the one logger of the process; nothing uses zerolog's
// global logger.
func newLogger(cfg *config, stdout io.Writer) zerolog.Logger {
	w := stdout
	if cfg.LogFormat == "console" {
		w = zerolog.ConsoleWriter{Out: stdout, TimeFormat: time.RFC3339}
	}
	return zerolog.New(w).Level(cfg.LogLevel).With().Timestamp().Logger()
}
