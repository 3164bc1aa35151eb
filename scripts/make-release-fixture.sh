#!/usr/bin/env bash
# Makes LeadRouting.Tests/Upgrades/release-1.db: the database a previous release writes, for the upgrade test
# (README "Upgrades"). Run once per release, from the repository root, with that release's commit:
#   bash scripts/make-release-fixture.sh 294123d LeadRouting.Tests/Upgrades/release-1.db
# It builds that commit in a temporary worktree, starts it in Production with demo data (a fixed demo key and
# password, 3 days of demo history), posts 20 leads of its own through the API, stops it, and copies the database
# (checkpointed, compact) to the given file. The key and password below are the fixture's, not secrets.
set -euo pipefail
commit=${1:?commit of the previous release}
out=$(realpath -m "${2:?output file}")
key=lr_0f1e2d3c4b5a_release-1-fixture-key-not-a-secret-00000000
password=release-1-fixture-password
port=5297
work=$(mktemp -d)
data=$(mktemp -d)
cleanup() { [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null; git worktree remove --force "$work/src" 2>/dev/null || true; rm -rf "$work" "$data"; }
trap cleanup EXIT

# SRC: a checkout of that commit built already (dotnet build LeadRouting.Web -c Release); else one is made here.
src=${SRC:-$work/src}
if [[ -z ${SRC:-} ]]; then
  git worktree add -q --detach "$src" "$commit"
  dotnet build "$src/LeadRouting.Web" -c Release -nologo -v quiet
fi
[[ $(git -C "$src" rev-parse HEAD) == $(git rev-parse "$commit") ]] || { echo "$src is not at $commit" >&2; exit 1; }
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:$port Storage__DataDirectory=$data \
  Demo__Enabled=true Demo__ApiKey=$key Demo__Password=$password Demo__HistoryDays=3 Logging__LogLevel__Default=Warning \
  dotnet "$src/LeadRouting.Web/bin/Release/net10.0/LeadRouting.Web.dll" &
pid=$!
for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 1; done
for i in $(seq 1 20); do
  curl -sf -o /dev/null -H "X-Api-Key: $key" -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/leads" \
    -d "{\"externalId\":\"release-1-$i\",\"email\":\"person$i@fixture-company$i.de\",\"firstName\":\"Person\",\"lastName\":\"Number$i\",\"company\":\"Fixture $i GmbH\",\"employees\":$((i * 40)),\"country\":\"DE\",\"source\":\"ContactSales\"}"
done
kill -TERM "$pid"; wait "$pid" || true; pid=
rm -f "$out"
sqlite3 "$data/leadrouting.db" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM INTO '$out';"
echo "$out: $(du -h "$out" | cut -f1), last migration $(sqlite3 "$out" 'SELECT MAX(MigrationId) FROM __EFMigrationsHistory'), $(sqlite3 "$out" 'SELECT COUNT(*) FROM Leads') leads"
