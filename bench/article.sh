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

APP_PID=""
NGINX_PID=""

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

stop_pid() { # pid — TERM, then KILL after 5 s
    local pid="$1"
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    stop_pid "$APP_PID"; APP_PID=""
    stop_pid "$NGINX_PID"; NGINX_PID=""
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in dotnet wrk curl ss awk timeout "$NGINX"; do
    command -v "$tool" >/dev/null || die "$tool is not installed"
done

free_port() { # a port nobody listens on, picked at random in 20000..59999
    local port
    for _ in $(seq 100); do
        port=$((20000 + RANDOM % 40000))
        if [[ -z "$(ss -Htan "sport = :$port")" ]]; then echo "$port"; return 0; fi
    done
    die "no free port found"
}

status_of() { # url [curl args…] → HTTP status, 000 when nothing answers
    local url="$1"; shift
    curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url" 2>/dev/null || true
}

wait_for_200() { # url pid seconds — polls every 10 ms
    # Until the port accepts connections it is probed with bash's own /dev/tcp, not a curl process
    # per probe: on 2 cores, spawning 100 processes a second would slow down the start it measures.
    local url="$1" pid="$2" deadline=$(( $(date +%s) + $3 )) hostport
    hostport="${url#http://}"; hostport="${hostport%%/*}"
    while (( $(date +%s) < deadline )); do
        kill -0 "$pid" 2>/dev/null || return 1
        if (exec 3<>"/dev/tcp/${hostport%:*}/${hostport##*:}") 2>/dev/null; then
            [[ "$(status_of "$url")" == 200 ]] && return 0
        fi
        sleep 0.01
    done
    return 1
}

start_app() { # environment port — sets APP_PID
    local environment="$1" port="$2"
    # The content root (demo content, wwwroot) is the working directory, as in a deployment.
    (
        cd "$APP_DIR"
        ASPNETCORE_ENVIRONMENT="$environment" \
        DOTNET_ENVIRONMENT="$environment" \
        ConnectionStrings__Masthead="Data Source=$DB" \
        Logging__LogLevel__Default=Warning \
        exec ./Masthead --environment "$environment" --urls "http://127.0.0.1:$port"
    ) >>"$OUT/app-$environment.log" 2>&1 &
    APP_PID=$!
}

to_ms() { # wrk latency ("812.00us", "3.21ms", "1.02s") → milliseconds
    awk -v v="$1" 'BEGIN {
        n = v + 0
        if (v ~ /us$/) n = n / 1000; else if (v ~ /ms$/) n = n; else if (v ~ /m$/) n = n * 60000; else if (v ~ /s$/) n = n * 1000
        printf "%.2f", n }'
}

# The machine is shared: CPU used by processes other than the server under test and wrk makes the
# figures meaningless, so every run records how much of the machine those others took.
# irq and softirq time is left out: it is mostly the loopback traffic of the run itself.
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $9 }' /proc/stat; }
total_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
pid_ticks() { # pid… → utime + stime of those processes
    local sum=0 pid t
    for pid in "$@"; do
        t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
        sum=$((sum + t))
    done
    echo "$sum"
}
server_pids() { # pid → the pid and its children (nginx workers)
    echo "$1"; ps -o pid= --ppid "$1" 2>/dev/null || true
}
cpu_pressure() { # "some avg10" of /proc/pressure/cpu, or "n/a"
    awk '/^some/ { sub("avg10=", "", $2); print $2 }' /proc/pressure/cpu 2>/dev/null || echo n/a
}

wait_until_quiet() { # up to QUIET_WAIT seconds (default 60) for the CPU pressure of others to fall below 10 %
    local deadline=$(( $(date +%s) + ${QUIET_WAIT:-60} )) p
    while :; do
        p=$(cpu_pressure)
        [[ "$p" == n/a ]] && return 0
        awk -v p="$p" 'BEGIN { exit !(p < 10) }' && return 0
        (( $(date +%s) >= deadline )) && { log "the machine is busy (CPU pressure $p %): figures will be noisy"; return 0; }
        sleep 2
    done
}

