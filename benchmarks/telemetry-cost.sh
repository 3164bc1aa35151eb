#!/usr/bin/env bash
# Telemetry's cost on ingestion (issue 18): `ingest-load.sh max` once per word of MODES, in that order, each on a fresh
# database and app:
#   off      no telemetry (no OTEL_EXPORTER_OTLP_ENDPOINT, Prometheus off)
#   on       OTLP/HTTP (traces of every lead, metrics, logs) to a local sink that answers 200 to every POST, and
#            Prometheus on, scraped with its key every 5 s
#   metrics  Prometheus alone (scraped every 5 s): metrics, no traces
#   domain   Prometheus alone with the domain meters only (Telemetry__FrameworkMetrics=false)
#   sampled  "on" with traces sampled at 10 % (OTEL_TRACES_SAMPLER=parentbased_traceidratio, ARG 0.1)
#   nospans  "on" with no trace recorded at all (OTEL_TRACES_SAMPLER=always_off): the OTLP pipeline without spans
# Prints one line per run; the figures go into docs/BENCHMARKS.md by hand.
# Warm-up: 90 s by default, not ingest-load.sh's 15-30 s. A profile (perf, DOTNET_PerfMapEnabled=1) of the app 25-40 s
# into a run put 15-18 % of its CPU in the JIT (libclrjit: tiered compilation and PGO still recompiling the hot paths),
# and none two minutes in. Telemetry "on" brings more code to compile (the OpenTelemetry SDK, the OTLP serializer, the
# instrumentations), so a short warm-up measures that extra start-up work as if it were the steady cost per lead.
# Usage: MODES="off on off on off on" bash benchmarks/telemetry-cost.sh   (knobs of ingest-load.sh apply; defaults below)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
modes=${MODES:-off on off on off on}
export Demo__HistoryDays=0 REP_CAPACITY=${REP_CAPACITY:-10000} WARMUP=${WARMUP:-90} DURATION=${DURATION:-30}
key=bench-scrape-key-0123456789abcdef
sink_pid= scraper_pid=
cleanup() { [[ -n $sink_pid ]] && kill "$sink_pid" 2>/dev/null; [[ -n $scraper_pid ]] && kill "$scraper_pid" 2>/dev/null; true; }
trap cleanup EXIT
python3 - <<'PY' &
import http.server, socketserver
class Sink(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        self.send_response(200); self.send_header('Content-Length', '0'); self.end_headers()
    def log_message(self, *args): pass
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(('127.0.0.1', 4318), Sink).serve_forever()
PY
sink_pid=$!
run() { # $1: off|on|metrics|sampled
  local out; out=$(mktemp)
  local -a settings=()
  case $1 in
    off) ;;
    on) settings=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf) ;;
    metrics) ;;
    domain) settings=(Telemetry__FrameworkMetrics=false) ;;
    sampled) settings=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
                       OTEL_TRACES_SAMPLER=parentbased_traceidratio OTEL_TRACES_SAMPLER_ARG=0.1) ;;
    nospans) settings=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
                       OTEL_TRACES_SAMPLER=always_off) ;;
    *) echo "unknown mode $1" >&2; exit 2 ;;
  esac
  if [[ $1 != off ]]; then
    settings+=(Telemetry__Prometheus__Enabled=true Telemetry__Prometheus__Key=$key)
    # The app's port is only known inside ingest-load.sh: try /metrics on every listening port.
    ( while true; do for port in $(ss -ltnH | awk '{print $4}' | sed 's/.*://' | sort -u); do
        curl -s -o /dev/null -m 2 -H "Authorization: Bearer $key" "http://127.0.0.1:$port/metrics" || true; done; sleep 5; done ) &
    scraper_pid=$!
  fi
  env "${settings[@]}" RESULTS="$out" bash benchmarks/ingest-load.sh max > /dev/null
  if [[ -n $scraper_pid ]]; then kill "$scraper_pid"; scraper_pid=; fi
  echo "$(date -u +%H:%M) load $(cut -d' ' -f1 /proc/loadavg) telemetry $1: $(grep -E 'leads/s|p99' "$out" | tr '\n' ' ')"
  rm -f "$out"
}
for mode in $modes; do run "$mode"; done
