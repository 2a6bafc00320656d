#!/usr/bin/env bash
# The F8 throughput benchmark in one command: starts one standalone sandbox
# (quotas off) and a gateway built from this tree on it, then runs
# cmd/loadtest -mode bench: the direct REST balances call, the gateway's
# balance query and the nested orders query in interleaved rounds.
#
#   scripts/bench-throughput.sh                        # this tree only
#   BEFORE=9ba9800 scripts/bench-throughput.sh -c 1    # and a build of BEFORE, same run
#
# Arguments go to the harness (-c, -rounds, -round, -tokens).
#
# The gateways share no reads between requests and keep no final answers
# (BSSGRAPH_SHARE_READS=false, BSSGRAPH_FINAL_CACHE=false), so every request
# makes its own calls (1 and 11) and the figures are the gateway's cost per
# call; set either to true to measure the economy instead.
source "$(dirname "$0")/bench-common.sh"
export BSSGRAPH_SHARE_READS=${BSSGRAPH_SHARE_READS:-false} BSSGRAPH_FINAL_CACHE=${BSSGRAPH_FINAL_CACHE:-false}

gateways=
if [ -n "${BEFORE:-}" ]; then
  build_at "$BEFORE" before
fi
machine
start_sandbox
if [ -n "${BEFORE:-}" ]; then
  start_gateway before "$work/bssgraph-before"
  gateways="before=http://$addr,"
fi
start_gateway after "$work/bssgraph"
gateways="${gateways}after=http://$addr"
[ -n "${BEFORE:-}" ] || gateways="http://$addr"

"$work/loadtest" -mode bench -sandbox "$sandbox" -gateway "$gateways" "$@"
