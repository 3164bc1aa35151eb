#!/usr/bin/env bash
# Retention soak (issue 18): does the database stay bounded under steady ingestion? Builds Release, then for each mode
# starts the app (Development, so email goes to the mail sink's .eml files) on a fresh database, ingests leads at $RATE
# leads/s for $DURATION s with the load generator's open loop, and every $SAMPLE s records the database's size (file,
# write-ahead log, free pages) and the row counts of leads, outbox, deliveries and audit events, and the mail files.
#   on    retention with periods of minutes (the RETENTION_* knobs below) and a run every $INTERVAL
#   off   the same load with retention switched off (Retention:Enabled=false): what grows without it
# Periods are .NET time spans, so minutes here are the same settings as the days in production (README "Retention").
#
# Usage: bash benchmarks/retention-soak.sh [on] [off]     (default: on, then off)
# Knobs (environment): RATE=50 DURATION=300 SAMPLE=30 REP_CAPACITY=10000 (leads keep being assigned, so every lead
# sends email); RETENTION_OUTBOX=00:01:00 RETENTION_DELIVERIES=00:01:00 RETENTION_AUDIT=00:02:00 RETENTION_MAIL=00:01:00
# INTERVAL=00:00:30; RESULTS=file (default artifacts/retention-soak/<utc time>.txt, git-ignored)
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

RATE=${RATE:-50}
DURATION=${DURATION:-300}
SAMPLE=${SAMPLE:-30}
REP_CAPACITY=${REP_CAPACITY:-10000}
RETENTION_OUTBOX=${RETENTION_OUTBOX:-00:01:00}
RETENTION_DELIVERIES=${RETENTION_DELIVERIES:-00:01:00}
RETENTION_AUDIT=${RETENTION_AUDIT:-00:02:00}
RETENTION_MAIL=${RETENTION_MAIL:-00:01:00}
INTERVAL=${INTERVAL:-00:00:30}
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(on off)
for mode in "${modes[@]}"; do
  case "$mode" in on|off) ;; *) echo "unknown mode '$mode' (on or off)" >&2; exit 2 ;; esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

app_dir="$root/LeadRouting.Web/bin/Release/net10.0"
generator="$root/benchmarks/LeadRouting.LoadGenerator/bin/Release/net10.0/LeadRouting.LoadGenerator.dll"
work=$(mktemp -d "${TMPDIR:-/tmp}/leadrouting-retention.XXXXXX")
results=${RESULTS:-"$root/artifacts/retention-soak/$(date -u +%Y%m%dT%H%M%SZ).txt"}
mkdir -p "$(dirname "$results")"
app_pid=""
failed=0
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
    kill -0 "$app_pid" 2>/dev/null && kill -KILL "$app_pid" 2>/dev/null || true
  fi
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}

