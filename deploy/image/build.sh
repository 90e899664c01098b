#!/usr/bin/env bash
# The container image, without a Docker daemon or a registry (root, on Debian):
#   1. the base (Debian 12 + OpenJDK 17 JRE + user taleweaver) with base-image.sh, unless it is there already;
#   2. Jib (Maven profile `image`) layers the service on it: bootstrap/target/taleweaver-image.tar (OCI);
#   3. check.sh checks its config (entrypoint, JVM flags, user, port); with --run it also starts it.
# Load it where a container engine runs with `docker load -i bootstrap/target/taleweaver-image.tar`
# (or `podman load`, `skopeo copy oci-archive:…`); it is tagged taleweaver:<project version>.
#
#   deploy/image/build.sh [--run]
set -euo pipefail
cd "$(dirname "$0")/../.."

base=bootstrap/target/jre-base.tar
if [ ! -s "$base" ]; then
  command -v mmdebstrap >/dev/null || { echo "mmdebstrap is missing: apt-get install mmdebstrap" >&2; exit 1; }
  deploy/image/base-image.sh "$base"
fi
# -am builds the modules bootstrap needs; benchmarks are not part of the image
./mvnw -B -q -Pimage -DskipTests -pl bootstrap -am package
deploy/image/check.sh "$@"
