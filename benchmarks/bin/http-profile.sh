#!/usr/bin/env bash
# A JFR profile of one service under wrk, for the "profile before/after" tables of docs/benchmarks.md.
#
#   benchmarks/bin/http-profile.sh pages|by-id [NAME=value ...]
#
# Starts the service jar (this checkout) on a private schema of BENCH_HEROES heroes (default 10,000), with the extra
# settings given (e.g. CACHE_L1_ENABLED=false), then runs wrk -t2 -c$CONNECTIONS at random pages of 50 of hero:all
# ("pages") or random heroes ("by-id") for $WARMUP + $DURATION seconds (the warm-up fills the cache and the JIT) and
# records the last $DURATION with JFR, Java samples every millisecond (the profile settings take one every 10 ms).
# Prints wrk's summary and the top frames (benchmarks/bin/jfr-top.py); the recording stays in
# benchmarks/target/http-profile/; the schema and the run's keys are removed at the end.
# Environment: CONNECTIONS (16), WARMUP (25), DURATION (20, seconds), TOP (40), THREAD (only threads whose name
# contains it, e.g. http- for the request threads), BENCH_* as the other scripts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

target=${1:?pages or by-id}
shift
case "$target" in pages | by-id) ;; *) die "pages or by-id, not $target" ;; esac
CONNECTIONS=${CONNECTIONS:-16} WARMUP=${WARMUP:-25} DURATION=${DURATION:-20} TOP=${TOP:-40}
SERVICE_JAR="$REPO_DIR/bootstrap/target/taleweaver.jar"
ensure_built "$SERVICE_JAR" bootstrap
ensure_bench_jar
command -v wrk >/dev/null || die "needs wrk (apt-get install -y wrk)"

export BENCH_SCHEMA=${BENCH_SCHEMA:-tw_httpprofile}
export BENCH_KEY_PREFIX="httpprofile-$$:"
export BENCH_HEROES=${BENCH_HEROES:-10000}
RESULTS="$BENCH_DIR/target/http-profile"
mkdir -p "$RESULTS"
stamp=$(date +%Y%m%d-%H%M%S)
recording="$RESULTS/$target-$stamp.jfr"
service_copy="$RESULTS/taleweaver-$stamp.jar"
trap 'stop_services; rm -f "$service_copy"; clean_up_dataset' EXIT

java_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
sed 's|<setting name="period" control="method-sampling-java-interval">10 ms</setting>|<setting name="period" control="method-sampling-java-interval">1 ms</setting>|' \
  "$java_home/lib/jfr/profile.jfc" >"$RESULTS/profile-1ms.jfc"

tool prepare
cp "$SERVICE_JAR" "$service_copy"
port=$(free_port)
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:--Xms1g -Xmx1g} -XX:StartFlightRecording=filename=$recording,settings=$RESULTS/profile-1ms.jfc,delay=${WARMUP}s,duration=${DURATION}s" \
  start_service "$service_copy" "$port" "$RESULTS/service-$stamp.log" "$@"
base="http://127.0.0.1:$port"
if [[ "$target" == pages ]]; then
  list_page_paths "$base" /heroes 50 >"$RESULTS/paths.txt"
else
  list_ids "$base" /heroes | sed 's|^|/heroes/|' >"$RESULTS/paths.txt"
fi
write_random_path_lua "$RESULTS/random-path.lua"
log "wrk -t2 -c$CONNECTIONS for $((WARMUP + DURATION + 2)) s at random paths; JFR records after the first $WARMUP s (the warm-up fills the cache)"
PATHS_FILE="$RESULTS/paths.txt" wrk -t2 -c"$CONNECTIONS" -d"$((WARMUP + DURATION + 2))s" --latency \
  -s "$RESULTS/random-path.lua" "$base" | grep -E "Requests/sec|^ +(50|99)%"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); recording: $recording"
"$BENCH_DIR/bin/jfr-top.py" "$recording" --top "$TOP" ${THREAD:+--thread "$THREAD"}
