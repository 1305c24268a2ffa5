#!/usr/bin/env bash
# Signature benchmark: how fast Masthead takes signatures through the statement's form and confirms them through the
# emailed links, side by side with the bare rate of writing the same rows with the same database driver, in one run.
#
#   bench/statements.sh                    # SQLite, the embedded default
#   ENGINE=postgres bench/statements.sh    # a throwaway PostgreSQL on a loopback port
#
# Knobs: SIGNATURES (10000; shorter runs last about a second a phase), WARMUP (5000 first, on both sides: the JIT takes
# thousands of requests to settle on optimised code, and a server runs for weeks), CONNECTIONS (32), SKIP_PUBLISH=1,
# QUIET_WAIT (60), PORT_BASE (5951: the app listens there, PostgreSQL on the next port).
# Then 200 people sign and confirm at 20 a second while wrk loads an article page: a write under read load.
# Exit status: 0 when the budgets are met (signing and confirming each >= 0.5 x bare, and each p50 < 50 ms under
# load), 2 when one is missed, 1 when the benchmark failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
APP_DIR="$OUT/app"
DB="$OUT/statements.db"
BARE_DB="$OUT/statements-bare.db"
ENGINE="${ENGINE:-sqlite}"
SIGNATURES="${SIGNATURES:-10000}"
WARMUP="${WARMUP:-5000}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT_BASE="${PORT_BASE:-5951}"
WRK_THREADS=2
WRK_CONNECTIONS=64
WRK_DURATION="${WRK_DURATION:-30s}"
SLUG=keep-our-buses-running
ARTICLE=bus-drivers-vote-to-strike-over-split-shifts
LOAD="$OUT/signature-load/SignatureLoad"

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
    timeout 600 dotnet publish "$ROOT/bench/SignatureLoad/SignatureLoad.csproj" -c Release -o "$OUT/signature-load" -nologo -v quiet \
        >>"$OUT/publish.log" 2>&1 || die "publishing the load generator failed, see bench/out/publish.log"
fi

# The database: a new SQLite file, or a new PostgreSQL cluster.
if [[ "$ENGINE" == postgres ]]; then
    PGPORT=$((PORT_BASE + 1))
    start_postgres "$OUT/pg-statements" "$PGPORT"
    APP_DB="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=masthead_bench"
    BARE_CONN="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=masthead_bare"
    PROVIDER=Postgres
else
    rm -f "$DB" "$DB-wal" "$DB-shm" "$BARE_DB" "$BARE_DB-wal" "$BARE_DB-shm"
    APP_DB="Data Source=$DB"
    BARE_CONN="Data Source=$BARE_DB"
    PROVIDER=Sqlite
fi
# Every signer comes from this one address; the per-address limit would otherwise (rightly) stop the run.
DB_ENV=(Database__Provider="$PROVIDER" ConnectionStrings__Masthead="$APP_DB" Campaigns__SignsPerAddress=1000000 Email__SmtpHost=)

# The app's own schema (and its triggers) for the bare baseline, made by the app's own migrations.
(cd "$APP_DIR" && Logging__LogLevel__Default=Warning Database__Provider="$PROVIDER" ConnectionStrings__Masthead="$BARE_CONN" \
    ./Masthead migrate --environment Production >"$OUT/migrate-statements-bare.log" 2>&1) || die "migrating the baseline database failed"

# Demo content (Development: the demo statement), then the measured instance in Production.
start_app Development "$PORT_BASE" "${DB_ENV[@]}"
wait_for_200 "http://127.0.0.1:$PORT_BASE/statements/$SLUG" "$APP_PID" 90 || die "the app did not come up in Development"
stop_pid "$APP_PID"; APP_PID=""
start_app Production "$PORT_BASE" "${DB_ENV[@]}"
APP="http://127.0.0.1:$PORT_BASE"
wait_for_200 "$APP/statements/$SLUG" "$APP_PID" 60 || die "the app did not come up in Production"

load() { timeout 900 "$LOAD" "$@"; }
json() { awk -v k="\"$2\":" '{ i = index($0, k); s = substr($0, i + length(k)); sub(/[,}].*/, "", s); print s }' <<<"$1"; }
before=$(curl -s "$APP/statements/$SLUG" | grep -o 'data-statement="count">[^<]*' | sed 's/.*>//')

