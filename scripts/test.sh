#!/usr/bin/env bash
# Runs every LeadRouting test on a fresh machine: installs what is missing, builds, tests, prints a summary.
# Usage: bash scripts/test.sh          everything, as CI runs it (as root it may apt-get install what later test areas need)
#        bash scripts/test.sh --fast   the fast tier only: builds only the test project and runs the Core, Components and
#                                      Api test folders minus anything marked [Slow] (no browser, app process,
#                                      PostgreSQL, Redis or tmpfs), so it installs nothing
set -euo pipefail

fast=""
for argument in "$@"; do
  case "$argument" in
    --fast) fast=1 ;;
    *) echo "unknown argument: $argument (usage: bash scripts/test.sh [--fast])" >&2; exit 2 ;;
  esac
done

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

# Another apt-get may hold the dpkg lock (a second checkout's test run): wait for it, and retry a few times.
apt_get() {
  local attempt
  for attempt in 1 2 3; do
    if timeout 900 apt-get -o DPkg::Lock::Timeout=120 "$@"; then
      return 0
    fi
    [ "$attempt" -eq 3 ] || { echo "apt-get $* failed (attempt $attempt); retrying in 10 s" >&2; sleep 10; }
  done
  return 1
}

# Every process the tests start carries this variable (children inherit the environment, whatever process group or
# session they make for themselves: Playwright's Chromium, PostgreSQL under setpriv, app processes), so the exit trap
# finds and ends them all, even after the test host was killed and they were handed to init.
run_token="$$-$(date +%s%N)"

# Ends every process of this run's tests (see run_token): SIGTERM, up to 10 s to go, then SIGKILL.
reap_test_processes() {
  local proc pid pids=()
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    [ "$pid" != "$$" ] || continue
    # Processes of other users or namespaces, and ones that just ended, cannot be read: not ours.
    if tr '\0' '\n' 2>/dev/null <"$proc/environ" | grep -qxF "LEADROUTING_TEST_RUN=$run_token"; then
      pids+=("$pid")
    fi
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  log "stop ${#pids[@]} process(es) the test run left running"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 100); do
    any_running "${pids[@]}" || return 0
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

# Runs a long step in the background and waits for it, so that Ctrl-C or a TERM from CI runs the exit trap at once
# instead of after the step (bash defers traps while a foreground command runs).
# The exit trap ends the step's whole process group (timeout, which every step runs under, leads one of its own).
step_pid=""
run_step() {
  local rc=0
  "$@" &
  step_pid=$!
  wait "$step_pid" || rc=$?
  step_pid=""
  return "$rc"
}

stop_step() {
  [ -n "$step_pid" ] || return 0
  kill -TERM -- "-$step_pid" 2>/dev/null || kill -TERM "$step_pid" 2>/dev/null || true
}

