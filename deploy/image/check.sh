#!/usr/bin/env bash
# Checks the image tarball Jib wrote (OCI layout) without a container engine:
#  1. its config: entrypoint (java, exit on OOM, Main), heap flags, non-root user, exposed port 7070;
#  2. the user exists in the image's /etc/passwd;
#  3. --run: unpacks the layers and starts the entrypoint as that user in a chroot (root needed), against the
#     PostgreSQL and Redis on 127.0.0.1, until GET /health answers UP with curl from inside the image, as the
#     compose health check does. Uses a database and a Redis key prefix of its own, dropped afterwards.
#
#   deploy/image/check.sh [--run] [IMAGE_TAR]      (default bootstrap/target/taleweaver-image.tar)
set -euo pipefail
cd "$(dirname "$0")/../.."

run=false
if [ "${1:-}" = --run ]; then run=true; shift; fi
image="${1:-bootstrap/target/taleweaver-image.tar}"

fail() { echo "image check FAILED: $*" >&2; exit 1; }
ok() { echo "image check: $*"; }

work="$(mktemp -d)"
cleanup() {
  if [ -n "${service_pid:-}" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  for m in proc dev; do mountpoint -q "$work/root/$m" 2>/dev/null && umount "$work/root/$m"; done
  if [ -n "${database:-}" ]; then psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $database" >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

[ -f "$image" ] || fail "$image is missing (build it with deploy/image/build.sh)"
tar -xf "$image" -C "$work" index.json
manifest="$(jq -r '.manifests[0].digest' "$work/index.json")"
tar -xf "$image" -C "$work" "blobs/sha256/${manifest#sha256:}"
config_digest="$(jq -r '.config.digest' "$work/blobs/sha256/${manifest#sha256:}")"
tar -xf "$image" -C "$work" "blobs/sha256/${config_digest#sha256:}"
config="$work/blobs/sha256/${config_digest#sha256:}"

expect() { # jq filter that must be true of the config, and what it means
  jq -e "$1" "$config" >/dev/null || fail "$2 (config: $(jq -c .config "$config"))"
  ok "$2"
}
expect '.config.Entrypoint[0] == "java"' "entrypoint starts java"
expect '.config.Entrypoint | index(["-XX:+ExitOnOutOfMemoryError"]) != null' "the JVM exits on OutOfMemoryError"
expect '.config.Entrypoint[-1] == "dev.taleweaver.bootstrap.Main"' "entrypoint runs dev.taleweaver.bootstrap.Main"
expect '.config.Env | index(["JDK_JAVA_OPTIONS=-Xms1g -Xmx1g"]) != null' "heap -Xms1g -Xmx1g (JDK_JAVA_OPTIONS)"
expect '.config.User == "10001:10001"' "runs as uid 10001, not root"
expect '.config.ExposedPorts | has("7070/tcp")' "exposes 7070/tcp"
expect '.architecture == "amd64" and .os == "linux"' "linux/amd64"

# the base layer is the first one: its /etc/passwd must name uid 10001
base_layer="$(jq -r '.layers[0].digest' "$work/blobs/sha256/${manifest#sha256:}")"
tar -xf "$image" -C "$work" "blobs/sha256/${base_layer#sha256:}"
tar --warning=no-unknown-keyword -xzOf "$work/blobs/sha256/${base_layer#sha256:}" ./etc/passwd | grep -q '^taleweaver:x:10001:10001:' \
  || fail "no user taleweaver (10001) in the base layer's /etc/passwd"
ok "user taleweaver is uid 10001 in /etc/passwd"

$run || exit 0

# ---- run it: every layer unpacked in order into one root, then the entrypoint in a chroot --------------------
mkdir -p "$work/root"
for layer in $(jq -r '.layers[].digest' "$work/blobs/sha256/${manifest#sha256:}"); do
  [ -f "$work/blobs/sha256/${layer#sha256:}" ] || tar -xf "$image" -C "$work" "blobs/sha256/${layer#sha256:}"
  tar --warning=no-unknown-keyword -xzf "$work/blobs/sha256/${layer#sha256:}" -C "$work/root"
  rm -f "$work/blobs/sha256/${layer#sha256:}"
done
mount --bind /proc "$work/root/proc"
mount --bind /dev "$work/root/dev"
ok "layers unpacked"

database="taleweaver_image_check_$$"
psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $database" >/dev/null
port=17070
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
mapfile -t env < <(jq -r '.config.Env[]' "$config")
# the image's environment, the service's settings, the entrypoint, as the user of the config
env -i "${env[@]}" HTTP_PORT="$port" DATABASE_URL="jdbc:postgresql://127.0.0.1:5432/$database" \
  REDIS_URL=redis://127.0.0.1:6379 CACHE_KEY_PREFIX="image-check-$$:" \
  chroot --userspec=10001:10001 "$work/root" "${entrypoint[@]}" > "$work/service.log" 2>&1 &
service_pid=$!
for _ in $(seq 1 60); do
  if chroot --userspec=10001:10001 "$work/root" curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"UP"'; then
    ok "the image's service answers /health UP (curl inside the image, as uid 10001)"
    exit 0
  fi
  kill -0 "$service_pid" 2>/dev/null || { cat "$work/service.log" >&2; fail "the service exited"; }
  sleep 1
done
cat "$work/service.log" >&2
fail "no healthy answer within 60 s"
