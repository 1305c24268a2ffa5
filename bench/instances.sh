#!/usr/bin/env bash
# Two Masthead instances behind nginx against one instance behind the same nginx (issue 12, "Proof" (3)), on one
# throwaway PostgreSQL both instances share, in one run: the article page under the same wrk for the same duration
# through an nginx upstream holding instance A alone, then through an upstream holding A and B (round robin,
# keep-alive connections to the upstreams in both). For context, A is also measured directly, without nginx.
#
#   bench/instances.sh
#
# On this 2-core machine wrk, nginx, PostgreSQL and the instances all share the same two cores, so a second instance
# adds no CPU: expect a ratio two/one of at most 1. The ratio says what a second instance costs (or gains) when the
# cores are the limit — not how the site scales on machines of its own. Per-instance CPU during each run is printed
# to show both instances took part.
#
# Knobs (environment): WRK_DURATION (15s), WARMUP (5s), WRK_CONNECTIONS (64), WRK_THREADS (2), SLUG, QUIET_WAIT (60),
# SKIP_PUBLISH=1 to reuse bench/out/app.
# Exit status: 0 when the benchmark ran (the ratio has no budget), 1 when it failed.
# Everything listens on 127.0.0.1 only; the instances, nginx and PostgreSQL are stopped on exit, whatever happens.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/bench/out"
APP_DIR="$OUT/app"
NGINX_DIR="$OUT/nginx-instances"
DB="$OUT/unused.db"   # lib.sh's start_app sets a SQLite connection string; PostgreSQL's below overrides it
SLUG="${SLUG:-bus-drivers-vote-to-strike-over-split-shifts}"
ARTICLE="/articles/$SLUG"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-64}"
WRK_DURATION="${WRK_DURATION:-15s}"
WARMUP="${WARMUP:-5s}"
NGINX=/usr/sbin/nginx

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require dotnet wrk curl ss awk timeout "$NGINX"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || die "PostgreSQL is not installed (Debian package postgresql)"
mkdir -p "$OUT"
rm -f "$OUT"/app-*.log "$OUT"/wrk-*.txt

if [[ "${SKIP_PUBLISH:-0}" != 1 ]]; then
    log "publishing the app (Release)…"
    timeout 600 dotnet publish "$ROOT/src/Masthead/Masthead.csproj" -c Release -r linux-x64 --self-contained false \
        -o "$APP_DIR" -nologo -v quiet >"$OUT/publish.log" 2>&1 || die "publish failed, see bench/out/publish.log"
fi
[[ -x "$APP_DIR/Masthead" ]] || die "bench/out/app/Masthead is missing"

# One throwaway PostgreSQL cluster in a new folder under /tmp, which the postgres user can enter
# (it may not be able to enter the repository's folders).
PGDIR=$(mktemp -d /tmp/masthead-bench-pg.XXXXXX)
PGPORT=$(free_port)
log "starting a throwaway PostgreSQL on 127.0.0.1:$PGPORT…"
pushd / >/dev/null
start_postgres "$PGDIR" "$PGPORT"
popd >/dev/null
APP_B_PID=""
EXTRA_CLEANUP="stop_pid \"\$APP_B_PID\"; (cd / && $EXTRA_CLEANUP); rm -rf '$PGDIR' '$PGDIR.initdb.log'"
DB_ENV=(Database__Provider=Postgres ConnectionStrings__Masthead="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=masthead_bench")

# Demo content (Development), then instance A, then instance B (one after the other: each migrates at start).
PORT=$(free_port)
log "seeding the demo content (Development, port $PORT)…"
start_app Development "$PORT" "${DB_ENV[@]}"
wait_for_200 "http://127.0.0.1:$PORT$ARTICLE" "$APP_PID" 90 || die "the app did not come up in Development, see bench/out/app-Development.log"
stop_pid "$APP_PID"; APP_PID=""
A_PORT=$(free_port)
start_app Production "$A_PORT" "${DB_ENV[@]}"
wait_for_200 "http://127.0.0.1:$A_PORT$ARTICLE" "$APP_PID" 60 || die "instance A did not come up, see bench/out/app-Production.log"
APP_A_PID=$APP_PID
B_PORT=$(free_port)
while [[ "$B_PORT" == "$A_PORT" ]]; do B_PORT=$(free_port); done
start_app Production "$B_PORT" "${DB_ENV[@]}"
APP_B_PID=$APP_PID; APP_PID=$APP_A_PID   # lib.sh's cleanup stops APP_PID, ours stops APP_B_PID
wait_for_200 "http://127.0.0.1:$B_PORT$ARTICLE" "$APP_B_PID" 60 || die "instance B did not come up, see bench/out/app-Production.log"

# nginx: one server in front of A alone, one in front of A and B.
mkdir -p "$NGINX_DIR/logs" "$NGINX_DIR/temp"
ONE_PORT=$(free_port); TWO_PORT=$(free_port)
while [[ "$TWO_PORT" == "$ONE_PORT" ]]; do TWO_PORT=$(free_port); done
proxy() { # upstream
    cat <<EOF
        location / {
            proxy_pass http://$1;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$remote_addr;
        }
EOF
}
cat >"$NGINX_DIR/nginx.conf" <<EOF
# Written by bench/instances.sh: a reverse proxy in front of one instance (port $ONE_PORT) and of two ($TWO_PORT).
worker_processes auto;
daemon off;
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    keepalive_requests 1000000;
    client_body_temp_path temp/body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;
    upstream one {
        server 127.0.0.1:$A_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }
    upstream two {
        server 127.0.0.1:$A_PORT;
        server 127.0.0.1:$B_PORT;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$ONE_PORT;
$(proxy one)
    }
    server {
        listen 127.0.0.1:$TWO_PORT;
$(proxy two)
    }
}
EOF
"$NGINX" -p "$NGINX_DIR" -c nginx.conf -e logs/error.log -t >/dev/null 2>&1 \
    || die "nginx rejects its config: $("$NGINX" -p "$NGINX_DIR" -c nginx.conf -e logs/error.log -t 2>&1)"
