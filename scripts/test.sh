#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine and ends with one line: "N passed, N failed, N skipped".
#
# As root it installs what the tests need with apt-get (Chromium for the browser tests, aiosmtpd for the SMTP
# sink, PostgreSQL when its binaries are missing), then starts throwaway servers on loopback:
#   - PostgreSQL 15 (a fresh cluster in a temp dir, fsync off)  -> DELEGATIONS_TEST_POSTGRES
#   - an SMTP sink (python3 -m aiosmtpd, Mailbox handler)        -> DELEGATIONS_TEST_SMTP_HOST/PORT/MAILDIR
# and stops them on exit. Test results (TRX) and screenshots go to test-output/.
#
# `scripts/test.sh --filter <expression>` runs only the matching tests (dotnet test's --filter syntax, e.g.
# `--filter FullyQualifiedName~Reminders`), with the same servers: for working on one feature.
set -uo pipefail

FILTER=()
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) FILTER=(--filter "${2:?--filter needs an expression}"); shift 2 ;;
    *) echo "unknown argument: $1 (usage: scripts/test.sh [--filter <expression>])" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/test-output"
WORK="$(mktemp -d /tmp/delegations-test.XXXXXX)"
CONFIG="${CONFIGURATION:-Release}"
rm -rf "$OUT" && mkdir -p "$OUT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------- packages
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || need_apt+=(python3-aiosmtpd)
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -n "$PG_BIN" ] || need_apt+=(postgresql)
fc-list 2>/dev/null | grep -qi 'noto\|dejavu' || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    log "installing ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || apt-get update
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null 2>&1 || apt-get install -y --no-install-recommends "${need_apt[@]}"
  else
    echo "warning: not root, cannot install: ${need_apt[*]} (the tests that need them will fail)" >&2
  fi
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
fi

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# ---------------------------------------------------------------- servers
PG_PID="" SMTP_PID=""
cleanup() {
  [ -n "$SMTP_PID" ] && kill "$SMTP_PID" 2>/dev/null
  if [ -n "$PG_PID" ]; then
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1
    else "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1; fi
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -n "$PG_BIN" ]; then
  log "starting PostgreSQL ($PG_BIN)"
  PG_PORT="$(free_port)"
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home "$WORK" postgres
    chown postgres "$WORK"
    as_pg=(runuser -u postgres --)
  fi
  mkdir -p "$WORK/pg" "$WORK/pgsock" && { [ "$(id -u)" != 0 ] || chown postgres "$WORK/pg" "$WORK/pgsock"; }
  if "${as_pg[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
     && "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -t 60 \
          -o "-p $PG_PORT -k $WORK/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null; then
    PG_PID=1
    export DELEGATIONS_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=postgres;Include Error Detail=true"
    echo "PostgreSQL on 127.0.0.1:$PG_PORT"
  else
    echo "warning: PostgreSQL did not start" >&2; cat "$WORK/initdb.log" "$WORK/pg.log" 2>/dev/null | tail -20 >&2
  fi
fi

if /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
  log "starting the SMTP sink"
  SMTP_PORT="$(free_port)"
  mkdir -p "$WORK/maildir/tmp" "$WORK/maildir/new" "$WORK/maildir/cur" # a Maildir: aiosmtpd only creates one where nothing exists
  /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$WORK/maildir" >"$WORK/smtp.log" 2>&1 &
  SMTP_PID=$!
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && break; sleep 0.1; done
  export DELEGATIONS_TEST_SMTP_HOST=127.0.0.1 DELEGATIONS_TEST_SMTP_PORT="$SMTP_PORT" DELEGATIONS_TEST_SMTP_MAILDIR="$WORK/maildir"
  echo "SMTP sink on 127.0.0.1:$SMTP_PORT"
fi

[ -x /usr/bin/chromium ] && export DELEGATIONS_TEST_CHROMIUM=/usr/bin/chromium
export DELEGATIONS_TEST_OUTPUT="$OUT"

# ---------------------------------------------------------------- build and test
cd "$ROOT"
log "building ($CONFIG)"
if ! dotnet build Delegations.sln -c "$CONFIG" -nologo -v:q -clp:ErrorsOnly; then
  echo "0 passed, 1 failed (the build failed)"
  exit 1
fi

status=0
for project in tests/*/*.csproj; do
  name="$(basename "$project" .csproj)"
  log "testing $name"
  dotnet test "$project" -c "$CONFIG" --no-build -nologo "${FILTER[@]}" \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$OUT/$name" -- RunConfiguration.TestSessionTimeout=3000000 2>&1 | grep -vE '^\s*$' | grep -E 'Passed |Failed |Skipped |error|Error Message|Assert|Total tests|Passed!|Failed!' | grep -vE '^\s+Passed ' || true
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
done

# ---------------------------------------------------------------- summary from the TRX files
passed=0 failed=0 skipped=0 found=0
for trx in $(find "$OUT" -name '*.trx'); do
  found=$((found + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
project_count=$(ls tests/*/*.csproj | wc -l)
if [ "$found" -lt "$project_count" ] && [ ${#FILTER[@]} -eq 0 ]; then
  failed=$((failed + project_count - found)) # a test host that crashed writes no TRX
  status=1
fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
