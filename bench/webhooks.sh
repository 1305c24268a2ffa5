#!/usr/bin/env bash
# Webhook ingestion benchmark: how fast Masthead records signed, distinct Stripe donation events,
# side by side with the bare rate of inserting and committing the same rows (event, ledger entry,
# audit row, queued receipt) with the same database driver, in one run; and how long a donation
# webhook takes while the article page is under wrk load.
#
#   bench/webhooks.sh                    # SQLite, the embedded default
#   ENGINE=postgres bench/webhooks.sh    # a throwaway PostgreSQL on a loopback port
#
# Knobs: EVENTS (3000), WARMUP (3000), CONNECTIONS (32), SKIP_PUBLISH=1, WRK_DURATION (15s), QUIET_WAIT (60).
# Exit status: 0 when the budgets are met, 2 when one is missed, 1 when the benchmark failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
APP_DIR="$OUT/app"
DB="$OUT/webhooks.db"
BARE_DB="$OUT/webhooks-bare.db"
ENGINE="${ENGINE:-sqlite}"
EVENTS="${EVENTS:-3000}"
# Enough events that the JIT has finished tiering the hot path before the measured run (300 left it compiling
# through the measurement: a quarter of the app's samples were in the JIT on two cores).
WARMUP="${WARMUP:-3000}"
CONNECTIONS="${CONNECTIONS:-32}"
WRK_THREADS=2
WRK_CONNECTIONS=64
WRK_DURATION="${WRK_DURATION:-15s}"
SECRET="whsec_bench_$(date +%s)"
SLUG=bus-drivers-vote-to-strike-over-split-shifts
LOAD="$OUT/load/WebhookLoad"

BUDGET_RATIO=0.5
BUDGET_WRITE_P50_MS=50

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require dotnet wrk curl ss awk timeout
mkdir -p "$OUT"
rm -f "$OUT"/app-*.log "$OUT"/wrk-*.txt

if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing the app and the load generator (Release)…"
    timeout 600 dotnet publish "$ROOT/src/Masthead/Masthead.csproj" -c Release -r linux-x64 --self-contained false \
        -o "$APP_DIR" -nologo -v quiet >"$OUT/publish.log" 2>&1 || die "publish failed, see bench/out/publish.log"
    timeout 600 dotnet publish "$ROOT/bench/WebhookLoad/WebhookLoad.csproj" -c Release -o "$OUT/load" -nologo -v quiet \
        >>"$OUT/publish.log" 2>&1 || die "publishing the load generator failed, see bench/out/publish.log"
fi

# The database: a new SQLite file, or a new PostgreSQL cluster.
if [[ "$ENGINE" == postgres ]]; then
    PGPORT=$(free_port)
    start_postgres "$OUT/pg" "$PGPORT"
    APP_DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=masthead_bench"
    BARE_CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=masthead_bare"
    PROVIDER=Postgres
else
    rm -f "$DB" "$DB-wal" "$DB-shm" "$BARE_DB" "$BARE_DB-wal" "$BARE_DB-shm"
    APP_DB="Data Source=$DB"
    BARE_CONN="Data Source=$BARE_DB"
    PROVIDER=Sqlite
fi
DB_ENV=(Database__Provider="$PROVIDER" ConnectionStrings__Masthead="$APP_DB" Stripe__WebhookSecret="$SECRET")

# The app's own schema for the bare baseline, made by the app's own migrations.
(cd "$APP_DIR" && Logging__LogLevel__Default=Warning Database__Provider="$PROVIDER" ConnectionStrings__Masthead="$BARE_CONN" \
    ./Masthead migrate --environment Production >"$OUT/migrate-bare.log" 2>&1) || die "migrating the baseline database failed"

# Demo content (Development), then the measured instance in Production.
APP_PORT=$(free_port)
start_app Development "$APP_PORT" "${DB_ENV[@]}"
wait_for_200 "http://127.0.0.1:$APP_PORT/articles/$SLUG" "$APP_PID" 90 || die "the app did not come up in Development"
stop_pid "$APP_PID"; APP_PID=""
APP_PORT=$(free_port)
start_app Production "$APP_PORT" "${DB_ENV[@]}"
APP="http://127.0.0.1:$APP_PORT"
wait_for_200 "$APP/articles/$SLUG" "$APP_PID" 60 || die "the app did not come up in Production"

