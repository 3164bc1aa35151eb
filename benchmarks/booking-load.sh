#!/usr/bin/env bash
# Booking under load (issue 20): builds Release, starts an SMTP sink (benchmarks/smtp-sink.py) and the app on free
# loopback ports with a fresh SQLite database and the demo data, and runs the load generator's book mode
# (benchmarks/LeadRouting.LoadGenerator, BookingRun.cs) against it:
#   1. every rep's capacity is published as 10,000 (the configuration API), so high-intent leads keep being assigned;
#   2. high-intent leads are posted to POST /api/leads until enough answer with booking.url (one per booking needed);
#   3. WARMUP s of closed-loop bookings (4 buyers, at most 1,000), not measured;
#   4. an OPEN loop of RATE arrivals/s for DURATION s: each buyer GETs /api/book/{token}/slots?from=<a random day within
#      SPREAD_DAYS> and POSTs /api/book/{token} with a random one of the slots; RACE % of arrivals are two buyers of one
#      rep posting the same slot at once (one 201 and one 409 expected).
# The booking rate limit is set out of the way for the run (BookingRateLimit:PermitLimit=1000000 per minute: every
# request comes from 127.0.0.1, one client address, where the default is 60 a minute). Invitations go to the SMTP sink
# (plain SMTP on loopback), so the outbox really sends them during the run. The policy is the default
# (policy.booking: 30 min, 10 min buffers, 2 h notice, 5 business days shown per page).
# The sink and the app are stopped on any exit; the temporary database is removed.
#
# The app's CPU time is sampled every second, and its use over the measured window reported (CPU ms per arrival).
# TRACE=1: also record a 30 s dotnet-trace of the app (dotnet-sampled-thread-time: .NET stacks of every thread at
# ~100 Hz, so blocked threads count too) from the start of the measured window; the .nettrace and a speedscope file
# are kept beside the results (summarise with benchmarks/trace-summary.py). Needs dotnet-trace on PATH or in ~/.dotnet/tools.
#
# Usage: bash benchmarks/booking-load.sh
# Knobs (environment): RATE=50 DURATION=60 WARMUP=20 RACE=10 SPREAD_DAYS=120 DRAIN=120 TRACE=0;
# RESULTS=file (default artifacts/booking-load/<utc time>.txt, git-ignored); KEEP_DB=dir (copy the database there)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

RATE=${RATE:-50}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-20}
RACE=${RACE:-10}
SPREAD_DAYS=${SPREAD_DAYS:-120}
DRAIN=${DRAIN:-120}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

app_dir="$root/LeadRouting.Web/bin/Release/net10.0"
generator="$root/benchmarks/LeadRouting.LoadGenerator/bin/Release/net10.0/LeadRouting.LoadGenerator.dll"
work=$(mktemp -d "${TMPDIR:-/tmp}/leadrouting-booking.XXXXXX")
results=${RESULTS:-"$root/artifacts/booking-load/$(date -u +%Y%m%dT%H%M%SZ).txt"}
mkdir -p "$(dirname "$results")"
app_pid=""
sink_pid=""
sampler_pid=""
tracer_pid=""
demo_key="lr_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' | cut -c1-43)"

log() { printf '== %s\n' "$*" | tee -a "$results"; }

