#!/usr/bin/env bash
# Builds Masthead's container image with no registry on the internet: a Debian bookworm base with the
# ASP.NET Core runtime of this machine's dotnet, served by a throwaway registry on loopback, then the
# SDK's own PublishContainer on top of it. Leaves masthead-image.tar.gz (docker/podman load) in the
# current folder (or $OUT). Needs root, Debian's apt sources and the .NET SDK. See deploy/README.md.
#
#   deploy/build-image.sh                 # -> ./masthead-image.tar.gz
#   OUT=out/masthead.tar.gz KEEP_WORK=1 deploy/build-image.sh   # keep the rootfs, OCI layout and logs
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$(realpath -m "${OUT:-masthead-image.tar.gz}")
suite=bookworm
base_tag=masthead-base:$suite
started=$(date +%s)
say() { printf '[build-image %3ss] %s\n' $(($(date +%s) - started)) "$*"; }

[[ $(id -u) == 0 ]] || { echo "run as root (debootstrap, chroot, file owners in the image)" >&2; exit 1; }

# 1. Tools, from Debian's own packages.
need=()
for pair in docker-registry:docker-registry skopeo:skopeo umoci:umoci debootstrap:debootstrap; do
  command -v "${pair%%:*}" >/dev/null || need+=("${pair#*:}")
done
if ((${#need[@]})); then
  say "installing ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
fi

# The mirror is the one this machine's apt uses, read now rather than written down here.
apt_uris() {
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -E '^[[:space:]]*(deb[[:space:]]|URIs:)' | grep -oE '(https?|file)://[^[:space:]]+' || true
}
mirror=${MIRROR:-$(apt_uris | grep -E '/debian/?$' | head -n1)}
security=${SECURITY_MIRROR:-$(apt_uris | grep -E '/debian-security/?$' | head -n1)}
[[ -n $mirror ]] || { echo "no Debian mirror in /etc/apt/sources.list*; set MIRROR=" >&2; exit 1; }

work=$(mktemp -d /tmp/masthead-image.XXXXXX)
registry_pid=
cleanup() {
  [[ -n $registry_pid ]] && kill "$registry_pid" 2>/dev/null && wait "$registry_pid" 2>/dev/null || true
  for m in proc sys dev/pts dev; do mountpoint -q "$work/rootfs/$m" && umount -l "$work/rootfs/$m" || true; done
  if [[ ${KEEP_WORK:-0} == 1 ]]; then echo "work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# A throwaway registry on a free loopback port; its storage is in the work folder.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/registry.yml" <<EOF
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $work/registry }
  delete: { enabled: true }
http:
  addr: 127.0.0.1:$port
EOF
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null || { cat "$work/registry.log" >&2; exit 1; }
say "registry on 127.0.0.1:$port"

# 2. The base: what Microsoft's aspnet:10.0 (bookworm-slim) image holds, built from Debian packages
#    plus the runtime this SDK already carries (the same Microsoft build, so the app runs on exactly
#    the framework it was published against).
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
runtime=${RUNTIME_VERSION:-$(dotnet --list-runtimes | awk '$1 == "Microsoft.AspNetCore.App" { v = $2 } END { print v }')}
for d in host/fxr shared/Microsoft.NETCore.App shared/Microsoft.AspNetCore.App; do
  [[ -d $dotnet_root/$d/$runtime ]] || { echo "no $d/$runtime under $dotnet_root" >&2; exit 1; }
done
say "debootstrap $suite (minbase) from $mirror, runtime $runtime"
# The packages Microsoft's runtime-deps image installs.
debootstrap --variant=minbase --include=ca-certificates,libc6,libgcc-s1,libicu72,libssl3,libstdc++6,tzdata,zlib1g \
  "$suite" "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }

root=$work/rootfs
mount -t proc proc "$root/proc"
{
  echo "deb $mirror $suite main"
  echo "deb $mirror $suite-updates main"
  [[ -n $security ]] && echo "deb $security $suite-security main"
} >"$root/etc/apt/sources.list"
if [[ -n $security ]]; then
  say "security and point-release updates"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  chroot "$root" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -qq' >"$work/upgrade.log" 2>&1 ||
    { tail -20 "$work/upgrade.log" >&2; exit 1; }
  : >"$root/etc/resolv.conf"
fi
chroot "$root" sh -c 'groupadd --gid=1654 app && useradd --no-log-init --uid=1654 --gid=1654 --create-home app'
# As slim as Debian's -slim images: no manuals, translations or docs but the copyright files, now
# and for whatever a derived image installs.
printf 'path-exclude /usr/share/%s\n' 'doc/*' 'man/*' 'groff/*' 'info/*' 'lintian/*' 'linda/*' 'locale/*' \
  >"$root/etc/dpkg/dpkg.cfg.d/slim"
echo 'path-include /usr/share/doc/*/copyright' >>"$root/etc/dpkg/dpkg.cfg.d/slim"
chroot "$root" apt-get clean
[[ -d $root/usr/share/doc && $root != / ]]
find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/log/*.log "$root"/var/log/apt/* \
  "$root"/tmp/* "$root"/usr/share/man/* "$root"/usr/share/groff/* "$root"/usr/share/info/* \
  "$root"/usr/share/lintian/* "$root"/usr/share/locale/*

mkdir -p "$root/usr/share/dotnet/host/fxr" "$root/usr/share/dotnet/shared"
cp -a "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$root/usr/share/dotnet/"
cp -a "$dotnet_root/host/fxr/$runtime" "$root/usr/share/dotnet/host/fxr/"
for fw in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
  mkdir -p "$root/usr/share/dotnet/shared/$fw"
  cp -a "$dotnet_root/shared/$fw/$runtime" "$root/usr/share/dotnet/shared/$fw/"
done
chown -R root:root "$root/usr/share/dotnet"
ln -sf /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"
chroot "$root" /usr/bin/dotnet --list-runtimes >/dev/null # the runtime starts inside the rootfs
umount "$root/proc"

say "OCI image $base_tag"
umoci init --layout "$work/oci"
umoci new --image "$work/oci:base"
umoci insert --image "$work/oci:base" "$root" / >/dev/null
umoci config --image "$work/oci:base" --tag "$suite" \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env APP_UID=1654 \
  --config.env ASPNETCORE_HTTP_PORTS=8080 \
  --config.env DOTNET_RUNNING_IN_CONTAINER=true \
  --config.env DOTNET_VERSION="$runtime" \
  --config.env ASPNET_VERSION="$runtime" \
  --config.label org.opencontainers.image.base.name="debian:$suite-slim + Microsoft.AspNetCore.App $runtime" \
  --history.created_by "deploy/build-image.sh: debootstrap $suite minbase + ASP.NET Core $runtime"
skopeo copy --quiet --dest-tls-verify=false "oci:$work/oci:$suite" "docker://127.0.0.1:$port/$base_tag"

# 3. The SDK's own image build, on that base.
# The SDK speaks plain http to a registry named localhost (127.0.0.1 it tries over TLS), and writes
# an uncompressed archive whatever its name: gzip it so the name tells the truth.
say "dotnet publish /t:PublishContainer"
dotnet publish "$repo/src/Masthead" -c Release -r linux-x64 /t:PublishContainer -nologo -v:minimal \
  -p:ContainerBaseImage="localhost:$port/$base_tag" \
  -p:ContainerArchiveOutputPath="$work/masthead-image.tar"
gzip -1 -c "$work/masthead-image.tar" >"$out"

say "done: $out ($(du -h "$out" | cut -f1); base $(du -sh "$root" | cut -f1) unpacked)"