load() { timeout 600 "$LOAD" "$@"; }
json() { awk -v k="\"$2\":" '{ i = index($0, k); s = substr($0, i + length(k)); sub(/[,}].*/, "", s); print s }' <<<"$1"; }

wait_until_quiet
log "warming up the webhook ($WARMUP events)…"
load http --url "$APP" --secret "$SECRET" --provider "$ENGINE" --db "$APP_DB" --events "$WARMUP" --connections "$CONNECTIONS" >/dev/null
log "measuring the webhook: $EVENTS signed distinct events over $CONNECTIONS connections…"
HTTP=$(load http --url "$APP" --secret "$SECRET" --provider "$ENGINE" --db "$APP_DB" --events "$EVENTS" --connections "$CONNECTIONS")
raised=$(curl -s "$APP/api/fighting-fund" | awk -F'"raised_pence":' '{ split($2, a, ","); print a[1] }')

wait_until_quiet
log "measuring the bare inserts: the same rows, same driver, one transaction per event…"
load bare --provider "$ENGINE" --db "$BARE_CONN" --events "$WARMUP" --connections "$CONNECTIONS" >/dev/null
BARE=$(load bare --provider "$ENGINE" --db "$BARE_CONN" --events "$EVENTS" --connections "$CONNECTIONS")

wait_until_quiet
log "a donation webhook every 50 ms while wrk loads the article page ($WRK_DURATION, $WRK_CONNECTIONS connections)…"
run_wrk article-under-writes "$APP/articles/$SLUG" "$WRK_DURATION" "$APP_PID" &
WRK_JOB=$!
sleep 2
UNDER=$(load http --url "$APP" --secret "$SECRET" --provider "$ENGINE" --db "$APP_DB" --events 200 --connections 4 --per-second 20)
wait "$WRK_JOB" || true

HTTP_RATE=$(json "$HTTP" events_per_second); BARE_RATE=$(json "$BARE" events_per_second)
RATIO=$(awk -v a="$HTTP_RATE" -v b="$BARE_RATE" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
WRITE_P50=$(json "$UNDER" p50_ms); WRITE_P99=$(json "$UNDER" p99_ms)
V_RATIO=$(awk -v r="$RATIO" -v b="$BUDGET_RATIO" 'BEGIN { print (r >= b ? "ok" : "MISSED") }')
V_WRITE=$(awk -v p="$WRITE_P50" -v b="$BUDGET_WRITE_P50_MS" 'BEGIN { print (p < b ? "ok" : "MISSED") }')

cat <<EOF

Masthead webhook ingestion ($ENGINE), $(nproc) cores shared with the load generator, on $(date -u +%Y-%m-%d)

                          events/s    p50 ms    p99 ms
  webhook (HTTP, signed)  $(printf '%-11s %-9s %s' "$HTTP_RATE" "$(json "$HTTP" p50_ms)" "$(json "$HTTP" p99_ms)")
  bare insert + commit    $(printf '%-11s %-9s %s' "$BARE_RATE" "$(json "$BARE" p50_ms)" "$(json "$BARE" p99_ms)")

  ratio webhook/bare      $RATIO   (budget >= $BUDGET_RATIO)   $V_RATIO
  raised after the run    $raised pence (the fund's own figure)
  webhook while the article page is under wrk: p50 $WRITE_P50 ms, p99 $WRITE_P99 ms (budget p50 < $BUDGET_WRITE_P50_MS ms)   $V_WRITE
  article page meanwhile  $(rps_of article-under-writes) requests/s, p99 $(p99_of article-under-writes) ms, errors: $(errors_of article-under-writes)
EOF

[[ "$V_RATIO" == ok && "$V_WRITE" == ok ]] || exit 2
exit 0