stop_pid() {
  local pid=$1 what=$2
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$what did not stop within 15 s of SIGTERM; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  stop_pid "$tracer_pid" "dotnet-trace"
  tracer_pid=""
  stop_pid "$sampler_pid" "the CPU sampler"
  sampler_pid=""
  stop_pid "$app_pid" "the app"
  app_pid=""
  stop_pid "$sink_pid" "the SMTP sink"
  sink_pid=""
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

cpu_seconds() {
  local pid=$1 ticks
  ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

commit="unknown (not a git checkout)"
if head=$(git rev-parse --short HEAD 2>/dev/null); then
  commit=$head
  git diff --quiet HEAD -- LeadRouting.Core LeadRouting.Web || commit="$head + uncommitted changes in Core/Web"
fi
log "booking-load $(date -u '+%a %d %b %Y %H:%M:%S UTC'), commit $commit"
log "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory, .NET $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/ { v = $2 } END { print v }')"
log "RATE=$RATE DURATION=$DURATION WARMUP=$WARMUP RACE=$RACE SPREAD_DAYS=$SPREAD_DAYS DRAIN=$DRAIN"

log "build (Release)"
timeout 900 dotnet build LeadRouting.Web/LeadRouting.Web.csproj -c Release -nologo -v q
timeout 900 dotnet build benchmarks/LeadRouting.LoadGenerator/LeadRouting.LoadGenerator.csproj -c Release -nologo -v q

smtp_port=$(free_port)
python3 "$root/benchmarks/smtp-sink.py" "$smtp_port" >"$work/smtp.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 100); do
  grep -q listening "$work/smtp.log" 2>/dev/null && break
  kill -0 "$sink_pid" 2>/dev/null || { cat "$work/smtp.log" >&2; exit 1; }
  sleep 0.1
done
grep -q listening "$work/smtp.log" || { echo "the SMTP sink did not start within 10 s" >&2; exit 1; }

mkdir -p "$work/db"
port=$(free_port)
url="http://127.0.0.1:$port"
(
  cd "$app_dir"
  exec env ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Production Storage__DataDirectory="$work/db" \
    Demo__Enabled=true Demo__ApiKey="$demo_key" RateLimiting__IngestPerSecond=1000000 RateLimiting__IngestBurst=1000000 \
    BookingRateLimit__PermitLimit=1000000 BookingRateLimit__Window=00:01:00 \
    Notifications__BaseUrl="$url" Notifications__Smtp__Host=127.0.0.1 Notifications__Smtp__Port="$smtp_port" \
    Notifications__Smtp__UseTls=false Logging__LogLevel__Default=Warning dotnet LeadRouting.Web.dll
) >"$work/app.log" 2>&1 &
app_pid=$!
up=0
for _ in $(seq 1 600); do
  if curl -fsS --max-time 2 -o /dev/null "$url/health" 2>/dev/null; then up=1; break; fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.5
done
if [ "$up" -ne 1 ]; then
  echo "the app did not answer $url/health within 300 s; its log:" >&2
  cat "$work/app.log" >&2
  exit 1
fi

args=(--mode book --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" --race "$RACE" --spread-days "$SPREAD_DAYS" --drain "$DRAIN")
limit=$((900 + WARMUP + DURATION + DRAIN + 120))
log "app pid $app_pid at $url, SMTP sink on port $smtp_port; load average before: $(loadavg)"
log "load-generator ${args[*]}"
# The app's CPU seconds once a second, for its use over the measured window.
(
  for _ in $(seq 1 $((limit + 60))); do
    printf '%s %s\n' "$(date +%s.%N)" "$(cpu_seconds "$app_pid")"
    sleep 1
  done
) >"$work/cpu.txt" &
sampler_pid=$!
if [ "${TRACE:-0}" = 1 ]; then
  tracer=$(command -v dotnet-trace || echo "$HOME/.dotnet/tools/dotnet-trace")
  trace_out="${results%.txt}-trace"
  (
    for _ in $(seq 1 $((limit))); do
      grep -q '^  measuring ' "$results" 2>/dev/null && break
      sleep 0.5
    done
    exec timeout 120 "$tracer" collect -p "$app_pid" --profile dotnet-sampled-thread-time --format Speedscope \
      --duration 00:00:00:30 -o "$trace_out.nettrace"
  ) >"$work/trace.log" 2>&1 &
  tracer_pid=$!
fi
status=0
cpu_before=$(cpu_seconds "$app_pid")
started=$(date +%s.%N)
timeout --kill-after=10 "$limit" dotnet "$generator" --url "$url" --key "$demo_key" "${args[@]}" 2>&1 | tee -a "$results" || status=$?
ended=$(date +%s.%N)
cpu_after=$(cpu_seconds "$app_pid")
log "load average after: $(loadavg)"
stop_pid "$sampler_pid" "the CPU sampler"
sampler_pid=""
if window=$(sed -n 's/^  window .*unix time \([0-9.]*\) to \([0-9.]*\)$/\1 \2/p' "$results" | tail -n 1) && [ -n "$window" ]; then
  awk -v from="${window% *}" -v to="${window#* }" -v n="$(( RATE * DURATION ))" -v cores="$(nproc)" '
    $1 <= from { t0 = $1; c0 = $2 } $1 <= to { t1 = $1; c1 = $2 }
    END { if (t1 > t0) printf "  app CPU      measured window: %.1f s of CPU over %.1f s (%.2f of %d cores), %.1f ms of CPU per arrival\n", c1 - c0, t1 - t0, (c1 - c0) / (t1 - t0), cores, 1000 * (c1 - c0) / n }' \
    "$work/cpu.txt" | tee -a "$results"
fi
if [ -n "$tracer_pid" ]; then
  wait "$tracer_pid" 2>/dev/null || true
  tracer_pid=""
  printf '  trace        %s\n' "$(tail -n 3 "$work/trace.log" | tr '\n' ' ')" | tee -a "$results"
fi
awk -v b="$cpu_before" -v a="$cpu_after" -v s="$started" -v e="$ended" -v n="$(nproc)" \
  'BEGIN { w = e - s; printf "  app CPU      %.1f s over %.1f s of generator wall time (lead creation included; %.2f of %d cores on average)\n", a - b, w, (a - b) / w, n }' \
  | tee -a "$results"

# What the database says after the run (read-only; the app still runs, so this is a snapshot).
db="$work/db/leadrouting.db"
if [ -f "$db" ]; then
  sleep 5
  printf '  database     %s; meetings booked %s; deliveries by channel/status: %s\n' "$(du -sh "$work/db" | cut -f1)" \
    "$(timeout 30 sqlite3 -readonly "$db" "SELECT COUNT(*) FROM Meetings WHERE Status = 'Booked';" 2>&1 || echo '?')" \
    "$(timeout 30 sqlite3 -readonly "$db" "SELECT group_concat(Channel || '/' || Status || ' ' || n, ', ') FROM (SELECT Channel, Status, COUNT(*) n FROM NotificationDeliveries GROUP BY Channel, Status);" 2>&1 || echo '?')" \
    | tee -a "$results"
  if [ -n "${KEEP_DB:-}" ]; then mkdir -p "$KEEP_DB" && cp "$work/db"/leadrouting.db* "$KEEP_DB"/; fi
fi
if grep -qiE 'fail|exception|error' "$work/app.log"; then
  printf '  app log      warnings/errors (first 20 lines):\n' | tee -a "$results"
  grep -iE 'fail|exception|error' "$work/app.log" | head -n 20 | sed 's/^/               /' | tee -a "$results"
fi
stop_pid "$app_pid" "the app"
app_pid=""
stop_pid "$sink_pid" "the SMTP sink"
sink_pid=""
printf '  SMTP sink    %s\n' "$(grep 'messages accepted' "$work/smtp.log" || echo 'no count')" | tee -a "$results"
if [ "$status" -ne 0 ]; then
  log "the load generator exited with $status (answers other than 200 / 201 / 409, a race without exactly one winner, or a timeout: see above)"
fi
log "results written to $results"
exit "$status"
