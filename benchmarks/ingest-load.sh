#!/usr/bin/env bash
# Ingestion load on SQLite (issue 3): builds Release, then for each mode starts the app on a free loopback port with a
# fresh database and the demo data, captures the demo key it prints, waits for /health, and runs the load generator
# (benchmarks/LeadRouting.LoadGenerator) against it; each mode first warms the app up with $WARMUP s of single leads
# (8 closed-loop clients), because a cold app ingests at a third of its speed until its JIT has caught up:
#   max   closed loop, $CLIENTS clients posting distinct leads as fast as they are answered, $DURATION s
#   rate  open loop at $RATE leads/s for $DURATION s, latency from each lead's planned send time
#   csv   one $ROWS-row CSV file posted to /api/leads/import, then the same file again (a re-upload: every row replayed)
#   crm   three $ROWS-row Salesforce-style exports imported as a dry run, in history mode and in route mode (issue 16)
# The app is stopped after each mode and on any exit; the temporary databases are removed.
#
# Usage: bash benchmarks/ingest-load.sh [max] [rate] [csv] [crm]     (default: max, rate and csv, in that order)
# Knobs (environment): CLIENTS=8 DURATION=20 WARMUP=30 RATE=500 DRAIN=120 ROWS=50000; CONNECTIONS (rate mode; default
# rate/10 within 16-512); REP_CAPACITY=N (publish every demo rep with capacity N first, so leads keep being assigned
# instead of finding every rep full after a few seconds); KEEP_DB=dir (copy each mode's database there after the app
# stopped, to look into it); RESULTS=file (default artifacts/ingest-load/<utc time>.txt,
# git-ignored)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

CLIENTS=${CLIENTS:-8}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
RATE=${RATE:-500}
ROWS=${ROWS:-50000}
REP_CAPACITY=${REP_CAPACITY:-}
DRAIN=${DRAIN:-120}
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(max rate csv)
for mode in "${modes[@]}"; do
  case "$mode" in max|rate|csv|crm) ;; *) echo "unknown mode '$mode' (max, rate, csv or crm)" >&2; exit 2 ;; esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

app_dir="$root/LeadRouting.Web/bin/Release/net10.0"
generator="$root/benchmarks/LeadRouting.LoadGenerator/bin/Release/net10.0/LeadRouting.LoadGenerator.dll"
work=$(mktemp -d "${TMPDIR:-/tmp}/leadrouting-ingest.XXXXXX")
results=${RESULTS:-"$root/artifacts/ingest-load/$(date -u +%Y%m%dT%H%M%SZ).txt"}
mkdir -p "$(dirname "$results")"
app_pid=""
failed=0
# The demo API key the app stores at its first start (Demo:ApiKey): lr_<12 hex>_<43 URL-safe characters>.
demo_key="lr_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' | cut -c1-43)"

log() { printf '== %s\n' "$*" | tee -a "$results"; }

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

# A port nobody listens on: a connect to it is refused. (Another process could still take it before the app does; the
# app then fails to start and the wait below says so.)
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

# CPU seconds (user + system) a process has used so far.
cpu_seconds() {
  local pid=$1 ticks
  ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}

# Starts the app with a fresh database in $work/$1; sets app_pid, url and key.
start_app() {
  local name=$1 data="$work/$1" port
  mkdir -p "$data/db"
  port=$(free_port)
  url="http://127.0.0.1:$port"
  (
    cd "$app_dir"
    exec env ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$data/db" \
      Demo__Enabled=true Demo__ApiKey="$demo_key" RateLimiting__IngestPerSecond=1000000 RateLimiting__IngestBurst=1000000 \
      Logging__LogLevel__Default=Warning dotnet LeadRouting.Web.dll
  ) >"$data/app.log" 2>&1 &
  app_pid=$!

  # Outside Development the app generates no demo key (it would have to print it): the script gives it one.
  key=$demo_key

  # The first start stores the demo history; on a busy machine that takes minutes.
  for _ in $(seq 1 600); do
    if curl -fsS --max-time 2 -o /dev/null "$url/health" 2>/dev/null; then
      return 0
    fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "the app did not answer $url/health within 300 s ($name); its log:" >&2
  cat "$data/app.log" >&2
  return 1
}