wait_until_quiet
log "warming up ($WARMUP signatures through the form and their links)…"
load http --url "$APP" --db "$APP_DB" --provider "$ENGINE" --signatures "$WARMUP" --connections "$CONNECTIONS" >/dev/null
log "measuring through HTTP: $SIGNATURES signatures, then their $SIGNATURES confirmations, over $CONNECTIONS connections…"
HTTP=$(load http --url "$APP" --db "$APP_DB" --provider "$ENGINE" --signatures "$SIGNATURES" --connections "$CONNECTIONS")
shown=$(curl -s "$APP/statements/$SLUG" | grep -o 'data-statement="count">[^<]*' | sed 's/.*>//')

wait_until_quiet
log "measuring the bare writes: the same rows, same driver, one transaction per signature and per confirmation…"
load bare --db "$BARE_CONN" --provider "$ENGINE" --signatures "$WARMUP" --connections "$CONNECTIONS" >/dev/null
BARE=$(load bare --db "$BARE_CONN" --provider "$ENGINE" --signatures "$SIGNATURES" --connections "$CONNECTIONS")

wait_until_quiet
log "signing and confirming 20 a second while wrk loads an article page ($WRK_DURATION, $WRK_CONNECTIONS connections)…"
wait_for_200 "$APP/articles/$ARTICLE" "$APP_PID" 10 || die "the article page is not there"
run_wrk article-under-signatures "$APP/articles/$ARTICLE" "$WRK_DURATION" "$APP_PID" &
WRK_JOB=$!
sleep 2
UNDER=$(load http --url "$APP" --db "$APP_DB" --provider "$ENGINE" --signatures 200 --connections 4 --per-second 20)
wait "$WRK_JOB" || true

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v r="$1" -v b="$BUDGET_RATIO" 'BEGIN { print (r >= b ? "ok" : "MISSED") }'; }
R_SIGN=$(ratio "$(json "$HTTP" sign_per_second)" "$(json "$BARE" sign_per_second)")
R_CONFIRM=$(ratio "$(json "$HTTP" confirm_per_second)" "$(json "$BARE" confirm_per_second)")
V_SIGN=$(verdict "$R_SIGN")
under() { awk -v p="$1" -v b="$BUDGET_WRITE_P50_MS" 'BEGIN { print (p < b ? "ok" : "MISSED") }'; }
V_UNDER_SIGN=$(under "$(json "$UNDER" sign_p50_ms)")
V_UNDER_CONFIRM=$(under "$(json "$UNDER" confirm_p50_ms)")
V_CONFIRM=$(verdict "$R_CONFIRM")

cat <<REPORT

Masthead signatures ($ENGINE), $(nproc) cores shared with the load generator, on $(date -u +%Y-%m-%d); CPU pressure now $(cpu_pressure) %

                                   per second   p50 ms    p99 ms
  sign through the form (HTTP)     $(printf '%-12s %-9s %s' "$(json "$HTTP" sign_per_second)" "$(json "$HTTP" sign_p50_ms)" "$(json "$HTTP" sign_p99_ms)")
  bare insert + commit             $(printf '%-12s %-9s %s' "$(json "$BARE" sign_per_second)" "$(json "$BARE" sign_p50_ms)" "$(json "$BARE" sign_p99_ms)")
  confirm by the link (HTTP)       $(printf '%-12s %-9s %s' "$(json "$HTTP" confirm_per_second)" "$(json "$HTTP" confirm_p50_ms)" "$(json "$HTTP" confirm_p99_ms)")
  bare update + commit             $(printf '%-12s %-9s %s' "$(json "$BARE" confirm_per_second)" "$(json "$BARE" confirm_p50_ms)" "$(json "$BARE" confirm_p99_ms)")

  ratio, signing                   $R_SIGN   (budget >= $BUDGET_RATIO)   $V_SIGN
  ratio, confirming                $R_CONFIRM   (budget >= $BUDGET_RATIO)   $V_CONFIRM
  count on the page                before: $before; after: $shown (online signatures counted: $(json "$HTTP" counted))

  20 a second while wrk loads the article page (budget p50 < $BUDGET_WRITE_P50_MS ms):
    sign                           p50 $(json "$UNDER" sign_p50_ms) ms, p99 $(json "$UNDER" sign_p99_ms) ms   $V_UNDER_SIGN
    confirm                        p50 $(json "$UNDER" confirm_p50_ms) ms, p99 $(json "$UNDER" confirm_p99_ms) ms   $V_UNDER_CONFIRM
    article page meanwhile         $(rps_of article-under-signatures) requests/s, p99 $(p99_of article-under-signatures) ms, errors: $(errors_of article-under-signatures)
REPORT

[[ "$V_SIGN" == ok && "$V_CONFIRM" == ok && "$V_UNDER_SIGN" == ok && "$V_UNDER_CONFIRM" == ok ]] || exit 2
exit 0
