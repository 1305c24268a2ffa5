#!/usr/bin/env bash
# Loads the image deploy/build-image.sh made into podman and runs it as a deployment would on SQLite:
# `migrate` as a one-off container, then the site with a data volume, a mounted data-protection
# certificate and Paper__BaseUrl. Checks /healthz, /readyz and / answer 200 from the host, that the
# process is not root, and that the database was written to the volume. Exits non-zero on any failure.
#
#   deploy/test-image.sh [masthead-image.tar.gz]
#   NETWORK=host deploy/test-image.sh     # where podman's bridge network is unavailable
set -euo pipefail

archive=$(realpath "${1:-masthead-image.tar.gz}")
network=${NETWORK:-bridge}
started=$(date +%s)
say() { printf '[test-image %3ss] %s\n' $(($(date +%s) - started)) "$*"; }
fail() { say "FAIL: $*"; exit 1; }

[[ $(id -u) == 0 ]] || { echo "run as root (rootful podman)" >&2; exit 1; }
[[ -f $archive ]] || { echo "no image archive $archive: run deploy/build-image.sh first" >&2; exit 1; }
need=()
for tool in podman runc; do
  command -v "$tool" >/dev/null || need+=("$tool")
done
if ((${#need[@]})); then
  say "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" conmon containernetworking-plugins >/dev/null
fi
# runc, not Debian's default crun: crun 1.8 refuses a host with cgroup v1 controllers and a cgroup2
# mount side by side ("cgroups in hybrid mode not supported"), which is what this kind of VM has.
podman() { command podman --cgroup-manager=cgroupfs --runtime "${OCI_RUNTIME:-runc}" "$@"; }
# Podman asks for 1048576 open files and the host's process limit by default; without
# CAP_SYS_RESOURCE (a VM or CI runner) the runtime may not raise them that far and refuses to start.
# These are ample for the app.
nofile=$(ulimit -Hn); [[ $nofile == unlimited || $nofile -gt 65536 ]] && nofile=65536
limits=(--ulimit "nofile=$nofile:$nofile" --ulimit nproc=4096:4096)

work=$(mktemp -d /tmp/masthead-image-test.XXXXXX)
name=masthead-test-$$
image=
cleanup() {
  status=$?
  if podman container exists "$name" 2>/dev/null; then
    ((status == 0)) || { say "container log:"; podman logs "$name" 2>&1 | tail -40; }
    podman rm -f -t 5 "$name" >/dev/null 2>&1 || true
  fi
  [[ -n $image && ${KEEP_IMAGE:-0} != 1 ]] && podman rmi -f "$image" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

image=$(podman load -q -i "$archive" | sed -n 's/^Loaded image[^:]*: *//p' | head -n1)
[[ -n $image ]] || fail "podman load named no image"
say "loaded $image"

# What a deployment gives the container: a certificate readable by the app user only, a volume it owns.
openssl req -x509 -newkey rsa:3072 -nodes -days 30 -subj /CN=masthead-keys \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
mkdir -p "$work/keys" "$work/data"
cat "$work/cert.pem" "$work/key.pem" >"$work/keys/masthead-keys.pem"
chown -R 1654:1654 "$work/keys" "$work/data"
chmod 0400 "$work/keys/masthead-keys.pem"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
settings=(
  -e Database__Provider=Sqlite
  -e "ConnectionStrings__Masthead=Data Source=/data/masthead.db"
  -e "Paper__BaseUrl=$base"
  -e DataProtection__Certificate=/keys/masthead-keys.pem
  -v "$work/data:/data"
  -v "$work/keys:/keys:ro"
)
if [[ $network == host ]]; then
  net=(--network=host -e ASPNETCORE_HTTP_PORTS="$port")
else
  net=(-p "127.0.0.1:$port:8080")
fi

say "migrate (one-off container)"
podman run --rm "${limits[@]}" "${settings[@]}" "$image" migrate || fail "migrate exited $?"
[[ -f $work/data/masthead.db ]] || fail "migrate wrote no database to the volume"

say "serve on $base ($network network)"
podman run -d --name "$name" "${limits[@]}" "${net[@]}" "${settings[@]}" "$image" >/dev/null
for _ in $(seq 120); do
  curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
  [[ $(podman inspect -f '{{.State.Running}}' "$name") == true ]] || fail "the container stopped"
  sleep 0.5
done

for path in /healthz /readyz /; do
  code=$(curl -sS -o "$work/body" -w '%{http_code}' "$base$path" || true)
  [[ $code == 200 ]] || fail "GET $path answered $code: $(head -c 300 "$work/body" 2>/dev/null)"
  say "GET $path 200 ($(wc -c <"$work/body") bytes)"
done
grep -q '<html' "$work/body" || fail "/ is not a page"

ids=$(podman exec "$name" id)
say "podman exec id: $ids"
[[ $(podman exec "$name" id -u) != 0 ]] || fail "the app runs as root"
# The app cannot rewrite itself: /app belongs to root.
podman exec "$name" sh -c 'test ! -w /app && test ! -w /app/Masthead.dll' || fail "the app user can write /app"
[[ $(stat -c %u "$work/data/masthead.db") == 1654 ]] || fail "the database on the volume is not the app user's"

say "all checks passed"
