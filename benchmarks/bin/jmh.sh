#!/usr/bin/env bash
# Repository-level JMH benchmarks: hero find_by_id / find_by_language / list_all, uncached (PostgreSQL), cached hit
# (Redis) and the raw Redisson GET floor, on 10,000 heroes in a private schema (tw_bench) and key prefix (bench:).
#
#   benchmarks/bin/jmh.sh [JMH options]
#
# Two JMH runs: latency (SampleTime, 1 thread → p50/p99, target/jmh.json) and throughput (Throughput,
# JMH_THROUGHPUT_THREADS threads, default 2 → target/jmh-thrpt.json); then the table and issue 5's ratios.
# Defaults for a 2-core machine: 1 fork, warm-up 3 × 2 s, measurement 5 × 2 s. Any JMH option given replaces its
# default (e.g. -wi 1 -i 1 -r 1s for a smoke run, -p subject=CACHED,RAW_GET); giving -bm runs that mode only.
#
# Environment: BENCH_DATABASE_URL, BENCH_DATABASE_USER, BENCH_REDIS_URL, BENCH_SCHEMA, BENCH_KEY_PREFIX,
# BENCH_HEROES (see BenchConfig); JMH_INCLUDE (benchmark regex, default HeroReadBenchmark); BENCH_DB_LATENCY_MS
# (round trip added in front of PostgreSQL, picks the ratio targets; jmh-delayed.sh sets it); JMH_TIMEOUT (s, 3600);
# BENCH_KEEP_DATASET=1 keeps the schema and keys for the next run instead of removing them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_bench_jar
mkdir -p "$BENCH_DIR/target"
LATENCY_JSON="$BENCH_DIR/target/jmh.json"
THROUGHPUT_JSON="$BENCH_DIR/target/jmh-thrpt.json"
rm -f "$LATENCY_JSON" "$THROUGHPUT_JSON"

cleanup() {
  if [[ "${BENCH_KEEP_DATASET:-0}" != 1 ]]; then
    tool cleanup || log "cleanup failed; run: java -cp $BENCH_JAR dev.taleweaver.benchmarks.tool.Tool cleanup"
  fi
}
trap cleanup EXIT

user_args=("$@")
has_option() {
  local option=$1 arg
  for arg in "${user_args[@]+"${user_args[@]}"}"; do
    [[ "$arg" == "$option" ]] && return 0
  done
  return 1
}
# the defaults the caller did not override, as "option value" pairs
with_defaults() {
  local out=() i
  local defaults=("$@")
  for ((i = 0; i < ${#defaults[@]}; i += 2)); do
    has_option "${defaults[i]}" || out+=("${defaults[i]}" "${defaults[i + 1]}")
  done
  printf '%s\n' "${out[@]}"
}
run_jmh() {
  local json=$1; shift
  local args
  mapfile -t args < <(with_defaults -f 1 -wi 3 -w 2s -i 5 -r 2s "$@")
  log "java -jar benchmarks.jar ${JMH_INCLUDE:-HeroReadBenchmark} ${args[*]} ${user_args[*]+"${user_args[*]}"}"
  timeout --kill-after=30 "${JMH_TIMEOUT:-3600}" java -jar "$BENCH_JAR" "${JMH_INCLUDE:-HeroReadBenchmark}" \
    "${args[@]}" "${user_args[@]+"${user_args[@]}"}" -rf json -rff "$json"
}

echo "== Taleweaver JMH hero reads, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(java -version 2>&1 | head -1)"
echo "== $(tool describe)"
echo "== database round trip added: ${BENCH_DB_LATENCY_MS:-0} ms"

if has_option -bm; then
  run_jmh "$LATENCY_JSON"
else
  run_jmh "$LATENCY_JSON" -bm sample -t 1 -tu us
  run_jmh "$THROUGHPUT_JSON" -bm thrpt -t "${JMH_THROUGHPUT_THREADS:-2}" -tu s
fi

echo
echo "== Hero reads: latency (SampleTime, µs) and throughput (ops/s)"
tool jmh-report --db-latency-ms "${BENCH_DB_LATENCY_MS:-0}" "$LATENCY_JSON" "$THROUGHPUT_JSON"
echo "JSON: $LATENCY_JSON $( [[ -f "$THROUGHPUT_JSON" ]] && echo "$THROUGHPUT_JSON")"
