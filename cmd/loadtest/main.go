// Command loadtest drives a running bssgraph gateway (and, for comparison,
// the sandbox's REST API) over loopback only, bounded in time and count,
// and prints throughput, latency percentiles, the error rate, upstream
// calls and the gateway's peak RSS.
//
//	go run ./cmd/loadtest -gateway http://127.0.0.1:8080 -sandbox http://127.0.0.1:8081 -c 32 -d 10s
//	go run ./cmd/loadtest -mode bench -gateway http://127.0.0.1:8080 -sandbox http://127.0.0.1:8081
//
// scripts/bench-throughput.sh and scripts/bench-load.sh start the servers
// and run it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"bssgraph/cmd/loadtest/load"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if _, err := load.Command(ctx, os.Args[1:], os.Stdout); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(os.Stderr, "loadtest: %v\n", err)
		os.Exit(1)
	}
}
