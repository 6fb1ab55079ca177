#!/usr/bin/env bash
# Runs every check of the project, from a fresh clone: restore, formatting, build (warnings are errors),
# licences, and all tests (unit, integration on a real PostgreSQL, API functional). Prints
# "N passed, N failed, N skipped" at the end and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 NEXT_TELEMETRY_DISABLED=1

step() { printf '\n==> %s\n' "$*"; }

step "Restore"
dotnet restore Everruns.sln

step "Formatting (dotnet format --verify-no-changes)"
dotnet format Everruns.sln --verify-no-changes --no-restore

step "Build"
dotnet build Everruns.sln --no-restore

step "npm dependencies of the AG-UI conformance suite and the MCP client suite"
npm ci --prefix tests/agui-conformance --no-audit --no-fund
npm ci --prefix tests/mcp-client --no-audit --no-fund

step "Web UI: install, generated API types up to date, lint, type check, unit tests, build"
(cd ui && npm ci --no-audit --no-fund && npm run check:api-types && npm run lint && npm run typecheck && npm test && npm run build)

step "Chromium for the browser tests"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Debian's Chromium: sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

step "Licences"
node scripts/check-licenses.mjs tests/agui-conformance tests/mcp-client ui

step "Tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Everruns.sln --no-build 2>&1 | tee "$log" || status=$?

# dotnet test prints one summary per test assembly; add them up into one closing line.
awk -F'[:,]' '/(Passed|Failed)! +- Failed:/ { failed += $2; passed += $4; skipped += $6 }
  END { printf "\n%d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
