#!/usr/bin/env bash
# ADR 7's measurement: the L1 alternatives side by side — our TwoLevelCacheStore (Caffeine + pub/sub + heartbeats),
# Redisson's RLocalCachedMap, Redisson's RESP3 client-side caching — and the plain Redis GET, for a GET of the same
# ~600-byte hero JSON from 10,000 warm keys (random key per call), under the private prefix bench:l1:.
#
#   benchmarks/bin/l1-compare.sh [JMH options]
#
# 1. JMH L1AlternativesBenchmark: latency (SampleTime, 1 thread → p50/p99, target/l1.json) and throughput
#    (Throughput, JMH_THROUGHPUT_THREADS threads, default 2 → target/l1-thrpt.json); short defaults for 2 cores:
#    1 fork, warm-up 2 × 1 s, measurement 3 × 1 s. Any JMH option given replaces its default (-p keys=1000,
#    -p subject=TWO_LEVEL,REDIS_GET, -i 5 …); giving -bm runs that mode only.
# 2. Invalidation propagation (Tool l1-propagation): a second instance writes, time until the first one's L1 stops
#    answering the old value; L1_TRIALS trials (default 200). L1_PROPAGATION=0 skips it.
# 3. Across a Redis restart (Tool l1-reconnect) on a private redis-server on a free port (never the shared one):
#    when each L1 is emptied and when it stops serving old values. Skipped without redis-server or with
#    L1_RECONNECT=0.
#
# Environment: BENCH_REDIS_URL, BENCH_KEY_PREFIX (keys go under <prefix>l1:, removed afterwards), JMH_TIMEOUT (s).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_bench_jar
mkdir -p "$BENCH_DIR/target"
LATENCY_JSON="$BENCH_DIR/target/l1.json"
THROUGHPUT_JSON="$BENCH_DIR/target/l1-thrpt.json"
rm -f "$LATENCY_JSON" "$THROUGHPUT_JSON"

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
  mapfile -t args < <(with_defaults -f 1 -wi 2 -w 1s -i 3 -r 1s "$@")
  log "java -jar benchmarks.jar L1AlternativesBenchmark ${args[*]} ${user_args[*]+"${user_args[*]}"}"
  timeout --kill-after=30 "${JMH_TIMEOUT:-1800}" java -jar "$BENCH_JAR" L1AlternativesBenchmark \
    "${args[@]}" "${user_args[@]+"${user_args[@]}"}" -rf json -rff "$json"
}

echo "== Taleweaver L1 alternatives, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(java -version 2>&1 | head -1)"
echo "== redis: ${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0} ($(redis-cli -u "${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}" info server 2>/dev/null | tr -d '\r' | grep -m1 '^redis_version:' || echo 'version unknown')), keys under \"${BENCH_KEY_PREFIX:-bench:}l1:\""

if has_option -bm; then
  run_jmh "$LATENCY_JSON"
else
  run_jmh "$LATENCY_JSON" -bm sample -t 1 -tu us
  run_jmh "$THROUGHPUT_JSON" -bm thrpt -t "${JMH_THROUGHPUT_THREADS:-2}" -tu s
fi

if [[ "${L1_PROPAGATION:-1}" != 0 ]]; then
  log "invalidation propagation, ${L1_TRIALS:-200} trials per alternative"
  tool l1-propagation "${L1_TRIALS:-200}" >"$BENCH_DIR/target/l1-propagation.log" 2>&1 \
    || log "l1-propagation failed; see target/l1-propagation.log"
  PROPAGATION=$(grep '^|' "$BENCH_DIR/target/l1-propagation.log" || true)
fi
if [[ "${L1_RECONNECT:-1}" != 0 ]] && command -v redis-server >/dev/null; then
  log "across a restart of a private redis-server (down 1 s, watched 10 s)"
  tool l1-reconnect redis-server 1000 10 >"$BENCH_DIR/target/l1-reconnect.log" 2>&1 \
    || log "l1-reconnect failed; see target/l1-reconnect.log"
  RECONNECT=$(grep '^|' "$BENCH_DIR/target/l1-reconnect.log" || true)
fi

echo
echo "== L1 alternatives: GET latency (SampleTime, µs) and throughput (ops/s)"
tool jmh-report "$LATENCY_JSON" "$THROUGHPUT_JSON"
if [[ -n "${PROPAGATION:-}" ]]; then
  echo "== Invalidation propagation: a second instance writes; until the first one's L1 stops answering the old value"
  echo "$PROPAGATION"
  echo
fi
if [[ -n "${RECONNECT:-}" ]]; then
  echo "== Across a Redis restart (private redis-server killed, down 1 s, restarted empty; key 0 rewritten after it)"
  echo "$RECONNECT"
  echo
fi
echo "JSON: $LATENCY_JSON $( [[ -f "$THROUGHPUT_JSON" ]] && echo "$THROUGHPUT_JSON")"
