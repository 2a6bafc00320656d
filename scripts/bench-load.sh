#!/usr/bin/env bash
# The F6 load benchmarks: a standalone sandbox with 20 ms added latency and
# quotas off, a gateway built from this tree, and cmd/loadtest's mix from
# CLIENTS concurrent clients for DURATION; then the same run with 5% upstream
# 5xx and 2% connection resets. After each run it prints the gateway's
# goroutines once the load has stopped, to show nothing leaked.
#
#   scripts/bench-load.sh                      # 1000 clients, 60 s, twice
#   CLIENTS=50 DURATION=5s scripts/bench-load.sh
source "$(dirname "$0")/bench-common.sh"

clients=${CLIENTS:-1000}
duration=${DURATION:-60s}
latency_ns=20000000

machine
BSSGRAPH_SANDBOX_LATENCY=20ms start_sandbox
start_gateway gateway "$work/bssgraph"
gateway=http://$addr
gateway_pid=$pid

goroutines() {
  sleep 3 # let keep-alive connections of the finished run idle out of the handlers
  echo "gateway goroutines after the run: $(curl -fsS "$gateway/metrics" | sed -n 's/^go_goroutines //p')"
}

faults() {
  curl -fsS -X PUT -H 'Content-Type: application/json' -d "$1" "$sandbox/_sandbox/faults" >/dev/null
  echo "sandbox faults: $1"
}

echo "gateway goroutines at rest: $(curl -fsS "$gateway/metrics" | sed -n 's/^go_goroutines //p')"
echo "== sustained: $clients clients, $duration, 20 ms upstream latency"
"$work/loadtest" -gateway "$gateway" -sandbox "$sandbox" -c "$clients" -d "$duration" -pid "$gateway_pid"
goroutines

echo "== faults: the same with 5% upstream 5xx and 2% connection resets"
faults "{\"latency\":$latency_ns,\"error_rate\":0.05,\"drop_rate\":0.02}"
"$work/loadtest" -gateway "$gateway" -sandbox "$sandbox" -c "$clients" -d "$duration" -pid "$gateway_pid"
goroutines
kill -0 "$gateway_pid" && echo "gateway still running (pid $gateway_pid)"
