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
# Then issue 11's throughput targets, side by side with wrk (-t$THREADS -c$CONNECTIONS -d$DURATION, $RUNS rounds
# alternating, after a $WARMUP warm-up of each; defaults 2, 16, 10s, 3, 20s): a cached page of 50 heroes
# (GET /heroes?limit=50 at a random cursor of hero:all) against a cached GET /heroes/{id} (random ids) on the
# default service (target >= 0.5x), and against the same pages on the uncached service (target >= 10x); the
# Redis-only service's pages are listed too. LATENCY=0 skips the first part.
#
# ACCEPT_ENCODING=gzip sends that Accept-Encoding with every throughput request (as browsers and most HTTP clients
# do); by default wrk sends none, and the answers are not compressed.
#
# BEFORE_JAR=<a service jar of an earlier commit> adds a fifth throughput target, page-cached-before: that jar with
# the default cache on the same schema, so a change's effect on the cached page is measured in the same run.
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
  rm -f "$service_copy" "$RESULTS"/before-*.jar
  clean_up_dataset
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
if [[ -n "${BEFORE_JAR:-}" ]]; then
  cp "$BEFORE_JAR" "$RESULTS/before-$stamp.jar"
  port_before=$(free_port)
  log "starting \"before\" ($BEFORE_JAR) on port $port_before"
  start_service "$RESULTS/before-$stamp.jar" "$port_before" "$RESULTS/service-before-$stamp.log"
fi

if [[ "${LATENCY:-1}" != 0 ]]; then
  echo "== $rounds rounds of $per_round requests per endpoint and service"
  tool http-compare "$rounds" "$per_round" "${urls[@]}"
fi

command -v wrk >/dev/null || die "the throughput part needs wrk (apt-get install -y wrk)"
RUNS=${RUNS:-3} DURATION=${DURATION:-10s} WARMUP=${WARMUP:-20s} THREADS=${THREADS:-2} CONNECTIONS=${CONNECTIONS:-16}
declare -A BASE
for entry in "${urls[@]}"; do BASE[${entry%%=*}]=${entry#*=}; done
list_page_paths "${BASE[cached]}" /heroes 50 >"$RESULTS/page-paths.txt"
list_ids "${BASE[cached]}" /heroes | sed 's|^|/heroes/|' >"$RESULTS/by-id-paths.txt"
write_random_path_lua "$RESULTS/random-path.lua"
echo "== throughput: wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $(wc -l <"$RESULTS/page-paths.txt") pages of 50, $(wc -l <"$RESULTS/by-id-paths.txt") heroes, $RUNS alternating rounds after a $WARMUP warm-up each"
declare -A TARGET_BASE=([page-cached]=${BASE[cached]} [by-id-cached]=${BASE[cached]}
  [page-redis-only]=${BASE[redis-only]} [page-uncached]=${BASE[uncached]})
declare -A TARGET_PATHS=([page-cached]=page-paths.txt [by-id-cached]=by-id-paths.txt
  [page-redis-only]=page-paths.txt [page-uncached]=page-paths.txt)
TARGETS=(page-cached by-id-cached page-redis-only page-uncached)
if [[ -n "${BEFORE_JAR:-}" ]]; then
  TARGET_BASE[page-cached-before]="http://127.0.0.1:$port_before"
  TARGET_PATHS[page-cached-before]=page-paths.txt
  TARGETS+=(page-cached-before)
fi
run_wrk() { # target duration [output]
  PATHS_FILE="$RESULTS/${TARGET_PATHS[$1]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency \
    ${ACCEPT_ENCODING:+-H "Accept-Encoding: $ACCEPT_ENCODING"} \
    -s "$RESULTS/random-path.lua" "${TARGET_BASE[$1]}" >"${3:-/dev/null}"
}
compare_side_by_side
