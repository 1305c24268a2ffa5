#!/usr/bin/env bash
# Article-page benchmark: Masthead (Release, Production, demo data, SQLite) side by side with nginx
# serving the very same bytes as a static file, measured with the same wrk run in one go.
#
#   bench/article.sh
#
# Prints cold start, requests/s and p99 of both servers, the app's peak memory and the ratio
# app/nginx against the budgets of the design ("Performance budgets"). Exit status: 0 when every
# budget is met, 2 when one is missed, 1 when the benchmark itself failed.
# Everything listens on 127.0.0.1 only; both servers are stopped on exit, whatever happens.
#
# Knobs (environment): WRK_THREADS (2), WRK_CONNECTIONS (64), WRK_DURATION (15s), WARMUP (5s),
# SLUG (bus-drivers-vote-to-strike-over-split-shifts), SKIP_PUBLISH=1 to reuse bench/out/app.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
APP_DIR="$OUT/app"
NGINX_DIR="$OUT/nginx"
DB="$OUT/bench.db"
SLUG="${SLUG:-bus-drivers-vote-to-strike-over-split-shifts}"
ARTICLE="/articles/$SLUG"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
WRK_DURATION="${WRK_DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
NGINX=/usr/sbin/nginx

# Budgets (design, "Performance budgets").
BUDGET_RATIO=0.5
AIM_RATIO=0.8
BUDGET_P99_MS=25
BUDGET_RSS_MB=250
BUDGET_COLD_MS=2000

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require dotnet wrk curl ss awk timeout "$NGINX"

mkdir -p "$OUT"
rm -f "$OUT"/app-*.log "$OUT"/wrk-*.txt

# 1. Publish in Release.
if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing (Release, linux-x64, framework-dependent)…"
    timeout 600 dotnet publish "$ROOT/src/Masthead/Masthead.csproj" -c Release -r linux-x64 --self-contained false \
        -o "$APP_DIR" -nologo -v quiet >"$OUT/publish.log" 2>&1 || die "publish failed, see bench/out/publish.log"
fi
[[ -x "$APP_DIR/Masthead" ]] || die "bench/out/app/Masthead is missing"

