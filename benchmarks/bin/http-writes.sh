#!/usr/bin/env bash
# Issue 10's write path at the HTTP level: PUT /heroes/{id} on the service before and after, side by side in one run.
#
#   benchmarks/bin/http-writes.sh <before.jar> [rounds] [requests-per-round]     (defaults 20 and 25)
#
# <before.jar> is a service jar built from the commit before issue 10, e.g.
#   git archive 7a9f6a6 | tar -x -C /tmp/before && (cd /tmp/before && ./mvnw -o -q -pl bootstrap -am package -DskipTests)
#   -> /tmp/before/bootstrap/target/taleweaver.jar
# Starts it and this tree's jar on one private schema (tw_httpwrites, 100 heroes), each with its own cache key
# prefix, and alternates rounds of PUTs between them (each writes its own hero). Prints p50/p99/mean per service
# and the p50 ratio before / after. Latency is client-side (java.net.http, keep-alive).
#
# Environment: BENCH_DATABASE_URL, BENCH_DATABASE_USER, BENCH_REDIS_URL (see benchmarks/README.md);
# SERVICE_JAVA_OPTS (default -Xms256m -Xmx512m).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

before_jar=${1:?usage: http-writes.sh <before.jar> [rounds] [requests-per-round]}
rounds=${2:-20}
per_round=${3:-25}
SERVICE_JAR="$REPO_DIR/bootstrap/target/taleweaver.jar"
ensure_built "$SERVICE_JAR" bootstrap
ensure_bench_jar
export SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xms256m -Xmx512m}

export BENCH_SCHEMA=tw_httpwrites
export BENCH_KEY_PREFIX="httpwrites-$$:"
export BENCH_HEROES=100
RESULTS="$BENCH_DIR/target/http-writes"
mkdir -p "$RESULTS"
stamp=$(date +%Y%m%d-%H%M%S)

cleanup() {
  stop_services
  rm -f "$RESULTS"/*-"$stamp".jar
  clean_up_dataset
}
trap cleanup EXIT

echo "== Taleweaver HTTP writes, before vs after issue 10, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(java -version 2>&1 | head -1)"
tool prepare
cp "$before_jar" "$RESULTS/before-$stamp.jar"
cp "$SERVICE_JAR" "$RESULTS/after-$stamp.jar"

urls=()
for variant in before after; do
  port=$(free_port)
  log "starting \"$variant\" on port $port"
  start_service "$RESULTS/$variant-$stamp.jar" "$port" "$RESULTS/service-$variant-$stamp.log" \
    CACHE_KEY_PREFIX="${BENCH_KEY_PREFIX}$variant:"
  urls+=("$variant=http://127.0.0.1:$port")
done

echo "== $rounds rounds of $per_round PUTs per service"
tool http-write-compare "$rounds" "$per_round" "${urls[@]}"