# Bytes per table and index of the stopped app's database (issue 21), from SQLite's dbstat table, with the leads it
# holds and the bytes per lead; skipped when the sqlite3 shell is not installed or lacks dbstat.
db_tables() {
  local db=$1 leads
  command -v sqlite3 >/dev/null && [ -f "$db" ] || return 0
  leads=$(sqlite3 "$db" 'SELECT COUNT(*) FROM "Leads"' 2>/dev/null) || return 0
  sqlite3 "$db" "SELECT SUM(pgsize) FROM dbstat" >/dev/null 2>&1 || return 0
  printf '  tables       bytes per table and index (dbstat), %s leads stored\n' "$leads" | tee -a "$results"
  sqlite3 -separator ' ' "$db" "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 25" |
    awk -v n="$leads" '{ t += $2; printf "               %-48s %12d bytes %8.0f per lead\n", $1, $2, $2 / n }' | tee -a "$results"
  sqlite3 -separator ' ' "$db" "SELECT SUM(pgsize), page_count * page_size FROM dbstat, pragma_page_count, pragma_page_size" |
    awk -v n="$leads" '{ printf "               %-48s %12d bytes %8.0f per lead (file: %d bytes)\n", "all", $1, $1 / n, $2 }' | tee -a "$results"
}

# Runs one mode on a freshly started app; the generator's own timeout is the run's length plus a margin.
run_mode() {
  local mode=$1 limit status=0 cpu_before cpu_after started ended
  local setup=(${REP_CAPACITY:+--rep-capacity "$REP_CAPACITY"})
  case "$mode" in
    max) args=(--mode max --clients "$CLIENTS" --duration "$DURATION" --warmup "$WARMUP"); limit=$((WARMUP + DURATION + 120)) ;;
    rate) args=(--mode rate --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --drain "$DRAIN" ${CONNECTIONS:+--connections "$CONNECTIONS"})
      limit=$((WARMUP + DURATION + DRAIN + 120)) ;;
    csv) args=(--mode csv --rows "$ROWS" --warmup "$WARMUP"); limit=$((WARMUP + 3700)) ;;
    crm) args=(--mode crm --rows "$ROWS" --warmup "$WARMUP"); limit=$((WARMUP + 5500)) ;;
  esac

  log "$mode: starting the app on a fresh database"
  start_app "$mode"
  log "$mode: app pid $app_pid at $url; load-generator ${args[*]} ${setup[*]}"
  cpu_before=$(cpu_seconds "$app_pid")
  started=$(date +%s.%N)
  timeout --kill-after=10 "$limit" dotnet "$generator" --url "$url" --key "$key" "${args[@]}" "${setup[@]}" 2>&1 | tee -a "$results" || status=$?
  ended=$(date +%s.%N)
  cpu_after=$(cpu_seconds "$app_pid")
  awk -v b="$cpu_before" -v a="$cpu_after" -v s="$started" -v e="$ended" -v n="$(nproc)" \
    'BEGIN { w = e - s; printf "  app CPU      %.1f s over %.1f s of generator wall time (%.2f of %d cores on average)\n", a - b, w, (a - b) / w, n }' \
    | tee -a "$results"
  printf '  database     %s\n' "$(du -sh "$work/$mode/db" | cut -f1)" | tee -a "$results"
  if grep -qiE 'fail|exception|error' "$work/$mode/app.log"; then
    printf '  app log      warnings/errors (first 20 lines):\n' | tee -a "$results"
    grep -iE 'fail|exception|error' "$work/$mode/app.log" | head -n 20 | sed 's/^/               /' | tee -a "$results"
  fi
  stop_app
  db_tables "$work/$mode/db/leadrouting.db"
  if [ -n "${KEEP_DB:-}" ]; then
    mkdir -p "$KEEP_DB" && cp "$work/$mode/db/leadrouting.db" "$KEEP_DB/$mode.db" && log "$mode: database kept as $KEEP_DB/$mode.db"
  fi
  if [ "$status" -ne 0 ]; then
    log "$mode: the load generator exited with $status (non-201 answers, errors or a timeout: see above)"
    failed=1
  fi
}

commit="unknown (not a git checkout)"
if head=$(git rev-parse --short HEAD 2>/dev/null); then
  commit=$head
  git diff --quiet HEAD -- LeadRouting.Core LeadRouting.Web || commit="$head + uncommitted changes in Core/Web"
fi
log "ingest-load $(date -u '+%a %d %b %Y %H:%M:%S UTC'), commit $commit"
log "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory, .NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')"
log "modes: ${modes[*]}; CLIENTS=$CLIENTS DURATION=$DURATION WARMUP=$WARMUP RATE=$RATE ROWS=$ROWS${REP_CAPACITY:+ REP_CAPACITY=$REP_CAPACITY}"

log "build (Release)"
timeout 900 dotnet build LeadRouting.Web/LeadRouting.Web.csproj -c Release -nologo -v q
timeout 900 dotnet build benchmarks/LeadRouting.LoadGenerator/LeadRouting.LoadGenerator.csproj -c Release -nologo -v q

for mode in "${modes[@]}"; do
  run_mode "$mode"
done

log "results written to $results"
exit "$failed"
