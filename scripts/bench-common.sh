# Sourced by scripts/bench-*.sh: builds bssgraph and the load harness into
# a temporary directory, starts servers on free loopback ports, and stops
# everything it started on exit. Not meant to run on its own.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do
    if kill -0 "$p" 2>/dev/null; then kill "$p"; wait "$p" 2>/dev/null || true; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# Many concurrent clients need a descriptor each, on both sides.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

echo "building into $work"
go build -o "$work/bssgraph" .
go build -o "$work/loadtest" ./cmd/loadtest

# build_at COMMIT NAME builds bssgraph as it was at COMMIT, for a before/after
# comparison in one run.
build_at() {
  mkdir -p "$work/src-$2"
  git archive "$1" | tar -x -C "$work/src-$2"
  (cd "$work/src-$2" && go build -o "$work/bssgraph-$2" .)
}

# start NAME SERVER BINARY [ARGS...] starts a server with the environment
# already exported, waits for its "listening" line and sets $addr and $pid.
start() {
  local name=$1 server=$2
  shift 2
  "$@" >"$work/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  addr=
  for _ in $(seq 1 600); do
    addr=$(sed -n 's/.*"addr":"\([^"]*\)","server":"'"$server"'".*/\1/p' "$work/$name.log" | head -n 1)
    [ -n "$addr" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log"; echo "$name exited before serving" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$addr" ] || { cat "$work/$name.log"; echo "$name did not start within 60s" >&2; exit 1; }
  echo "$name (pid $pid) at http://$addr"
}

# start_sandbox starts `bssgraph sandbox` with quotas off; extra environment
# (BSSGRAPH_SANDBOX_LATENCY) passes through. Sets $sandbox.
start_sandbox() {
  BSSGRAPH_SANDBOX_ADDR=127.0.0.1:0 BSSGRAPH_SANDBOX_QUOTA_SCALE=-1 \
    start sandbox sandbox "$work/bssgraph" sandbox
  sandbox=http://$addr
}

# start_gateway NAME BINARY starts a gateway on $sandbox with quotas off.
start_gateway() {
  BSSGRAPH_ADDR=127.0.0.1:0 BSSGRAPH_UPSTREAM_URL=$sandbox BSSGRAPH_IAM_URL=$sandbox \
    BSSGRAPH_QUOTA_SCALE=-1 BSSGRAPH_GRAPHIQL=false \
    start "$1" gateway "$2"
}

machine() {
  echo "machine: $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(go version | cut -d' ' -f3-), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
