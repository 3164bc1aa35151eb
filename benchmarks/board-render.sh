#!/usr/bin/env bash
# /board first render with many leads in the database, measured in Debian's Chromium (issue 5): builds Release, seeds a
# fresh data folder with $LEADS leads through the real write path (benchmarks/LeadRouting.BoardRenderBenchmark seed: the
# sweep benchmark's database, LoadSeed), starts the app on it (published Release build, Production: a plain build output
# serves no static web assets outside Development, so blazor.web.js would be missing and the board never interactive),
# waits for /health, then signs in as the demo manager and opens /board $WARMUP + $RUNS times in fresh tabs, reporting
# p50/p90/max of: the HTML's first byte, the prerendered board on screen, and the queue grid's rows on screen (the
# interactive circuit). The app is stopped on any exit (trap) and the data folder removed.
#
# Usage: bash benchmarks/board-render.sh
# Knobs (environment): LEADS=100000 RUNS=10 WARMUP=1 CHROMIUM=/usr/bin/chromium RESULTS=file (default
# artifacts/board-render/<utc time>.txt, git-ignored)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

LEADS=${LEADS:-100000}
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-1}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tool="$root/benchmarks/LeadRouting.BoardRenderBenchmark/bin/Release/net10.0/LeadRouting.BoardRenderBenchmark.dll"
work=$(mktemp -d "${TMPDIR:-/tmp}/leadrouting-board-render.XXXXXX")
app_dir="$work/app"
results=${RESULTS:-"$root/artifacts/board-render/$(date -u +%Y%m%dT%H%M%SZ).txt"}
mkdir -p "$(dirname "$results")"
app_pid=""

stop_app() {
  [ -n "$app_pid" ] || return 0
  if kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$app_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$app_pid" 2>/dev/null; then
      echo "the app did not stop within 15 s of SIGTERM; killing it" >&2
      kill -KILL "$app_pid" 2>/dev/null || true
    fi
  fi
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}

cleanup() {
  stop_app
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

echo "== build the tool, publish the app (Release)"
dotnet build -c Release "$root/benchmarks/LeadRouting.BoardRenderBenchmark/LeadRouting.BoardRenderBenchmark.csproj" 2>&1 | tail -n 2
dotnet publish -c Release -o "$app_dir" "$root/LeadRouting.Web/LeadRouting.Web.csproj" 2>&1 | tail -n 2

{
  echo "== /board first render, $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), commit $(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes')"
  echo "== seed $LEADS leads"
} | tee "$results"
timeout 1800 dotnet "$tool" seed --data "$work/db" --leads "$LEADS" | tee -a "$results"

port=$(free_port)
url="http://127.0.0.1:$port"
(
  cd "$app_dir"
  exec env ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$work/db" \
    Demo__Enabled=true Logging__LogLevel__Default=Warning dotnet LeadRouting.Web.dll
) >"$work/app.log" 2>&1 &
app_pid=$!

healthy=""
for _ in $(seq 1 120); do
  if curl -fsS --max-time 2 -o /dev/null "$url/health" 2>/dev/null; then
    healthy=1
    break
  fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$healthy" ]; then
  echo "the app did not answer $url/health within 60 s; its log:" >&2
  cat "$work/app.log" >&2
  exit 1
fi

echo "== measure: $WARMUP warm-up + $RUNS runs" | tee -a "$results"
timeout 900 dotnet "$tool" measure --url "$url" --runs "$RUNS" --warmup "$WARMUP" --chromium "$CHROMIUM" | tee -a "$results"
echo "results in ${results#"$root/"}"
