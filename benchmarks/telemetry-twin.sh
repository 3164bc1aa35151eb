#!/usr/bin/env bash
# Telemetry's steady cost per lead (issue 18), measured so that a busy machine cannot fake it: two apps run AT THE SAME
# TIME on fresh databases — one without telemetry, one in MODE — each driven by its own 8-client closed-loop load
# generator. After WARM seconds (the JIT settles: a profile 25-40 s into a run still put 15-18 % of the app's CPU in
# the JIT) both are sampled over the same WINDOW seconds: leads stored (a read-only count of the Leads table) and
# CPU seconds used (/proc/PID/stat). Whatever else loads the machine loads both apps alike; the figure is each app's
# CPU milliseconds per stored lead, and the cost is on/off − 1. MODE=off runs two identical apps: the noise floor.
#   on       OTLP/HTTP traces of every lead, metrics and logs to a local sink answering 200, and Prometheus scraped
#   metrics  Prometheus alone (framework and domain meters), scraped every 5 s
#   sampled  "on" with traces sampled at 10 %;  nospans  "on" with no span recorded (OTEL_TRACES_SAMPLER=always_off)
# Usage: MODES="off metrics on on" bash benchmarks/telemetry-twin.sh   (WARM=120 WINDOW=60; builds Release first)
#   APP_DIR=/path/to/a/copy/of/bin/Release/net10.0 runs that build of the app instead (e.g. the commit before a change).
#   BASE_APP_DIR=… BASE_MODE=on compares two builds both in MODE on: "base" is then that build with telemetry on, and
#   the cost column is what the twin's build costs more (negative: saves) than the base's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
modes=${MODES:-off metrics on}
WARM=${WARM:-120} WINDOW=${WINDOW:-60}
key=bench-scrape-key-0123456789abcdef
app_dir=${APP_DIR:-$root/LeadRouting.Web/bin/Release/net10.0}
generator=$root/benchmarks/LeadRouting.LoadGenerator/bin/Release/net10.0/LeadRouting.LoadGenerator.dll
work=$(mktemp -d "${TMPDIR:-/tmp}/leadrouting-twin.XXXXXX")
pids=()
stop_all() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 150); do
    local alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

if [[ -z ${APP_DIR:-} ]]; then
  timeout 900 dotnet build LeadRouting.Web/LeadRouting.Web.csproj -c Release -nologo -v q > /dev/null
fi
timeout 900 dotnet build benchmarks/LeadRouting.LoadGenerator/LeadRouting.LoadGenerator.csproj -c Release -nologo -v q > /dev/null

# The OTLP sink: answers 200 to every export, as a collector would, on a kept-alive HTTP/1.1 connection (a collector
# keeps the exporter's connection open; HTTP/1.0 would charge the app a TCP connection per export).
python3 -c '
import http.server, socketserver, sys
class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *args): pass
socketserver.ThreadingTCPServer.allow_reuse_address = True
server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Sink)
print(server.server_address[1], flush=True)
server.serve_forever()' > "$work/sink.port" &
sink_pid=$!
trap 'stop_all; kill $sink_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do [[ -s $work/sink.port ]] && break; sleep 0.1; done
otlp=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$(cat "$work/sink.port") OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)
prometheus=(Telemetry__Prometheus__Enabled=true Telemetry__Prometheus__Key=$key)

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  return 1
}

# start NAME DIR SETTINGS...: an app (the build in DIR) on a fresh database; sets NAME_pid, NAME_url, NAME_db
start() {
  local name=$1 dir=$2; shift 2
  local data="$work/$name" port demo_key
  mkdir -p "$data"
  port=$(free_port)
  demo_key="lr_$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' | cut -c1-43)"
  (cd "$dir" && exec env "$@" ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT=Production \
    Storage__DataDirectory="$data" Demo__Enabled=true Demo__HistoryDays=0 Demo__ApiKey="$demo_key" \
    RateLimiting__IngestPerSecond=1000000 RateLimiting__IngestBurst=1000000 Logging__LogLevel__Default=Warning \
    dotnet LeadRouting.Web.dll) > "$data/app.log" 2>&1 &
  pids+=($!)
  printf -v "${name}_pid" %s "$!"
  printf -v "${name}_url" %s "http://127.0.0.1:$port"
  printf -v "${name}_db" %s "$data/leadrouting.db"
  for _ in $(seq 1 600); do
    curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$port/health" 2>/dev/null && break
    sleep 0.5
  done
  curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:$port/health" || { echo "$name did not start:"; cat "$data/app.log"; exit 1; }
  printf -v "${name}_key" %s "$demo_key"
}

