#!/usr/bin/env bash
# Idle database traffic: how many statements each idle Masthead instance sends PostgreSQL, with 1, 2 and 3 instances
# (Production, demo content) on one throwaway PostgreSQL cluster, counted by pg_stat_statements.
#
#   bench/idle.sh
#
# For each count of instances: start one more instance, let them all settle (SETTLE, 15 s), reset pg_stat_statements,
# wait a measured MEASURE (60 s) while nothing uses the site, then sum the calls of every statement run in the app's
# database (the benchmark's own queries of pg_stat_statements are left out) and divide by the seconds and the
# instances. Prints that table against the budget (< 1 statement a second per instance), the statements that make up
# the count (top by calls), and how often Npgsql's connection reset (DISCARD ALL) ran among them.
# Knobs: SETTLE (15), MEASURE (60), MAX_INSTANCES (3), TOP (12), SKIP_PUBLISH=1 to reuse bench/out/app, PORT_BASE (5971:
# the instances listen there and on the next ports; PostgreSQL on PORT_BASE + 10).
# Exit status: 0 when every count of instances is within the budget, 2 when one is not, 1 when the benchmark failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
APP_DIR="$OUT/app"
DB="$OUT/idle-unused.db" # start_app names a SQLite file; the instances are given PostgreSQL instead
SETTLE="${SETTLE:-15}"
MEASURE="${MEASURE:-60}"
MAX_INSTANCES="${MAX_INSTANCES:-3}"
TOP="${TOP:-12}"
PORT_BASE="${PORT_BASE:-5971}"
PGPORT=$((PORT_BASE + 10))
BUDGET=1

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require dotnet psql curl ss awk timeout
mkdir -p "$OUT"
rm -f "$OUT"/app-*.log

if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing (Release, linux-x64, framework-dependent)…"
    timeout 600 dotnet publish "$ROOT/src/Masthead/Masthead.csproj" -c Release -r linux-x64 --self-contained false \
        -o "$APP_DIR" -nologo -v quiet >"$OUT/publish.log" 2>&1 || die "publish failed, see bench/out/publish.log"
fi
[[ -x "$APP_DIR/Masthead" ]] || die "bench/out/app/Masthead is missing"

# A throwaway cluster that counts every statement, utility statements (DISCARD ALL, SET…) included.
PGROOT=$(mktemp -d /tmp/masthead-idle-pg.XXXXXX)
chmod 755 "$PGROOT"
start_postgres "$PGROOT/data" "$PGPORT" \
    "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all -c pg_stat_statements.track_utility=on"
EXTRA_CLEANUP="$EXTRA_CLEANUP; rm -rf '$PGROOT'"
sql() { psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }
sql "CREATE EXTENSION pg_stat_statements" >/dev/null

APP_DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=masthead_idle"
# Mail is configured (to a port nothing listens on), so the sender runs as it does in production.
DB_ENV=(Database__Provider=Postgres ConnectionStrings__Masthead="$APP_DB" Email__SmtpHost=127.0.0.1 Email__SmtpPort=9
    Email__UseTls=false Email__FromAddress=fund@masthead.test)

# Demo content (Development), then stop: the instances measured serve a paper with articles, events and money.
start_app Development "$PORT_BASE" "${DB_ENV[@]}"
wait_for_200 "http://127.0.0.1:$PORT_BASE/" "$APP_PID" 120 || die "the app did not come up in Development, see bench/out/app-Development.log"
stop_pid "$APP_PID"; APP_PID=""
# The demo's receipts would be retried against the closed SMTP port: idle means nothing waiting to be sent.
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d masthead_idle -X -q -c "UPDATE \"Outbox\" SET \"SentAt\" = now() WHERE \"SentAt\" IS NULL" \
    || die "could not mark the demo's mail sent"

PIDS=()
stop_instances() { local pid; for pid in "${PIDS[@]}"; do stop_pid "$pid"; done; }
EXTRA_CLEANUP="stop_instances; $EXTRA_CLEANUP"

DBID=$(sql "SELECT oid FROM pg_database WHERE datname = 'masthead_idle'")
# The app's statements only: another database's and the benchmark's own (which name pg_stat_statements) are left out.
MINE="dbid = $DBID AND query NOT ILIKE '%pg_stat_statements%'"

ROWS=()
BREAKDOWN=""
verdicts=ok
for n in $(seq "$MAX_INSTANCES"); do
    port=$((PORT_BASE + n - 1))
    log "starting instance $n (Production, port $port)…"
    start_app Production "$port" "${DB_ENV[@]}"
    PIDS+=("$APP_PID"); APP_PID=""
    wait_for_200 "http://127.0.0.1:$port/" "${PIDS[-1]}" 60 || die "instance $n did not come up, see bench/out/app-Production.log"
    log "$n instance(s) up; settling ${SETTLE} s, then counting for ${MEASURE} s with nobody reading…"
    sleep "$SETTLE"
    sql "SELECT pg_stat_statements_reset()" >/dev/null
    t0=$(date +%s.%N)
    sleep "$MEASURE"
    t1=$(date +%s.%N)
    calls=$(sql "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE $MINE")
    discards=$(sql "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE $MINE AND query ILIKE 'DISCARD ALL%'")
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
    per=$(awk -v c="$calls" -v s="$secs" -v n="$n" 'BEGIN { printf "%.3f", c / s / n }')
    discard_per=$(awk -v c="$discards" -v s="$secs" -v n="$n" 'BEGIN { printf "%.3f", c / s / n }')
    verdict=$(awk -v p="$per" -v b="$BUDGET" 'BEGIN { print (p < b ? "ok" : "MISSED") }')
    [[ "$verdict" == ok ]] || verdicts=MISSED
    ROWS+=("$(printf '  %-10s %-11s %-9s %-26s %-20s %s' "$n" "$calls" "$secs" "$per" "$discards ($discard_per/s)" "$verdict")")
    BREAKDOWN+=$'\n'"  with $n instance(s): calls, per second per instance, statement"$'\n'
    BREAKDOWN+=$(sql "SELECT format('    %s  %s  %s', lpad(calls::text, 6), lpad(to_char(calls / $secs / $n, 'FM990.000'), 7),
                        left(regexp_replace(query, '\s+', ' ', 'g'), 110))
                      FROM pg_stat_statements WHERE $MINE ORDER BY calls DESC LIMIT $TOP")
    BREAKDOWN+=$'\n'
done

cat <<REPORT

Masthead idle database traffic (PostgreSQL $(sql "SHOW server_version" | cut -d' ' -f1), Production, demo content, nobody reading), $(nproc) cores, $(date -u +%Y-%m-%d)

  instances  statements  seconds   per second per instance   DISCARD ALL (per s each)   budget < $BUDGET
$(printf '%s\n' "${ROWS[@]}")

Statements by calls (the connection reset Npgsql sends on a pooled connection's next use shows as DISCARD ALL):
$BREAKDOWN
REPORT

[[ "$verdicts" == ok ]] || exit 2
exit 0
