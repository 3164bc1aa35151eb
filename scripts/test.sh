#!/usr/bin/env bash
# Runs every LeadRouting test on a fresh machine: installs what is missing, builds, tests, prints a summary.
# Usage: bash scripts/test.sh   (as root it may apt-get install what later test areas need)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

log() { printf '== %s\n' "$*"; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet (the .NET 10 SDK) is required on PATH" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# The browser tests drive Debian's Chromium through Playwright (which downloads no browser of its own).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "/usr/bin/chromium is missing: run this script as root, or apt-get install chromium" >&2
    exit 1
  fi
  log "install chromium (Debian package) for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq
  timeout 900 apt-get install -y -qq --no-install-recommends chromium
fi
rm -rf "$root/artifacts/screenshots"

log "restore + build (warnings are errors)"
timeout 900 dotnet build LeadRouting.sln -c Debug -nologo -v minimal

log "test"
status=0
# --blame-hang-timeout ends a hung test host instead of letting CI run into its limit.
timeout 1800 dotnet test LeadRouting.sln -c Debug --no-build -nologo \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=minimal" \
  --results-directory "$results" --blame-hang-timeout 5m || status=$?

# One plain closing line for CI: "N passed, N failed".
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(printf '%s' "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(printf '%s' "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no test ran" >&2
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
