#!/usr/bin/env bash
# The article page while gifts arrive (issue 12, design "Performance budgets": "article page while gifts arrive
# (20 a second) ≥ 0.5 × nginx, same run"). In one run, on SQLite:
#
#   1. Masthead's article page under wrk, no gifts (context);
#   2. the same page under the same wrk while a signed Stripe-shaped donation webhook arrives every 50 ms
#      (bench/WebhookLoad at a fixed 20 a second), counting the gifts accepted and checking the fund moved by them;
#   3. nginx serving the very same bytes as a static file, same wrk.
#
# While each Masthead run goes on, the page's `Age` and `ETag` headers are sampled with curl every AGE_EVERY
# seconds: the output cache sets `Age` on a hit, so while the page stays cached Age keeps growing; each time a gift
# evicts the page, the next request renders it again and Age starts again from 0 (and, with the figures inside the
# page, the ETag changes). The sampled values and the number of resets seen are printed.
#
#   bench/article-gifts.sh
#
# Knobs (environment): WRK_DURATION (15s), WARMUP (5s), WRK_CONNECTIONS (64), WRK_THREADS (2), GIFTS_PER_SECOND (20),
# GIFT_WARMUP (300 unpaced gifts before the measurements, so the webhook path is compiled), AGE_EVERY (0.5),
# SLUG, QUIET_WAIT (60), SKIP_PUBLISH=1 to reuse bench/out/app and bench/out/load.
# Exit status: 0 when the ratio budget is met and every gift was accepted, 2 when not, 1 when the benchmark failed.
# Everything listens on 127.0.0.1 only; every server is stopped on exit, whatever happens.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
APP_DIR="$OUT/app"
NGINX_DIR="$OUT/nginx-gifts"
DB="$OUT/gifts.db"
SLUG="${SLUG:-bus-drivers-vote-to-strike-over-split-shifts}"
ARTICLE="/articles/$SLUG"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
WRK_DURATION="${WRK_DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
GIFTS_PER_SECOND="${GIFTS_PER_SECOND:-20}"
GIFT_WARMUP="${GIFT_WARMUP:-300}"
AGE_EVERY="${AGE_EVERY:-0.5}"
SECRET="whsec_bench_$(date +%s)"
LOAD="$OUT/load/WebhookLoad"
NGINX=/usr/sbin/nginx

BUDGET_RATIO=0.5
BUDGET_P99_MS=25

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require dotnet wrk curl ss awk timeout "$NGINX"
mkdir -p "$OUT"
rm -f "$OUT"/app-*.log "$OUT"/wrk-*.txt "$OUT"/age-*.txt

if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing the app and the load generator (Release)…"
    timeout 600 dotnet publish "$ROOT/src/Masthead/Masthead.csproj" -c Release -r linux-x64 --self-contained false \
        -o "$APP_DIR" -nologo -v quiet >"$OUT/publish.log" 2>&1 || die "publish failed, see bench/out/publish.log"
    timeout 600 dotnet publish "$ROOT/bench/WebhookLoad/WebhookLoad.csproj" -c Release -o "$OUT/load" -nologo -v quiet \
        >>"$OUT/publish.log" 2>&1 || die "publishing the load generator failed, see bench/out/publish.log"
fi
[[ -x "$APP_DIR/Masthead" ]] || die "bench/out/app/Masthead is missing"
[[ -x "$LOAD" ]] || die "bench/out/load/WebhookLoad is missing"

SECS=$(awk -v d="$WRK_DURATION" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; print int(n) }')
LEAD=2   # gifts start this long before wrk (the load generator first saves its intents) …
TAIL=1   # … and go on this long after it, so the whole measurement sees them
GIFTS=$(( (SECS + LEAD + TAIL) * GIFTS_PER_SECOND ))

# A new SQLite file with the demo content (Development), then the measured instance in Production.
rm -f "$DB" "$DB-wal" "$DB-shm"
DB_ENV=(Database__Provider=Sqlite Stripe__WebhookSecret="$SECRET")
APP_PORT=$(free_port)
log "seeding a new SQLite database with demo content (Development, port $APP_PORT)…"
start_app Development "$APP_PORT" "${DB_ENV[@]}"
wait_for_200 "http://127.0.0.1:$APP_PORT$ARTICLE" "$APP_PID" 90 || die "the app did not come up in Development, see bench/out/app-Development.log"
stop_pid "$APP_PID"; APP_PID=""
APP_PORT=$(free_port)
APP="http://127.0.0.1:$APP_PORT"
APP_URL="$APP$ARTICLE"
start_app Production "$APP_PORT" "${DB_ENV[@]}"
wait_for_200 "$APP_URL" "$APP_PID" 60 || die "the app did not serve $ARTICLE in Production, see bench/out/app-Production.log"

# nginx serving the page's bytes, fetched once.
serve_page_with_nginx "$APP_URL" "$NGINX_DIR" "$SLUG" "$ARTICLE"