"$NGINX" -p "$NGINX_DIR" -c nginx.conf -e logs/error.log >"$NGINX_DIR/logs/stdout.log" 2>&1 &
NGINX_PID=$!
ONE_URL="http://127.0.0.1:$ONE_PORT$ARTICLE"
TWO_URL="http://127.0.0.1:$TWO_PORT$ARTICLE"
DIRECT_URL="http://127.0.0.1:$A_PORT$ARTICLE"
wait_for_200 "$ONE_URL" "$NGINX_PID" 10 || die "nginx did not come up, see bench/out/nginx-instances/logs/error.log"
[[ "$(status_of "$TWO_URL")" == 200 ]] || die "nginx in front of two instances does not answer 200"
BODY_BYTES=$(curl -s --max-time 5 "$ONE_URL" | wc -c)

# Each measured run also records the CPU each instance and PostgreSQL used, and how much of the machine
# processes other than these, nginx and wrk took (run_wrk counts only nginx as the server).
pg_pids() { local p; p=$(head -1 "$PGDIR/postmaster.pid" 2>/dev/null) || return 0; server_pids "$p"; }
measure() { # label url server-pid
    local label="$1" t0 a0 b0 g0 t1 a1 b1 g1 foreign
    t0=$(total_ticks); a0=$(pid_ticks "$APP_A_PID"); b0=$(pid_ticks "$APP_B_PID"); g0=$(pid_ticks $(pg_pids))
    run_wrk "$label" "$2" "$WRK_DURATION" "$3"
    t1=$(total_ticks); a1=$(pid_ticks "$APP_A_PID"); b1=$(pid_ticks "$APP_B_PID"); g1=$(pid_ticks $(pg_pids))
    local -n f="FOREIGN_${label//-/_}"
    foreign=$f
    # run_wrk counted the instances (other than the server it was given) and PostgreSQL as "others": take them out.
    local others=$(( g1 - g0 ))
    [[ "$3" != "$APP_A_PID" ]] && others=$(( others + a1 - a0 ))
    others=$(( others + b1 - b0 ))
    printf -v "OTHERS_${label//-/_}" '%s' "$(awk -v f="$foreign" -v o="$others" -v t=$((t1 - t0)) \
        'BEGIN { x = f - o / (t > 0 ? t : 1) * 100; if (x < 0) x = 0; printf "%.0f", x }')"
    printf -v "CPU_A_${label//-/_}" '%s' "$(awk -v d=$((a1 - a0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", d / hz }')"
    printf -v "CPU_B_${label//-/_}" '%s' "$(awk -v d=$((b1 - b0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", d / hz }')"
    printf -v "CPU_PG_${label//-/_}" '%s' "$(awk -v d=$((g1 - g0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", d / hz }')"
}

wait_until_quiet
log "warming up both instances through nginx ($WARMUP), then A alone ($WARMUP)…"
run_wrk warmup-two "$TWO_URL" "$WARMUP" "$NGINX_PID"
run_wrk warmup-one "$ONE_URL" "$WARMUP" "$NGINX_PID"
wait_until_quiet
log "measuring one instance behind nginx: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION…"
measure one "$ONE_URL" "$NGINX_PID"
wait_until_quiet
log "measuring two instances behind nginx…"
measure two "$TWO_URL" "$NGINX_PID"
wait_until_quiet
log "measuring instance A directly, without nginx (context)…"
measure direct "$DIRECT_URL" "$APP_A_PID"

ONE_RPS=$(rps_of one); TWO_RPS=$(rps_of two); DIRECT_RPS=$(rps_of direct)
RATIO=$(awk -v a="$TWO_RPS" -v b="$ONE_RPS" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
row() { printf '%-13s %-9s %-9s %-9s %-9s %-9s %-9s %s' "$(rps_of "$1")" "$(p50_of "$1")" "$(p99_of "$1")" \
    "$(eval echo "\$CPU_A_$1")" "$(eval echo "\$CPU_B_$1")" "$(eval echo "\$CPU_PG_$1")" "$(eval echo "\$OTHERS_$1")%" "$(errors_of "$1")"; }

cat <<EOF

Masthead article page ($BODY_BYTES-byte body): two instances behind nginx vs one behind the same nginx, one PostgreSQL
$(nproc) cores shared by wrk, nginx, PostgreSQL and the instances; wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$WRK_DURATION --latency each,
after $WARMUP of warm-up through each upstream; on $(date -u +%Y-%m-%d)

                              requests/s    p50 ms    p99 ms    A CPU s   B CPU s   PG CPU s  others ¹  errors
  two instances behind nginx  $(row two)
  one instance behind nginx   $(row one)
  instance A, no nginx        $(row direct)

  ratio two / one             $RATIO   (no budget; on 2 shared cores expect <= 1)
  ratio one behind nginx / A direct   $(awk -v a="$ONE_RPS" -v b="$DIRECT_RPS" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')   (what the proxy hop costs)

  ¹ CPU used by processes other than the instances, nginx, PostgreSQL and wrk, % of the machine; should be ~0.

Raw wrk output: bench/out/wrk-one.txt, wrk-two.txt, wrk-direct.txt
EOF
exit 0