# load NAME: its 8-client closed-loop load, started once BOTH apps answer (on a busy machine an app can take a minute to
# start; a load started before would run out before the window ends).
load() {
  local name=$1 url key
  url=${name}_url key=${name}_key
  dotnet "$generator" --url "${!url}" --key "${!key}" --mode max --clients 8 \
    --warmup 5 --duration $((WARM + WINDOW + 60)) --rep-capacity 10000 > "$work/$name/generator.txt" 2>&1 &
  pids+=($!)
}

# "CPU ticks, leads stored" of an app now
sample() {
  local pid=$1 db=$2
  echo "$(awk '{ print $14 + $15 }' "/proc/$pid/stat") $(sqlite3 "file:$db?mode=ro" 'select count(*) from Leads')"
}

echo "telemetry-twin $(date -u '+%a %d %b %Y %H:%M UTC'), commit $(git rev-parse --short HEAD), $(nproc) cores; WARM=$WARM WINDOW=$WINDOW"
for mode in $modes; do
  case $mode in
    off) settings=(LEADROUTING_TWIN=off) ;;
    metrics) settings=("${prometheus[@]}") ;;
    on) settings=("${otlp[@]}" "${prometheus[@]}") ;;
    sampled) settings=("${otlp[@]}" "${prometheus[@]}" OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1) ;;
    nospans) settings=("${otlp[@]}" "${prometheus[@]}" OTEL_TRACES_SAMPLER=always_off) ;;
    *) echo "unknown mode $mode (off, metrics, on, sampled, nospans)" >&2; exit 2 ;;
  esac
  rm -rf "$work/base" "$work/twin"
  if [[ ${BASE_MODE:-off} == on ]]; then
    start base "${BASE_APP_DIR:-$app_dir}" LEADROUTING_TWIN=base "${otlp[@]}" "${prometheus[@]}"
  else
    start base "${BASE_APP_DIR:-$app_dir}" LEADROUTING_TWIN=base
  fi
  start twin "$app_dir" "${settings[@]}"
  load base
  load twin
  if [[ $mode != off ]]; then
    ( while true; do curl -s -o /dev/null --max-time 2 -H "Authorization: Bearer $key" "$twin_url/metrics" || true; sleep 5; done ) &
    pids+=($!)
  fi
  if [[ ${BASE_MODE:-off} == on ]]; then
    ( while true; do curl -s -o /dev/null --max-time 2 -H "Authorization: Bearer $key" "$base_url/metrics" || true; sleep 5; done ) &
    pids+=($!)
  fi
  sleep "$WARM"
  read -r base_cpu0 base_leads0 < <(sample "$base_pid" "$base_db")
  read -r twin_cpu0 twin_leads0 < <(sample "$twin_pid" "$twin_db")
  sleep "$WINDOW"
  read -r base_cpu1 base_leads1 < <(sample "$base_pid" "$base_db")
  read -r twin_cpu1 twin_leads1 < <(sample "$twin_pid" "$twin_db")
  awk -v now="$(date -u +%H:%M)" -v m="$mode" -v hz="$(getconf CLK_TCK)" -v w="$WINDOW" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    -v bc=$((base_cpu1 - base_cpu0)) -v bl=$((base_leads1 - base_leads0)) -v tc=$((twin_cpu1 - twin_cpu0)) -v tl=$((twin_leads1 - twin_leads0)) \
    'BEGIN { b = bc / hz * 1000 / bl; t = tc / hz * 1000 / tl;
             printf "%s  base %.3f ms CPU/lead (%.0f leads/s)  %s %.3f ms CPU/lead (%.0f leads/s)  cost %+.1f %%  load %s\n", now, b, bl / w, m, t, tl / w, (t / b - 1) * 100, load }'
  stop_all
done
