#!/usr/bin/env bash
# The repository benchmarks again with real network latency in front of PostgreSQL only (issue 5's "realistic
# database distance"): pg-delay.sh puts PG_DELAY_MS (default 20) ms of round trip between the benchmark and the
# database, jmh.sh runs against it, the delay is removed afterwards whatever happens.
#
#   sudo benchmarks/bin/jmh-delayed.sh [JMH options, as for jmh.sh]
#
# Redis stays on loopback, so cached and raw-GET rows should match jmh.sh's; the uncached rows and the
# uncached / cached ratios are what this run is for (target: find_by_id ≥ 20× at 20 ms).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

delay_ms=${PG_DELAY_MS:-20}
trap '"$BENCH_DIR/bin/pg-delay.sh" down' EXIT
"$BENCH_DIR/bin/pg-delay.sh" up "$delay_ms"

# the private schema is reached through the delay too (loading uses COPY: a few round trips, not thousands)
export BENCH_DATABASE_URL="jdbc:postgresql://10.213.0.2:5432/${PG_DELAY_DATABASE:-postgres}"
export BENCH_DB_LATENCY_MS="$delay_ms"
"$BENCH_DIR/bin/jmh.sh" "$@"
