#!/usr/bin/env bash
# The import page's live progress bar with a 50,000-row file (issue 16): builds Release, starts the app on a free
# loopback port with a fresh database and the demo data, and runs benchmarks/LeadRouting.ImportProgressBenchmark, which
# signs in as the demo Ops user in headless Chromium, uploads a Salesforce-style export of $ROWS rows (the crm load
# mode's file) on /settings/import with the en-US locale, imports it in route mode and records every progress text the
# page shows with its time, the longest gap between the browser's animation frames, and the page's round trip (its Mode
# menu opening) every $PROBE_EVERY s while the rows import. The app is stopped on any exit; the database is removed.
#
# Usage: bash benchmarks/import-progress.sh      Knobs (environment): ROWS=50000 PROBE_EVERY=2
#        RESULTS=file (default artifacts/import-progress/<utc time>.txt, git-ignored)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
ROWS=${ROWS:-50000}
PROBE_EVERY=${PROBE_EVERY:-2}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

app_dir="$root/LeadRouting.Web/bin/Release/net10.0"
measure="$root/benchmarks/LeadRouting.ImportProgressBenchmark/bin/Release/net10.0/LeadRouting.ImportProgressBenchmark.dll"
work=$(mktemp -d "${TMPDIR:-/tmp}/leadrouting-import-progress.XXXXXX")
results=${RESULTS:-"$root/artifacts/import-progress/$(date -u +%Y%m%dT%H%M%SZ).txt"}
mkdir -p "$(dirname "$results")"
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
app_pid=""

log() { printf '== %s\n' "$*" | tee -a "$results"; }

cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "no free port found" >&2
  return 1
}

commit="unknown (not a git checkout)"
if head=$(git rev-parse --short HEAD 2>/dev/null); then
  commit=$head
  git diff --quiet HEAD -- LeadRouting.Core LeadRouting.Web || commit="$head + uncommitted changes in Core/Web"
fi
log "import-progress $(date -u '+%a %d %b %Y %H:%M:%S UTC'), commit $commit, ROWS=$ROWS PROBE_EVERY=$PROBE_EVERY"
log "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory, load average $(cut -d' ' -f1-3 /proc/loadavg), .NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }'), $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"

log "build (Release)"
timeout 900 dotnet build LeadRouting.Web/LeadRouting.Web.csproj -c Release -nologo -v q
timeout 900 dotnet build benchmarks/LeadRouting.ImportProgressBenchmark/LeadRouting.ImportProgressBenchmark.csproj -c Release -nologo -v q

port=$(free_port)
url="http://127.0.0.1:$port"
mkdir -p "$work/db"
(
  cd "$app_dir"
  exec env ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$work/db" \
    Demo__Enabled=true Demo__Password="$password" Demo__HistoryDays=0 Logging__LogLevel__Default=Warning dotnet LeadRouting.Web.dll
) >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 600); do
  curl -fsS --max-time 2 -o /dev/null "$url/health" 2>/dev/null && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; exit 1; }
  sleep 0.5
done
log "app pid $app_pid at $url"

status=0
timeout --kill-after=10 4000 dotnet "$measure" --url "$url" --password "$password" --rows "$ROWS" --probe-every "$PROBE_EVERY" 2>&1 | tee -a "$results" || status=$?
if grep -qiE 'fail|exception' "$work/app.log"; then
  log "app log warnings/errors (first 20 lines):"
  grep -iE 'fail|exception' "$work/app.log" | head -n 20 | tee -a "$results"
fi
log "results written to $results"
exit "$status"