run_wrk() { # label url duration server-pid → writes $OUT/wrk-label.txt, sets FOREIGN_<label> (% of the machine)
    local label="$1" url="$2" duration="$3" server="$4" secs b0 t0 s0 b1 t1 s1 w
    secs=$(awk -v d="$duration" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; print int(n) }')
    b0=$(busy_ticks); t0=$(total_ticks); s0=$(pid_ticks $(server_pids "$server"))
    # `times` in the subshell reports the CPU its child wrk used.
    w=$( (timeout $((secs + 30)) wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$duration" --timeout 5s --latency "$url" \
            >"$OUT/wrk-$label.txt" 2>&1 || exit 1; times) | tail -1) \
        || die "wrk against $label failed: $(cat "$OUT/wrk-$label.txt")"
    b1=$(busy_ticks); t1=$(total_ticks); s1=$(pid_ticks $(server_pids "$server"))
    local wrk_ticks
    wrk_ticks=$(awk -v w="$w" -v hz="$(getconf CLK_TCK)" 'BEGIN {
        split(w, f, " "); total = 0
        for (i = 1; i <= 2; i++) { split(f[i], ms, /[ms]/); total += ms[1] * 60 + ms[2] }
        printf "%d", total * hz }')
    printf -v "FOREIGN_${label//-/_}" '%s' "$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v s=$((s1 - s0)) -v w="$wrk_ticks" \
        'BEGIN { f = (b - s - w) / (t > 0 ? t : 1) * 100; if (f < 0) f = 0; printf "%.0f", f }')"
}

rps_of() { awk '/^Requests\/sec:/ { print $2 }' "$OUT/wrk-$1.txt"; }
p99_of() { to_ms "$(awk '$1 == "99%" { print $2 }' "$OUT/wrk-$1.txt")"; }
p50_of() { to_ms "$(awk '$1 == "50%" { print $2 }' "$OUT/wrk-$1.txt")"; }
errors_of() { # non-2xx/3xx responses and socket errors, as one line ("none" when clean)
    local e
    e=$(grep -E 'Non-2xx|Socket errors' "$OUT/wrk-$1.txt" | sed 's/^ *//' | paste -sd ';' -)
    echo "${e:-none}"
}

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
mkdir -p "$NGINX_DIR/html/articles" "$NGINX_DIR/logs" "$NGINX_DIR/temp"
curl -sf --max-time 5 -o "$NGINX_DIR/html/articles/$SLUG" "$APP_URL" || die "could not fetch the article body"
BODY_BYTES=$(stat -c %s "$NGINX_DIR/html/articles/$SLUG")
NGINX_PORT=$(free_port)
cat >"$NGINX_DIR/nginx.conf" <<EOF
# Written by bench/article.sh: the article page as a static file, nothing else.
worker_processes auto;
daemon off;
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path temp/body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;
    types { }
    default_type "text/html; charset=utf-8";
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root html;
    }
}
EOF
"$NGINX" -p "$NGINX_DIR" -c nginx.conf -e logs/error.log -t >/dev/null 2>&1 \
    || die "nginx rejects bench/out/nginx/nginx.conf: $("$NGINX" -p "$NGINX_DIR" -c nginx.conf -e logs/error.log -t 2>&1)"
"$NGINX" -p "$NGINX_DIR" -c nginx.conf -e logs/error.log >"$NGINX_DIR/logs/stdout.log" 2>&1 &
NGINX_PID=$!
NGINX_URL="http://127.0.0.1:$NGINX_PORT$ARTICLE"
wait_for_200 "$NGINX_URL" "$NGINX_PID" 10 || die "nginx did not come up, see bench/out/nginx/logs/error.log"
cmp -s "$NGINX_DIR/html/articles/$SLUG" <(curl -s --max-time 5 "$NGINX_URL") || die "nginx does not serve the same bytes"

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
