#!/usr/bin/env bash
# Issue 15's replayable trace: children reading their stories (Zipf children, stories and reused heroes, 5 % writes),
# generated from a seed and replayed in process against the local PostgreSQL and Redis, with prefetching off and on
# (CACHE_PREFETCH), with today's TTLs and, given --advised-ttls, the ones the cache analytics advises.
#
#   benchmarks/bin/trace-replay.sh [--requests 60000] [--rate 500] [--threads 8] [--write-share 0.05] [--zipf 1.0]
#                                  [--seed 15] [--time-scale 60] [--ttls hero=3600,child=1800,story=600]
#                                  [--advised-ttls hero=…,child=…,story=…] [--l1 true] [--warmup 2000]
#
# Time is compressed: every TTL is divided by --time-scale (60: an hour of TTL lasts a minute), so expiry and
# refresh-ahead happen within a replay of a few minutes; say so with any figure. Each run starts from an empty
# cache. Prints hit rate, database loads per 1,000 requests, p50/p99 (from when each request was due) per run.
# Smoke size: --requests 2000 --rate 500. Environment: BENCH_* as for jmh.sh (default schema tw_trace, prefix
# trace:, BENCH_HEROES 10000); the schema and the keys are removed afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

export BENCH_SCHEMA=${BENCH_SCHEMA:-tw_trace}
export BENCH_KEY_PREFIX=${BENCH_KEY_PREFIX:-trace:}
ensure_bench_jar

cleanup() {
  tool cleanup >/dev/null || log "cleanup failed; run: java -cp $BENCH_JAR dev.taleweaver.benchmarks.tool.Tool cleanup"
}
trap cleanup EXIT

echo "== Taleweaver trace replay, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(tool describe)"
TOOL_TIMEOUT=${TRACE_TIMEOUT:-3600} tool trace-replay "$@"
