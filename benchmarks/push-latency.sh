#!/usr/bin/env bash
# End-to-end push latency (issue 7): builds Release, starts the app, connects $CLIENTS SignalR clients to /hubs/routing
# with the demo key and posts leads to /api/leads at $RATE leads/s (open loop) for $WARMUP + $DURATION s; reports
# throughput, API latency and the time from each lead's 201 to each hub client receiving its Routed event
# (benchmarks/LeadRouting.PushBenchmark), ending with a Markdown table row for docs/BENCHMARKS.md.
#   sqlite    one instance on SQLite (the zero-setup default)
#   postgres  a private PostgreSQL cluster (initdb into a temporary folder, fsync on) and a redis-server on free
#             loopback ports, two instances on them (the second started once the first listens); hub clients and
#             leads alternate between the two
# Apps listen on 127.0.0.1 ports 5291-5299. Everything started here is stopped on any exit (trap, by PID) and the
# temporary folders removed.
#
# Usage: bash benchmarks/push-latency.sh [sqlite|postgres]     (default: sqlite)
# Knobs (environment): CLIENTS=50 RATE=100 DURATION=60 WARMUP=10 DRAIN=15 RESULTS=file (default
# artifacts/push-latency/<utc time>-<mode>.txt, git-ignored)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

mode=${1:-sqlite}
case "$mode" in sqlite|postgres) ;; *) echo "unknown mode '$mode' (sqlite or postgres)" >&2; exit 2 ;; esac
CLIENTS=${CLIENTS:-50}
RATE=${RATE:-100}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-10}
DRAIN=${DRAIN:-15}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

app_dir="$root/LeadRouting.Web/bin/Release/net10.0"
benchmark="$root/benchmarks/LeadRouting.PushBenchmark/bin/Release/net10.0/LeadRouting.PushBenchmark.dll"
work=$(mktemp -d "${TMPDIR:-/tmp}/leadrouting-push.XXXXXX")
results=${RESULTS:-"$root/artifacts/push-latency/$(date -u +%Y%m%dT%H%M%SZ)-$mode.txt"}
mkdir -p "$(dirname "$results")"
logs="${results%.txt}-logs"
app_pids=()
app_urls=()
postgres_pid=""
redis_pid=""
key=""

log() { printf '== %s\n' "$*" | tee -a "$results"; }

# Waits up to $2 tenths of a second for process $1 to end; true when it has.
wait_gone() {
  local pid=$1 tenths=$2
  for _ in $(seq 1 "$tenths"); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  ! kill -0 "$pid" 2>/dev/null
}

