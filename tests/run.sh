#!/usr/bin/env bash
# Runs every test project against SQLite and a throwaway PostgreSQL (and SQL Server when
# PLATFORM_TEST_SQLSERVER holds a connection string). Installs PostgreSQL from Debian packages
# when missing, and chromium with a CJK font for the web app's journeys. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

find_pgbin() {
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
  done
}

PGBIN=$(find_pgbin)
if [ -z "$PGBIN" ]; then
  echo "Installing PostgreSQL from Debian packages..."
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  PGBIN=$(find_pgbin)
fi
[ -n "$PGBIN" ] || { echo "PostgreSQL could not be installed"; echo "0 passed, 1 failed"; exit 1; }

# The web app's journeys run in Debian's chromium (never a downloaded browser), with a CJK font so that Chinese
# screenshots show characters rather than empty boxes.
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then
  echo "Installing chromium and a CJK font from Debian packages..."
  as_root apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
command -v chromium >/dev/null 2>&1 || { echo "chromium could not be installed"; echo "0 passed, 1 failed"; exit 1; }
export PLATFORM_CHROMIUM=$(command -v chromium)

PGBASE=$(mktemp -d /tmp/platform-pg.XXXXXX)
PGPORT=${PLATFORM_TEST_PGPORT:-54329}
while (echo >/dev/tcp/127.0.0.1/$PGPORT) 2>/dev/null; do PGPORT=$((PGPORT + 1)); done
mkdir -p "$PGBASE/sock"; echo pw > "$PGBASE/pwfile"
PGUSER_RUN=()
if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$PGBASE"; PGUSER_RUN=(runuser -u postgres --); fi
"${PGUSER_RUN[@]}" "$PGBIN/initdb" -D "$PGBASE/data" -U postgres --pwfile="$PGBASE/pwfile" \
  --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PGBASE/initdb.log" 2>&1 \
  || { cat "$PGBASE/initdb.log"; echo "0 passed, 1 failed"; exit 1; }
"${PGUSER_RUN[@]}" "$PGBIN/pg_ctl" -D "$PGBASE/data" -l "$PGBASE/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGBASE/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
  || { cat "$PGBASE/server.log"; echo "0 passed, 1 failed"; exit 1; }
stop_pg() { "${PGUSER_RUN[@]}" "$PGBIN/pg_ctl" -D "$PGBASE/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$PGBASE"; }
trap stop_pg EXIT
export PLATFORM_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Password=pw;Pooling=true;Maximum Pool Size=100"
echo "PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on port $PGPORT"
[ -n "${PLATFORM_TEST_SQLSERVER:-}" ] && echo "SQL Server: PLATFORM_TEST_SQLSERVER is set" || echo "SQL Server: PLATFORM_TEST_SQLSERVER not set; its integration tests are skipped"

RESULTS="$ROOT/tests/.results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
echo "Building..."
if ! dotnet build Platform.sln -c Release -nologo -v q >"$RESULTS/build.log" 2>&1; then
  grep -E "error" "$RESULTS/build.log" | sort -u | head -40
  echo "0 passed, 1 failed"; exit 1
fi

status=0
echo "== dotnet format --verify-no-changes"
if ! dotnet format Platform.sln --verify-no-changes --no-restore -v q >"$RESULTS/format.log" 2>&1; then
  grep -E "error|warning" "$RESULTS/format.log" | sed 's/ \[.*//' | sort -u | head -20
  echo "The tree is not formatted as .editorconfig says: run 'dotnet format Platform.sln'."
  status=1
fi
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" -- NUnit.NumberOfTestWorkers=2 2>&1 \
    | grep -vE "^\s*$|^Test run for|^VSTest|^Starting test|^A total of|Results File|^  Skipped |^No test is available|^Additionally, path to test adapters" || true
  [ -f "$RESULTS/$name.trx" ] || { echo "$name produced no results"; status=1; }
done

passed=0; failed=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
[ "$status" = 0 ] || failed=$((failed + 1))
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
