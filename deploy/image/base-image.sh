#!/usr/bin/env bash
# Builds the image's base without a registry or a Docker daemon: a minimal Debian 12 root file system with
# Debian's OpenJDK 17 JRE (mmdebstrap, from the Debian archive), a non-root user `taleweaver` (uid 10001)
# and curl for health checks, packed as a `docker save`-style tarball that Jib takes as its base image
# (`tar://…`). Same packages + SOURCE_DATE_EPOCH → the same tarball.
#
#   deploy/image/base-image.sh [OUTPUT]     (default bootstrap/target/jre-base.tar; root, Debian)
set -euo pipefail
cd "$(dirname "$0")/../.."

out="${1:-bootstrap/target/jre-base.tar}"
suite=bookworm
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1700000000}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"

# essential: dpkg, coreutils, bash… but neither apt nor useradd (the user is written into passwd/group); docs, man pages and locales are left out (the man1
# directory must exist: update-alternatives links java.1.gz into it)
mmdebstrap --mode=root --variant=essential \
  --include=openjdk-17-jre-headless,curl \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --setup-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='echo "taleweaver:x:10001:10001::/nonexistent:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='echo "taleweaver:x:10001:" >> "$1/etc/group"' \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*' \
  "$suite" "$work/layer.tar" "$mirror"

diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
created="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
jq -n --arg diff "$diff_id" --arg created "$created" --arg suite "$suite" '{
  architecture: "amd64", os: "linux", created: $created,
  config: {
    Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64", "LANG=C.UTF-8"],
    User: "10001:10001"
  },
  rootfs: {type: "layers", diff_ids: [$diff]},
  history: [{created: $created, created_by: ("mmdebstrap " + $suite + " openjdk-17-jre-headless curl (deploy/image/base-image.sh)")}]
}' > "$work/config.json"
jq -n '[{Config: "config.json", RepoTags: ["taleweaver-base:bookworm-jre17"], Layers: ["layer.tar"]}]' \
  > "$work/manifest.json"
touch -d "@$SOURCE_DATE_EPOCH" "$work"/*
tar --sort=name --owner=0 --group=0 --numeric-owner -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1))"