# The browser tests drive Debian's Chromium through Playwright (which downloads no browser of its own).
if [ -z "$fast" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "/usr/bin/chromium is missing: run this script as root, or apt-get install chromium" >&2
    exit 1
  fi
  log "install chromium (Debian package) for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends chromium
fi
rm -rf "$root/artifacts/screenshots"

# The scale-out tests start their own PostgreSQL and Redis servers (on free loopback ports, in folders under
# $LEADROUTING_TEST_SERVERS_DIR) from Debian's packages. Debian would start a default server of each at install time:
# policy-rc.d forbids that (exit 101), and whatever started anyway is stopped again.
have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
policy_rc_created=""
servers_dir="$root/artifacts/test-servers"

# Stops what the tests left running in the servers folder (a test host ended by the hang timeout, a crash): each
# postmaster from its postmaster.pid (SIGQUIT: immediate shutdown), then any process whose command line or working
# directory is in the folder (Redis changes into its --dir; PostgreSQL backends into their data directory).
stop_test_servers() {
  [ -d "$servers_dir" ] || return 0
  local pidfile pid proc pids=()
  while IFS= read -r pidfile; do
    pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
    case "$pid" in ''|*[!0-9]*) continue ;; esac
    if tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$servers_dir/"; then
      kill -QUIT "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done < <(find "$servers_dir" -maxdepth 3 -name postmaster.pid 2>/dev/null)
  for proc in /proc/[0-9]*; do
    pid=${proc#/proc/}
    [ "$pid" != "$$" ] || continue
    case "$(readlink "$proc/cwd" 2>/dev/null)" in "$servers_dir"/*) pids+=("$pid") ;; esac
  done
  while IFS= read -r pid; do pids+=("$pid"); done < <(pgrep -f -- "$servers_dir/" 2>/dev/null || true)
  [ ${#pids[@]} -gt 0 ] || return 0
  log "stop ${#pids[@]} server process(es) the tests left running in ${servers_dir#"$root/"}"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 100); do
    any_running "${pids[@]}" || return 0
    sleep 0.1
  done
  kill -KILL "${pids[@]}" 2>/dev/null || true
}

# True while one of the processes runs (a zombie waiting for its parent to reap it does not count).
any_running() {
  local pid state
  for pid in "$@"; do
    state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null || true)
    [ -n "$state" ] && [ "$state" != Z ] && return 0
  done
  return 1
}

# The disk-full tests mount small tmpfs folders (device name leadrouting-test-<run token>, SmallTmpfs.DeviceName) and
# unmount them when they end; a test host killed by the hang timeout cannot, so what this run still has mounted is
# unmounted here — only this run's: another checkout's run may be filling its own at this moment.
unmount_test_tmpfs() {
  local mountpoint
  while read -r device mountpoint _; do
    [ "$device" = "leadrouting-test-$run_token" ] || continue
    umount "$mountpoint" 2>/dev/null || umount --lazy "$mountpoint" 2>/dev/null || true
  done < <(cat /proc/mounts 2>/dev/null)
}

cleanup() {
  stop_step
  reap_test_processes
  unmount_test_tmpfs
  if [ -n "$policy_rc_created" ]; then
    rm -f /usr/sbin/policy-rc.d
  fi
  stop_test_servers
  rm -rf "$servers_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$fast" ] && { ! have_postgres || [ ! -x /usr/bin/redis-server ]; }; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgresql or redis-server is missing: run this script as root, or apt-get install postgresql redis-server" >&2
    exit 1
  fi
  log "install postgresql and redis-server (Debian packages) for the scale-out tests"
  export DEBIAN_FRONTEND=noninteractive
  postgres_was_listening=""; listening 5432 && postgres_was_listening=1
  redis_was_listening=""; listening 6379 && redis_was_listening=1
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# scripts/test.sh: no service starts while packages are installed\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_rc_created=1
  fi
  apt_get update -qq
  apt_get install -y -qq --no-install-recommends postgresql redis-server
  if [ -n "$policy_rc_created" ]; then
    rm -f /usr/sbin/policy-rc.d
    policy_rc_created=""
  fi

  if [ -z "$postgres_was_listening" ] && listening 5432; then
    log "stop the default PostgreSQL cluster the install started"
    for cluster in /etc/postgresql/*/main; do
      [ -d "$cluster" ] || continue
      timeout 60 pg_ctlcluster --mode fast "$(basename "$(dirname "$cluster")")" main stop 2>/dev/null || true
    done
  fi
  if [ -z "$redis_was_listening" ] && listening 6379; then
    log "stop the default Redis server the install started"
    redis_pid=$(cat /run/redis/redis-server.pid 2>/dev/null || true)
    case "$redis_pid" in
      ''|*[!0-9]*) timeout 30 redis-cli -p 6379 shutdown nosave >/dev/null 2>&1 || true ;;
      *) kill -TERM "$redis_pid" 2>/dev/null || true ;;
    esac
    for _ in $(seq 1 100); do listening 6379 || break; sleep 0.1; done
  fi
fi

stop_test_servers
rm -rf "$servers_dir"
mkdir -p "$servers_dir"
export LEADROUTING_TEST_SERVERS_DIR="$servers_dir"

if [ -n "$fast" ]; then
  build_target=LeadRouting.Tests/LeadRouting.Tests.csproj; test_target=LeadRouting.Tests; test_timeout=900
  # The inner loop (README "Run the tests"): the core, the bUnit components and the API in process. The other in-process
  # folders (notifications, security, leads, settings, …) and the [Slow] tier run with the full command.
  tier_filter=(--filter "(FullyQualifiedName~LeadRouting.Tests.Core.|FullyQualifiedName~LeadRouting.Tests.Components.|FullyQualifiedName~LeadRouting.Tests.Api.)&Tier!=Slow")
else
  build_target=LeadRouting.sln; test_target=LeadRouting.sln; test_timeout=1800
  tier_filter=()
fi

log "restore + build ${build_target} (warnings are errors)"
run_step timeout --kill-after=30 900 dotnet build "$build_target" -c Debug -nologo -v minimal

log "test${fast:+ (fast tier: Core, Components, Api; Tier!=Slow)}"
status=0
# timeout (killing after 30 s more what ignores its TERM) and --blame-hang-timeout (ending a hung test host) keep a
# run well inside CI's 90 minutes. No MSBuild node is kept for reuse: it would carry the run's token and outlive it.
run_step env LEADROUTING_TEST_RUN="$run_token" MSBUILDDISABLENODEREUSE=1 \
  timeout --kill-after=30 "$test_timeout" dotnet test "$test_target" -c Debug --no-build -nologo "${tier_filter[@]}" \
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
