#!/usr/bin/env bash
# Issue 16's JMH ratio (a Redis hit against the raw read of its bytes), measured so that machine drift cancels:
# the subjects' find_by_id timed call by call in alternating blocks on one thread (InterleavedReads), instead of
# one JMH trial after another. Same stack, dataset (tw_bench / bench:) and settings as jmh.sh's -p readClient=jedis
# -p transport=epoll.
#
#   benchmarks/bin/interleaved-reads.sh [--subjects CACHED_JSON,STORE_GET_BYTES] [--seconds 60] [--warmup 20]
#                                      [--block 200] [--seed 42] [--transport epoll|nio] [--read-client jedis|redisson]
#
# The last subject is the denominator of the printed ratios. Environment: as jmh.sh (BENCH_*); BENCH_KEEP_DATASET=1
# keeps the schema and keys.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_bench_jar
cleanup() {
  if [[ "${BENCH_KEEP_DATASET:-0}" != 1 ]]; then
    tool cleanup || log "cleanup failed; run: java -cp $BENCH_JAR dev.taleweaver.benchmarks.tool.Tool cleanup"
  fi
}
trap cleanup EXIT

echo "== Taleweaver interleaved hero reads, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(java -version 2>&1 | head -1)"
java -Xms1g -Xmx1g -cp "$BENCH_JAR" dev.taleweaver.benchmarks.jmh.InterleavedReads "$@"