# 2a. Seed a fresh database with the demo content (Development), then stop.
rm -f "$DB" "$DB-wal" "$DB-shm"
APP_PORT=$(free_port)
log "seeding a new SQLite database with demo content (Development, port $APP_PORT)…"
start_app Development "$APP_PORT"
wait_for_200 "http://127.0.0.1:$APP_PORT/" "$APP_PID" 60 || die "the app did not come up in Development, see bench/out/app-Development.log"
[[ "$(status_of "http://127.0.0.1:$APP_PORT$ARTICLE")" == 200 ]] || die "$ARTICLE is not there after seeding"
stop_pid "$APP_PID"; APP_PID=""

# 2b. Production start against that file: time from process start to the first 200 of the article.
APP_PORT=$(free_port)
APP_URL="http://127.0.0.1:$APP_PORT$ARTICLE"
wait_until_quiet
PRESSURE_COLD=$(cpu_pressure)
log "starting in Production on 127.0.0.1:$APP_PORT…"
t0=$(date +%s%N)
start_app Production "$APP_PORT"
wait_for_200 "$APP_URL" "$APP_PID" 30 || die "the app did not serve $ARTICLE in Production, see bench/out/app-Production.log"
t1=$(date +%s%N)
COLD_MS=$(( (t1 - t0) / 1000000 ))
log "cold start to first 200 of the article: $COLD_MS ms"

# 6. Output cache: the second request carries an ETag and answers If-None-Match with 304.
headers=$(curl -s -D - -o /dev/null --max-time 5 "$APP_URL" | tr -d '\r')
ETAG=$(awk -F': ' 'tolower($1) == "etag" { print $2 }' <<<"$headers")
AGE=$(awk -F': ' 'tolower($1) == "age" { print $2 }' <<<"$headers")
COND_STATUS="(no ETag)"
[[ -n "$ETAG" ]] && COND_STATUS=$(status_of "$APP_URL" -H "If-None-Match: $ETAG")
if [[ -n "$ETAG" && "$COND_STATUS" == 304 ]]; then CACHE_OK=yes; else CACHE_OK=no; fi

# 4a. The same bytes for nginx.
serve_page_with_nginx "$APP_URL" "$NGINX_DIR" "$SLUG" "$ARTICLE"

# 3. Warm up, then measure the app; 4b. the identical measurement against nginx.
wait_until_quiet
log "warming up the app ($WARMUP)…"
run_wrk app-warmup "$APP_URL" "$WARMUP" "$APP_PID"
log "measuring the app: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency…"
run_wrk app "$APP_URL" "$WRK_DURATION" "$APP_PID"
APP_HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$APP_PID/status")
APP_RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$APP_PID/status")
log "warming up nginx ($WARMUP)…"
run_wrk nginx-warmup "$NGINX_URL" "$WARMUP" "$NGINX_PID"
log "measuring nginx: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency…"
run_wrk nginx "$NGINX_URL" "$WRK_DURATION" "$NGINX_PID"

# 5. Report.
APP_RPS=$(rps_of app); NGINX_RPS=$(rps_of nginx)
APP_P99=$(p99_of app); NGINX_P99=$(p99_of nginx)
APP_P50=$(p50_of app); NGINX_P50=$(p50_of nginx)
RATIO=$(awk -v a="$APP_RPS" -v n="$NGINX_RPS" 'BEGIN { printf "%.2f", (n > 0 ? a / n : 0) }')
HWM_MB=$(awk -v k="$APP_HWM_KB" 'BEGIN { printf "%.0f", k / 1024 }')
RSS_MB=$(awk -v k="$APP_RSS_KB" 'BEGIN { printf "%.0f", k / 1024 }')
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "ok" : "MISSED") }'; }
V_RATIO=$(verdict "$(awk -v r="$RATIO" -v b="$BUDGET_RATIO" 'BEGIN { print (r >= b) }')")
V_P99=$(verdict "$(awk -v p="$APP_P99" -v b="$BUDGET_P99_MS" 'BEGIN { print (p < b) }')")
V_RSS=$(verdict "$(awk -v m="$HWM_MB" -v b="$BUDGET_RSS_MB" 'BEGIN { print (m < b) }')")
V_COLD=$(verdict "$(awk -v c="$COLD_MS" -v b="$BUDGET_COLD_MS" 'BEGIN { print (c < b) }')")

cat <<EOF

Masthead article page vs nginx, same bytes ($BODY_BYTES-byte body), $(nproc) cores shared with wrk
wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency, after $WARMUP of warm-up each, on $(date -u +%Y-%m-%d)

                        app            nginx
  requests/s            $(printf '%-14s %s' "$APP_RPS" "$NGINX_RPS")
  p50 latency           $(printf '%-14s %s' "$APP_P50 ms" "$NGINX_P50 ms")
  p99 latency           $(printf '%-14s %s' "$APP_P99 ms" "$NGINX_P99 ms")
  errors                app: $(errors_of app) | nginx: $(errors_of nginx)
  others' CPU           ${FOREIGN_app}% of the machine   ${FOREIGN_nginx}%   (other processes during each run; should be ~0)

  ratio app/nginx       $RATIO        (budget >= $BUDGET_RATIO, aim $AIM_RATIO)   $V_RATIO
  app p99               $APP_P99 ms    (budget < $BUDGET_P99_MS ms)             $V_P99
  app peak memory       VmHWM $HWM_MB MB, VmRSS $RSS_MB MB after the load (budget RSS < $BUDGET_RSS_MB MB)   $V_RSS
  cold start            $COLD_MS ms to the first 200 of the article (budget < $BUDGET_COLD_MS ms; CPU pressure before: ${PRESSURE_COLD}%)   $V_COLD
  output cache          ETag ${ETAG:-none}, Age ${AGE:-none}, If-None-Match -> $COND_STATUS   $( [[ $CACHE_OK == yes ]] && echo ok || echo MISSED)

Raw wrk output: bench/out/wrk-app.txt, bench/out/wrk-nginx.txt
EOF

for v in "$V_RATIO" "$V_P99" "$V_RSS" "$V_COLD" "$([[ $CACHE_OK == yes ]] && echo ok || echo MISSED)"; do
    [[ "$v" == ok ]] || exit 2
done
exit 0