load() { timeout 600 "$LOAD" "$@"; }
json() { awk -v k="\"$2\":" '{ i = index($0, k); s = substr($0, i + length(k)); sub(/[,}].*/, "", s); print s }' <<<"$1"; }
raised() { curl -s --max-time 5 "$APP/api/fighting-fund" | awk -F'"raised_pence":' '{ split($2, a, ","); print a[1] + 0 }'; }
bench_events() { # gifts recorded by the app so far (the load generator's event ids), or "n/a" without the sqlite3 tool
    command -v sqlite3 >/dev/null || { echo n/a; return; }
    sqlite3 -readonly "$DB" "PRAGMA busy_timeout=5000; SELECT count(*) FROM \"WebhookEvents\" WHERE \"Id\" LIKE 'evt_bench_%';" 2>/dev/null | tail -1 || echo n/a
}

SAMPLER_PID=""
EXTRA_CLEANUP='stop_pid "$SAMPLER_PID"'
sample_age() { # label seconds — Age and ETag of the page every AGE_EVERY s, one "t age etag" line each
    local file="$OUT/age-$1.txt" until=$(( $(date +%s) + $2 )) t0 h
    t0=$(date +%s%N)
    : >"$file"
    while (( $(date +%s) < until )); do
        h=$(curl -s -D - -o /dev/null --max-time 2 "$APP_URL" | tr -d '\r' || true)
        printf '%s %s %s\n' "$(( ($(date +%s%N) - t0) / 100000000 ))" \
            "$(awk -F': ' 'tolower($1) == "age" { a = $2 } END { print (a == "" ? "-" : a) }' <<<"$h")" \
            "$(awk -F': ' 'tolower($1) == "etag" { print $2 }' <<<"$h")" >>"$file"
        sleep "$AGE_EVERY"
    done
}
age_values() { awk '{ printf "%s%s", (NR > 1 ? " " : ""), $2 } END { print "" }' "$OUT/age-$1.txt"; }
age_resets() { # samples showing a fresh render since the one before: Age went down, or no Age at all
    awk '$2 == "-" || (NR > 1 && $2 + 0 < prev + 0) { n++ } { prev = ($2 == "-" ? 0 : $2) } END { print n + 0 }' "$OUT/age-$1.txt"
}
age_max() { awk '$2 != "-" && $2 + 0 > m { m = $2 + 0 } END { print m + 0 }' "$OUT/age-$1.txt"; }
age_zero() { awk '$2 == "0" || $2 == "-" { n++ } END { print n + 0 }' "$OUT/age-$1.txt"; }
etags_seen() { awk '{ print $3 }' "$OUT/age-$1.txt" | sort -u | grep -c . || true; }

# Warm up: the webhook path (unpaced gifts), then the page.
wait_until_quiet
log "warming up the webhook ($GIFT_WARMUP gifts)…"
load http --url "$APP" --secret "$SECRET" --provider sqlite --db "Data Source=$DB" --events "$GIFT_WARMUP" --connections 4 >/dev/null \
    || die "the warm-up gifts were refused"
log "warming up the app ($WARMUP)…"
run_wrk app-warmup "$APP_URL" "$WARMUP" "$APP_PID"

# 1. No gifts.
wait_until_quiet
log "measuring the app without gifts: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION…"
sample_age quiet "$SECS" &
SAMPLER_PID=$!
run_wrk app-quiet "$APP_URL" "$WRK_DURATION" "$APP_PID"
wait "$SAMPLER_PID" || true; SAMPLER_PID=""

# 2. Gifts every 1/GIFTS_PER_SECOND s, starting LEAD s before wrk and ending TAIL s after it.
wait_until_quiet
RAISED_BEFORE=$(raised); EVENTS_BEFORE=$(bench_events)
log "measuring the app while $GIFTS_PER_SECOND gifts a second arrive ($GIFTS gifts over $((SECS + LEAD + TAIL)) s)…"
load http --url "$APP" --secret "$SECRET" --provider sqlite --db "Data Source=$DB" --events "$GIFTS" --connections 4 \
    --per-second "$GIFTS_PER_SECOND" >"$OUT/gifts.json" 2>"$OUT/gifts.err" &
GIFTS_PID=$!
EXTRA_CLEANUP='stop_pid "$SAMPLER_PID"; stop_pid "$GIFTS_PID"'
sleep "$LEAD"
sample_age gifts "$SECS" &
SAMPLER_PID=$!
run_wrk app-gifts "$APP_URL" "$WRK_DURATION" "$APP_PID"
wait "$SAMPLER_PID" || true; SAMPLER_PID=""
if wait "$GIFTS_PID"; then GIFTS_OK=yes; else GIFTS_OK=no; fi
GIFTS_PID=""
sleep 1   # the fund's figures are recomputed at most every 200 ms
RAISED_AFTER=$(raised); EVENTS_AFTER=$(bench_events)
GIFT_JSON=$(cat "$OUT/gifts.json" 2>/dev/null || true)
EXPECTED_PENCE=$(awk -v n="$GIFTS" 'BEGIN { s = 0; for (i = 0; i < n; i++) s += 100 + i % 5000; print s }')
MOVED_PENCE=$((RAISED_AFTER - RAISED_BEFORE))
if [[ "$EVENTS_BEFORE" != n/a && "$EVENTS_AFTER" != n/a ]]; then ACCEPTED=$((EVENTS_AFTER - EVENTS_BEFORE)); else ACCEPTED=n/a; fi
[[ "$GIFTS_OK" == yes && "$ACCEPTED" == n/a ]] && ACCEPTED="$GIFTS (every post answered 2xx)"

