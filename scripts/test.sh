#!/usr/bin/env bash
# Runs the whole test suite. It first installs what the tests need when it is
# missing, so it works on a fresh machine; nothing is skipped because a tool
# is absent: a tool that cannot be installed fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }
die() { printf 'scripts/test.sh: %s\n' "$*" >&2; exit 1; }

# apt_install installs Debian packages, as root or through sudo.
apt_install() {
  local sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq || die "apt-get update failed; cannot install $*"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null || die "cannot install $* with apt-get"
}

log "tools"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
node --version
# tools/web (GraphiQL's build, the audit and the browser test) needs Node.js 20 or later.
[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ] || die "Node.js $(node --version) is too old: tools/web needs 20 or later"
# e2e.sh drives the built gateway with curl.
command -v curl >/dev/null || apt_install curl
# Debian's Chromium; the browser test never downloads one.
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  apt_install chromium
fi
"${CHROMIUM_PATH:-/usr/bin/chromium}" --version 2>/dev/null || die "chromium does not run"
# Debian's redis-server; the replica tests start their own on loopback.
if [ ! -x /usr/bin/redis-server ]; then
  apt_install redis-server
fi
/usr/bin/redis-server --version || die "redis-server does not run"
# npm ci only when the lock file changed since the last install.
stamp=tools/web/node_modules/.bssgraph-lock.sha256
want=$(sha256sum tools/web/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  (cd tools/web && npm ci --no-audit --no-fund) || die "npm ci failed in tools/web"
  echo "$want" >"$stamp"
fi

log "GraphiQL bundle matches its sources in tools/web"
bundle=$(mktemp -d)
(cd tools/web && GRAPHIQL_OUT="$bundle" node build-graphiql.mjs >/dev/null 2>&1) || die "building GraphiQL failed"
if ! diff -rq "$bundle" gateway/graphiql/dist; then
  rm -rf "$bundle"
  die "gateway/graphiql/dist is stale: run 'cd tools/web && npm run build:graphiql' and commit the result"
fi
rm -rf "$bundle"

log "go vet"
go vet ./...

# golangci-lint at a pinned version, built through the Go module proxy when
# the installed one is missing or another version; .golangci.yml says what
# it checks.
log "golangci-lint"
lint_version=v2.15.0
gobin=$(go env GOBIN)
lint=${gobin:-$(go env GOPATH)/bin}/golangci-lint
if ! "$lint" --version 2>/dev/null | grep -q "version ${lint_version#v} "; then
  go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$lint_version" || die "cannot install golangci-lint $lint_version"
fi
"$lint" run ./...

log "go test -race"
go test -race -count=1 -timeout 20m ./...

log "end to end: GraphQL-over-HTTP audit and GraphiQL browser test"
scripts/e2e.sh
