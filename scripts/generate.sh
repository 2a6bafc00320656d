#!/usr/bin/env bash
# Regenerates the GraphQL code (gqlgen) under a lock, so engineers working in
# parallel never interleave two generations. Connection and Edge types are
# not generated: graph/model/connection.go binds them to one generic type,
# and scripts/connalias adds the alias of any new one.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/bssgraph-gqlgen.lock
flock 9
# Generated executor files are rebuilt from scratch: gqlgen leaves stale
# code behind when a type is removed from the schema.
rm -f graph/generated/*.go
go run github.com/99designs/gqlgen generate
if [ "$(go run ./scripts/connalias)" = "changed" ]; then
  gofmt -w graph/model/connection.go
  go run github.com/99designs/gqlgen generate
fi
