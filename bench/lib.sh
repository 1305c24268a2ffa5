# Shared by the benchmark scripts: logging, ports, starting and stopping servers, wrk and CPU accounting.
# The caller sets OUT, APP_DIR, DB, WRK_THREADS and WRK_CONNECTIONS before sourcing this file.
# shellcheck shell=bash

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

# Every server a script starts is in one of these; all are stopped on exit, whatever happens.
APP_PID=""
NGINX_PID=""
EXTRA_CLEANUP=""
cleanup() {
    local rc=$?
    stop_pid "$APP_PID"; APP_PID=""
    stop_pid "$NGINX_PID"; NGINX_PID=""
    [[ -n "$EXTRA_CLEANUP" ]] && eval "$EXTRA_CLEANUP"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

require() { # tool… — dies naming the first one missing
    local tool
    for tool in "$@"; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
}

as_postgres() { # command… — run as the postgres user when we are root (initdb refuses root)
    if [[ "$(id -u)" == 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi
}

start_postgres() { # dir port [server options…] — a new throwaway PostgreSQL cluster on 127.0.0.1:port, stopped when the script exits
    local dir="$1" port="$2" extra="${3:-}" bin
    bin=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
    as_postgres "$bin/pg_ctl -D '$dir' -m immediate -w stop" >/dev/null 2>&1 || true
    rm -rf "$dir"; mkdir -p "$dir"; [[ "$(id -u)" == 0 ]] && chown postgres:postgres "$dir"
    as_postgres "$bin/initdb -D '$dir' -U postgres --auth=trust -E UTF8" >"$dir.initdb.log" 2>&1 || die "initdb failed, see $dir.initdb.log"
    as_postgres "$bin/pg_ctl -D '$dir' -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c max_connections=200 $extra\" -l '$dir/server.log' -w start" >/dev/null
    EXTRA_CLEANUP="as_postgres \"$bin/pg_ctl -D '$dir' -m fast -w stop\" >/dev/null 2>&1 || true"
}

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

# Production encrypts the keys that sign cookies to a certificate (docs/operations.md): a throwaway one for the run.
bench_certificate() {
    local pem="$OUT/data-protection.pem"
    if [[ ! -f "$pem" ]]; then
        openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=masthead-bench \
            -keyout "$OUT/data-protection.key" -out "$OUT/data-protection.crt" >/dev/null 2>&1
        cat "$OUT/data-protection.crt" "$OUT/data-protection.key" >"$pem"
    fi
    echo "$pem"
}

start_app() { # environment port [VAR=value…] — sets APP_PID; extra variables go to the app's environment
    local environment="$1" port="$2"; shift 2
    local certificate; certificate="$(bench_certificate)"
    # The app finds its own files (demo content, wwwroot) beside its executable, whatever the working directory.
    (
        cd "$APP_DIR"
        DataProtection__Certificate="$certificate" \
        ASPNETCORE_ENVIRONMENT="$environment" \
        DOTNET_ENVIRONMENT="$environment" \
        ConnectionStrings__Masthead="Data Source=$DB" \
        Paper__BaseUrl="http://127.0.0.1:$port" \
        Logging__LogLevel__Default=Warning \
        exec env "$@" ./Masthead --environment "$environment" --urls "http://127.0.0.1:$port"
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


# nginx serving the bytes of one page, fetched once from the app, as a static file at the same path: the baseline the
# page benchmarks compare against. Usage: serve_page_with_nginx APP_URL DIR SLUG PATH. Sets NGINX_PID (stopped on
# exit), NGINX_URL and BODY_BYTES.
serve_page_with_nginx() {
    local app_url="$1" dir="$2" slug="$3" path="$4" nginx=/usr/sbin/nginx port
    mkdir -p "$dir/html/articles" "$dir/logs" "$dir/temp"
    curl -sf --max-time 5 -o "$dir/html/articles/$slug" "$app_url" || die "could not fetch the article body"
    BODY_BYTES=$(stat -c %s "$dir/html/articles/$slug")
    port=$(free_port)
    cat >"$dir/nginx.conf" <<EOF
# Written by bench/lib.sh (serve_page_with_nginx): the page as a static file, nothing else.
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
        listen 127.0.0.1:$port;
        root html;
    }
}
EOF
    "$nginx" -p "$dir" -c nginx.conf -e logs/error.log -t >/dev/null 2>&1 \
        || die "nginx rejects $dir/nginx.conf: $("$nginx" -p "$dir" -c nginx.conf -e logs/error.log -t 2>&1)"
    "$nginx" -p "$dir" -c nginx.conf -e logs/error.log >"$dir/logs/stdout.log" 2>&1 &
    NGINX_PID=$!
    NGINX_URL="http://127.0.0.1:$port$path"
    wait_for_200 "$NGINX_URL" "$NGINX_PID" 10 || die "nginx did not come up, see $dir/logs/error.log"
    cmp -s "$dir/html/articles/$slug" <(curl -s --max-time 5 "$NGINX_URL") || die "nginx does not serve the same bytes"
}