# 3. nginx, same bytes.
wait_until_quiet
log "warming up nginx ($WARMUP)…"
run_wrk nginx-warmup "$NGINX_URL" "$WARMUP" "$NGINX_PID"
log "measuring nginx: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION…"
run_wrk nginx "$NGINX_URL" "$WRK_DURATION" "$NGINX_PID"

# Report.
GIFTS_RPS=$(rps_of app-gifts); QUIET_RPS=$(rps_of app-quiet); NGINX_RPS=$(rps_of nginx)
ratio() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.2f", (n > 0 ? a / n : 0) }'; }
RATIO=$(ratio "$GIFTS_RPS" "$NGINX_RPS")
V_RATIO=$(awk -v r="$RATIO" -v b="$BUDGET_RATIO" 'BEGIN { print (r >= b ? "ok" : "MISSED") }')
V_P99=$(awk -v p="$(p99_of app-gifts)" -v b="$BUDGET_P99_MS" 'BEGIN { print (p < b ? "ok" : "MISSED") }')
if [[ "$GIFTS_OK" == yes && "$MOVED_PENCE" == "$EXPECTED_PENCE" ]]; then V_FUND=ok; else V_FUND=MISSED; fi

cat <<EOF

Masthead article page while gifts arrive ($GIFTS_PER_SECOND a second, signed webhooks) vs nginx serving the same bytes
($BODY_BYTES-byte body), SQLite, $(nproc) cores shared by wrk, the servers and the gift sender, on $(date -u +%Y-%m-%d)
wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency each, after $WARMUP of warm-up

                          requests/s    p50 ms    p99 ms    others' CPU ¹ errors
  Masthead, gifts         $(printf '%-13s %-9s %-9s %-13s %s' "$GIFTS_RPS" "$(p50_of app-gifts)" "$(p99_of app-gifts)" "${FOREIGN_app_gifts}%" "$(errors_of app-gifts)")
  Masthead, no gifts      $(printf '%-13s %-9s %-9s %-13s %s' "$QUIET_RPS" "$(p50_of app-quiet)" "$(p99_of app-quiet)" "${FOREIGN_app_quiet}%" "$(errors_of app-quiet)")
  nginx, same bytes       $(printf '%-13s %-9s %-9s %-13s %s' "$NGINX_RPS" "$(p50_of nginx)" "$(p99_of nginx)" "${FOREIGN_nginx}%" "$(errors_of nginx)")

  ¹ CPU used by processes other than the server and wrk, % of the machine; with gifts it includes the gift sender.

  ratio with gifts / nginx      $RATIO   (budget >= $BUDGET_RATIO)   $V_RATIO
  ratio no gifts / nginx        $(ratio "$QUIET_RPS" "$NGINX_RPS")   (context)
  ratio with / without gifts    $(ratio "$GIFTS_RPS" "$QUIET_RPS")   (what the gifts cost the page)
  p99 with gifts                $(p99_of app-gifts) ms   (budget < $BUDGET_P99_MS ms)   $V_P99
  gifts sent                    $GIFTS at $GIFTS_PER_SECOND/s: $( [[ $GIFTS_OK == yes ]] && echo "all answered 2xx" || echo "FAILED ($(tail -c 300 "$OUT/gifts.err" | tr '\n' ' '))") $GIFT_JSON
  gifts recorded                $ACCEPTED
  fund moved                    $MOVED_PENCE pence (expected $EXPECTED_PENCE; $RAISED_BEFORE -> $RAISED_AFTER)   $V_FUND

  page Age sampled every ${AGE_EVERY}s ("-" = no Age: rendered for that request)
    no gifts:   $(age_values quiet)
                $(wc -l <"$OUT/age-quiet.txt") samples: highest Age $(age_max quiet) s, $(age_zero quiet) at 0 s, $(age_resets quiet) resets, $(etags_seen quiet) distinct ETags
    with gifts: $(age_values gifts)
                $(wc -l <"$OUT/age-gifts.txt") samples: highest Age $(age_max gifts) s, $(age_zero gifts) at 0 s, $(age_resets gifts) resets, $(etags_seen gifts) distinct ETags
  (a reset — Age lower than the sample before, or absent — is a fresh render seen by the sampler; Age counts whole
   seconds and several renders between two samples look like one, so Age staying at 0 means a render at least
   every second. Once the figures are spliced in, the ETag changes with each gift whether or not the page is
   re-rendered, so distinct ETags say nothing about renders.)

Raw output: bench/out/wrk-app-gifts.txt, wrk-app-quiet.txt, wrk-nginx.txt, age-*.txt, gifts.json
EOF

[[ "$V_RATIO" == ok && "$V_FUND" == ok ]] || exit 2
exit 0
