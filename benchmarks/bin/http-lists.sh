#!/usr/bin/env bash
# Issue 5's list target at the HTTP level: GET /heroes (10,000 heroes) and GET /heroes?language=xx (500 heroes),
# cached versus uncached, measured side by side in one run.
#
#   benchmarks/bin/http-lists.sh [rounds] [requests-per-round]     (defaults 10 and 20)
#
# Starts three copies of the service jar on one private schema (tw_httplists, 10,000 heroes): "cached" with the
# default cache (L1 + Redis), "redis-only" (CACHE_L1_ENABLED=false) and "uncached" (REDIS_ENABLED=false). Rounds
# alternate between them (per endpoint: requests-per-round to each service in turn), after one untimed round that
# fills the caches; prints p50/p99/mean per endpoint and service and the ratios uncached / cached (target >= 3x).
# Latency is client-side: from sending the request to the last byte of the body (java.net.http, keep-alive).
#
# Environment: BENCH_DATABASE_URL, BENCH_DATABASE_USER, BENCH_REDIS_URL (see benchmarks/README.md);
# SERVICE_JAVA_OPTS (default -Xms1g -Xmx1g).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rounds=${1:-10}
per_round=${2:-20}
SERVICE_JAR="$REPO_DIR/bootstrap/target/taleweaver.jar"
ensure_built "$SERVICE_JAR" bootstrap
ensure_bench_jar

export BENCH_SCHEMA=tw_httplists
export BENCH_KEY_PREFIX="httplists-$$:"
export BENCH_HEROES=10000
RESULTS="$BENCH_DIR/target/http-lists"
mkdir -p "$RESULTS"
stamp=$(date +%Y%m%d-%H%M%S)
service_copy="$RESULTS/taleweaver-$stamp.jar"

cleanup() {
  stop_services
  rm -f "$service_copy"
  tool cleanup >/dev/null 2>&1 || log "cleanup failed; run with BENCH_SCHEMA=$BENCH_SCHEMA BENCH_KEY_PREFIX=$BENCH_KEY_PREFIX: Tool cleanup"
}
trap cleanup EXIT

echo "== Taleweaver HTTP lists, cached vs uncached, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(java -version 2>&1 | head -1)"
tool prepare
cp "$SERVICE_JAR" "$service_copy"

urls=()
for variant in cached redis-only uncached; do
  port=$(free_port)
  settings=()
  case "$variant" in
    redis-only) settings=(CACHE_L1_ENABLED=false) ;;
    uncached) settings=(REDIS_ENABLED=false) ;;
  esac
  log "starting \"$variant\" on port $port ${settings[*]+"${settings[*]}"}"
  start_service "$service_copy" "$port" "$RESULTS/service-$variant-$stamp.log" "${settings[@]+"${settings[@]}"}"
  urls+=("$variant=http://127.0.0.1:$port")
done

echo "== $rounds rounds of $per_round requests per endpoint and service"
tool http-compare "$rounds" "$per_round" "${urls[@]}"