# Signal $2 first (the process's own clean shutdown), SIGKILL after $3 tenths of a second.
stop_pid() {
  local pid=$1 signal=$2 tenths=$3 name=$4
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$signal" "$pid" 2>/dev/null || true
    if ! wait_gone "$pid" "$tenths"; then
      echo "$name (pid $pid) did not stop within $((tenths / 10)) s of SIG$signal; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 50 || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local pid log_file
  for pid in "${app_pids[@]}"; do
    stop_pid "$pid" TERM 150 "the app"
  done
  stop_pid "$redis_pid" TERM 100 redis-server
  # SIGINT: PostgreSQL's fast shutdown.
  stop_pid "$postgres_pid" INT 300 postgres
  # The servers' logs stay beside the results; the data goes.
  mkdir -p "$logs"
  for log_file in "$work"/app-*/app.log; do
    if [ -f "$log_file" ]; then cp "$log_file" "$logs/$(basename "$(dirname "$log_file")").log"; fi
  done
  for log_file in "$work"/postgres.log "$work"/redis.log; do
    if [ -f "$log_file" ]; then cp "$log_file" "$logs/"; fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port nobody listens on, from $1-$2 (another process could still take it before ours does; the start then fails
# and the wait says so). Ports already handed out by this script are skipped.
free_port() {
  local from=$1 to=$2 port taken
  for port in $(seq "$from" "$to" | shuf); do
    taken=""
    for used in "${app_urls[@]}"; do [ "${used##*:}" = "$port" ] && taken=1; done
    [ -z "$taken" ] && ! listening "$port" && { echo "$port"; return 0; }
  done
  echo "no free port in $from-$to" >&2
  return 1
}

# PostgreSQL refuses to run as root: as root its programs run as the postgres user, through setpriv, which execs (so
# the PID of a server started in the background is the server's own).
run_as_postgres=()
if [ "$(id -u)" -eq 0 ]; then
  run_as_postgres=(setpriv --reuid postgres --regid postgres --init-groups --)
fi

start_postgres() {
  local bin port data="$work/postgres/data"
  bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
    echo "PostgreSQL is missing: run scripts/test.sh (as root), which installs it, or apt-get install postgresql" >&2
    return 1
  fi
  mkdir -p "$work/postgres"
  if [ "$(id -u)" -eq 0 ]; then
    chmod 755 "$work"
    chown postgres:postgres "$work/postgres"
  fi
  if ! (cd "$work/postgres" && timeout 120 "${run_as_postgres[@]}" "$bin/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C) \
    >"$work/postgres-initdb.log" 2>&1; then
    echo "initdb failed:" >&2
    cat "$work/postgres-initdb.log" >&2
    return 1
  fi
  port=$(free_port 20000 60000)
  # A benchmark keeps PostgreSQL's durability settings (fsync, synchronous commit: the defaults); only the connection
  # table is enlarged, for two instances' pools.
  (cd "$work/postgres" && exec "${run_as_postgres[@]}" "$bin/postgres" -D "$data" -p "$port" -k "$work/postgres" \
    -c listen_addresses=127.0.0.1 -c max_connections=200) >"$work/postgres.log" 2>&1 &
  postgres_pid=$!
  for _ in $(seq 1 300); do
    if timeout 5 "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
      timeout 30 "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE leadrouting" >/dev/null
      postgres_connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=leadrouting"
      log "PostgreSQL $("$bin/postgres" --version | awk '{ print $3 }') (pid $postgres_pid) on 127.0.0.1:$port, fsync on"
      return 0
    fi
    kill -0 "$postgres_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "PostgreSQL did not accept connections within 30 s; its log:" >&2
  cat "$work/postgres.log" >&2
  return 1
}

start_redis() {
  local port
  if [ ! -x /usr/bin/redis-server ]; then
    echo "redis-server is missing: run scripts/test.sh (as root), which installs it, or apt-get install redis-server" >&2
    return 1
  fi
  mkdir -p "$work/redis"
  port=$(free_port 20000 60000)
  /usr/bin/redis-server --bind 127.0.0.1 --port "$port" --dir "$work/redis" --save '' --appendonly no \
    --daemonize no --loglevel warning >"$work/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 1 100); do
    if [ "$(timeout 5 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; then
      redis_connection="127.0.0.1:$port"
      log "Redis $(/usr/bin/redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') (pid $redis_pid) on 127.0.0.1:$port"
      return 0
    fi
    kill -0 "$redis_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "redis-server did not answer PING within 10 s; its log:" >&2
  cat "$work/redis.log" >&2
  return 1
}

# Starts instance $1 on a free port in 5291-5299 with the extra environment in the remaining arguments; waits for
# /health (and, with a fresh database, for the demo key it prints). Appends to app_pids and app_urls.
start_app() {
  local name=$1 port url pid data="$work/app-$1"
  shift
  mkdir -p "$data/db"
  port=$(free_port 5291 5299)
  url="http://127.0.0.1:$port"
  (
    cd "$app_dir"
    exec env ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$data/db" \
      Demo__Enabled=true Demo__HistoryDays=0 Scheduling__Enabled=true \
      RateLimiting__IngestPerSecond=100000 RateLimiting__IngestBurst=100000 \
      Logging__LogLevel__Default=Warning "$@" dotnet LeadRouting.Web.dll
  ) >"$data/app.log" 2>&1 &
  pid=$!
  app_pids+=("$pid")
  app_urls+=("$url")

  for _ in $(seq 1 180); do
    if curl -fsS --max-time 2 -o /dev/null "$url/health" 2>/dev/null; then
      if [ -z "$key" ]; then
        key=$(grep -oE 'lr_[0-9a-f]{12}_[A-Za-z0-9_-]{43}' "$data/app.log" | head -n 1 || true)
        if [ -z "$key" ]; then
          echo "instance $name answers /health but printed no demo key; its log:" >&2
          cat "$data/app.log" >&2
          return 1
        fi
      fi
      log "instance $name (pid $pid) at $url"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "instance $name did not answer $url/health within 90 s; its log:" >&2
  cat "$data/app.log" >&2
  return 1
}

# CPU seconds (user + system) a process and its children have used so far: the children that still run, plus those
# that ended and were waited for (PostgreSQL works in one backend process per connection).
cpu_seconds() {
  local ticks=0 child
  ticks=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0)
  for child in $(pgrep -P "$1" 2>/dev/null || true); do
    ticks=$((ticks + $(awk '{ print $14 + $15 }' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}

commit="unknown (not a git checkout)"
if head=$(git rev-parse --short HEAD 2>/dev/null); then
  commit=$head
  git diff --quiet HEAD -- LeadRouting.Core LeadRouting.Web || commit="$head + uncommitted changes in Core/Web"
fi
log "push-latency $mode $(date -u '+%a %d %b %Y %H:%M:%S UTC'), commit $commit"
log "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory, .NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')"
log "CLIENTS=$CLIENTS RATE=$RATE DURATION=$DURATION WARMUP=$WARMUP DRAIN=$DRAIN"

log "build (Release)"
timeout 900 dotnet build LeadRouting.Web/LeadRouting.Web.csproj -c Release -nologo -v q | tail -n 3
timeout 900 dotnet build benchmarks/LeadRouting.PushBenchmark/LeadRouting.PushBenchmark.csproj -c Release -nologo -v q | tail -n 3

label=""
case "$mode" in
  sqlite)
    start_app 1
    label="1 instance, SQLite"
    ;;
  postgres)
    start_postgres
    start_redis
    start_app 1 Storage__Provider=Postgres ConnectionStrings__LeadRouting="$postgres_connection" ConnectionStrings__Redis="$redis_connection"
    start_app 2 Storage__Provider=Postgres ConnectionStrings__LeadRouting="$postgres_connection" ConnectionStrings__Redis="$redis_connection"
    label="2 instances, PostgreSQL + Redis"
    ;;
esac

urls=$(IFS=,; echo "${app_urls[*]}")
declare -A cpu_before
for pid in "${app_pids[@]}" $postgres_pid $redis_pid; do cpu_before[$pid]=$(cpu_seconds "$pid"); done
started=$(date +%s.%N)
status=0
timeout --kill-after=10 $((WARMUP + DURATION + DRAIN + 180)) dotnet "$benchmark" --url "$urls" --key "$key" \
  --clients "$CLIENTS" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --drain "$DRAIN" --label "$label" \
  2>&1 | tee -a "$results" || status=$?
ended=$(date +%s.%N)

for pid in "${app_pids[@]}" $postgres_pid $redis_pid; do
  name=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | awk '{ print $1 == "dotnet" ? "app" : $1 }')
  awk -v b="${cpu_before[$pid]}" -v a="$(cpu_seconds "$pid")" -v s="$started" -v e="$ended" -v n="$(nproc)" -v what="$name (pid $pid)" \
    'BEGIN { w = e - s; printf "  CPU          %s: %.1f s over %.1f s of benchmark wall time (%.2f of %d cores)\n", what, a - b, w, (a - b) / w, n }' \
    | tee -a "$results"
done
for log_file in "$work"/app-*/app.log; do
  if grep -qiE 'fail|exception|error' "$log_file"; then
    printf '  app log      %s: warnings/errors (first 20 lines):\n' "$(basename "$(dirname "$log_file")")" | tee -a "$results"
    grep -iE 'fail|exception|error' "$log_file" | head -n 20 | sed 's/^/               /' | tee -a "$results"
  fi
done
if [ "$status" -ne 0 ]; then
  log "the benchmark exited with $status (failed requests, missing events or a timeout: see above)"
fi
log "results written to ${results#"$root/"}, the servers' logs to ${logs#"$root/"}/"
exit "$status"
