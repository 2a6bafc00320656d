#!/usr/bin/env bash
# Regenerates the GraphQL code (gqlgen) under a lock, so engineers working in
# parallel never interleave two generations. Connection and Edge types are
# not generated: graph/model/connection.go binds them to one generic type.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/bssgraph-gqlgen.lock
flock 9
go run github.com/99designs/gqlgen generate