sampler_pid=""
cleanup() {
  [ -z "$sampler_pid" ] || kill "$sampler_pid" 2>/dev/null || true
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

# One line of the table: seconds since the load started, file sizes in KiB, free pages, row counts, mail files.
sample() {
  local db=$1 mail=$2 since=$3 counts
  counts=$(sqlite3 -readonly -cmd '.timeout 10000' "file:$db?mode=ro" \
    "SELECT (SELECT count(*) FROM Leads) || ' ' || (SELECT count(*) FROM Outbox) || ' ' || (SELECT count(*) FROM NotificationDeliveries) || ' ' || (SELECT count(*) FROM AuditEvents);
     PRAGMA freelist_count;" 2>/dev/null | tr '\n' ' ' || echo "? ? ? ? ?")
  read -r leads outbox deliveries audit free <<<"$counts"
  printf '  %5ss  db %8s KiB  wal %7s KiB  free pages %6s  leads %7s  outbox %7s  deliveries %7s  audit %7s  mail files %7s\n' \
    "$since" "$(( $(stat -c %s "$db" 2>/dev/null || echo 0) / 1024 ))" "$(( $(stat -c %s "$db-wal" 2>/dev/null || echo 0) / 1024 ))" \
    "$free" "$leads" "$outbox" "$deliveries" "$audit" "$(find "$mail" -name '*.eml' 2>/dev/null | wc -l)"
}

run_mode() {
  local mode=$1 data="$work/$1" port status=0 started enabled=true
  [ "$mode" = on ] || enabled=false
  mkdir -p "$data/db"
  port=$(free_port)
  url="http://127.0.0.1:$port"
  log "$mode: starting the app (Retention:Enabled=$enabled; outbox $RETENTION_OUTBOX, deliveries $RETENTION_DELIVERIES, audit $RETENTION_AUDIT, mail $RETENTION_MAIL, every $INTERVAL)"
  (
    cd "$app_dir"
    exec env ASPNETCORE_URLS="$url" ASPNETCORE_ENVIRONMENT=Development Storage__DataDirectory="$data/db" \
      Demo__Enabled=true Demo__HistoryDays=0 Demo__ApiKey="$demo_key" \
      RateLimiting__IngestPerSecond=1000000 RateLimiting__IngestBurst=1000000 Logging__LogLevel__Default=Warning \
      Logging__LogLevel__LeadRouting.Web.Retention=Information \
      Retention__Enabled="$enabled" Retention__ProcessedOutboxMessages="$RETENTION_OUTBOX" \
      Retention__NotificationDeliveries="$RETENTION_DELIVERIES" Retention__AuditEvents="$RETENTION_AUDIT" \
      Retention__MailSinkFiles="$RETENTION_MAIL" Retention__Interval="$INTERVAL" \
      dotnet LeadRouting.Web.dll
  ) >"$data/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 600); do
    curl -fsS --max-time 2 -o /dev/null "$url/health" 2>/dev/null && break
    kill -0 "$app_pid" 2>/dev/null || { cat "$data/app.log" >&2; return 1; }
    sleep 0.5
  done

  local db="$data/db/leadrouting.db" mail="$data/db/mail"
  log "$mode: auto_vacuum $(sqlite3 -readonly "file:$db?mode=ro" 'PRAGMA auto_vacuum;') (2 = incremental); load-generator --mode rate --rate $RATE --duration $DURATION --rep-capacity $REP_CAPACITY"
  started=$(date +%s)
  (
    while true; do
      sample "$db" "$mail" "$(( $(date +%s) - started ))"
      sleep "$SAMPLE"
    done
  ) | tee -a "$results" &
  sampler_pid=$!
  timeout --kill-after=10 $((DURATION + 300)) dotnet "$generator" --url "$url" --key "$demo_key" --mode rate --rate "$RATE" \
    --duration "$DURATION" --warmup 5 --drain 120 --rep-capacity "$REP_CAPACITY" >"$data/generator.txt" 2>&1 || status=$?
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
  sample "$db" "$mail" "$(( $(date +%s) - started ))" | tee -a "$results"
  grep -E 'sent|201|non-201|latency|p50|p99|errors' "$data/generator.txt" | head -n 12 | sed 's/^/  generator: /' | tee -a "$results" || true
  printf '  retention log (last 8 lines):\n' | tee -a "$results"
  grep -E 'Retention|retention' "$data/app.log" | tail -n 8 | sed 's/^/    /' | tee -a "$results" || true
  if grep -qiE 'database is locked|SQLite Error 5' "$data/app.log"; then
    log "$mode: 'database is locked' in the app log"
    failed=1
  fi
  stop_app
  if [ "$status" -ne 0 ]; then
    log "$mode: the load generator exited with $status (see $data/generator.txt above)"
    tail -n 20 "$data/generator.txt" | tee -a "$results"
    failed=1
  fi
}

commit="unknown (not a git checkout)"
if head=$(git rev-parse --short HEAD 2>/dev/null); then
  commit=$head
  git diff --quiet HEAD -- LeadRouting.Core LeadRouting.Web || commit="$head + uncommitted changes in Core/Web"
fi
log "retention-soak $(date -u '+%a %d %b %Y %H:%M:%S UTC'), commit $commit"
log "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory; uptime:$(uptime | sed 's/.*load/ load/')"
log "modes: ${modes[*]}; RATE=$RATE DURATION=$DURATION SAMPLE=$SAMPLE REP_CAPACITY=$REP_CAPACITY"

if [ -z "${NO_BUILD:-}" ]; then
  log "build (Release)"
  timeout 1500 dotnet build LeadRouting.Web/LeadRouting.Web.csproj -c Release -nologo -v q
  timeout 900 dotnet build benchmarks/LeadRouting.LoadGenerator/LeadRouting.LoadGenerator.csproj -c Release -nologo -v q
fi

for mode in "${modes[@]}"; do
  run_mode "$mode"
done

log "uptime at the end:$(uptime | sed 's/.*load/ load/')"
log "results written to $results"
exit "$failed"
