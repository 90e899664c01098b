#!/usr/bin/env bash
# HTTP-level load tests (Gatling) against the real service jar, on a private schema, key prefix and port.
#
#   benchmarks/bin/gatling.sh [mixed|hit-vs-trivial|all] [-Dname=value …]
#
#   mixed           MixedLoadSimulation: closed, paced model: -Dconnections=128 users, one keep-alive connection
#                   each, each sending one request per (connections / -Drate=2000) = 64 ms; -Dwarmup=30 s at that
#                   rate (not measured), then -Dduration=60 s measured; Zipf (-Dzipf=1.0) 95 % read / 5 % write over
#                   every endpoint; prints the offered and the achieved rate and the requests that overran their slot
#   hit-vs-trivial  HitVersusTrivialSimulation: closed model, -Dconcurrency=32 users (one connection each);
#                   -Dwarmup=5 s of both endpoints,
#                   then -Drounds=3 alternating pairs of segments (-Dduration=30 s per endpoint in all)
#                   of cache-hit GET /heroes/{id} and of -DtrivialPath=/bench/static (the same bytes)
#   all             both, one after the other, on one service
#
#   -Drates=500,1000,1500,2000   (mixed) a rate sweep: the mixed load once per rate, one after the other on one
#                   service (each with its own warm-up and measured window), then one table of every rate and the
#                   knee: the highest rate that met everything (achieved >= 99 % of offered, 0 KO, p99 < 10 ms,
#                   hit rate >= 95 %)
#
# What it does: builds the service jar (bootstrap/target/taleweaver.jar) and benchmarks jar if missing; installs the
# project's modules into a private Maven repository, benchmarks/target/gatling-m2, chained to ~/.m2 (once, and again
# when a pom or main source of the modules it holds is newer than that install), which the gatling:test call then uses; loads the
# dataset (GATLING_HEROES, default 10,000 heroes + children + stories) into schema tw_gatling by COPY; starts the
# service on a free port with that schema (?currentSchema=), a private CACHE_KEY_PREFIX, a random ADMIN_TOKEN and
# BENCH_ENDPOINTS=true; reads every entity once (WARM=0 skips it) so the run starts from a warm cache; runs Gatling;
# prints Gatling's table (measured window only: warm-up requests are silent), the offered and achieved rates, the cache
# hit rate over the measured window (the simulation records the counters from /admin/cache/stats or /metrics as the
# window opens), and how many connections the service held (ss, once a second) against the simulation's cap; stops
# the service and removes the schema and keys. HTML reports stay in
# benchmarks/target/gatling/. Exit status: Gatling's (non-zero when an assertion failed).
#
# Environment: BENCH_DATABASE_URL (without the schema; default jdbc:postgresql://127.0.0.1:5432/postgres),
# BENCH_DATABASE_USER, BENCH_REDIS_URL; SERVICE_JAVA_OPTS (default -Xms1g -Xmx1g); any of the service's own
# settings (REDIS_MAX_CONNECTIONS, DATABASE_MAX_POOL_SIZE, CACHE_L1_ENABLED…) are passed through;
# SERVICE_JAR (default bootstrap/target/taleweaver.jar, built when missing or older than the sources: another
# build to measure, e.g. a before jar); GATLING_TIMEOUT (s, per step, default 3600); GATLING_MVN_OPTS (more Maven options for
# the gatling:test call, e.g. -o once the Gatling plugin is downloaded; the private repository options come first).
set -euo pipefail
# The simulations hold one connection per user (128 by default), but a broken run must not fail with "Too many open
# files" (an open model once held 4,148) instead of measuring the service.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

which_sim=${1:-mixed}
case "$which_sim" in
  mixed) sims=(MixedLoadSimulation) ;;
  hit-vs-trivial) sims=(HitVersusTrivialSimulation) ;;
  all) sims=(MixedLoadSimulation HitVersusTrivialSimulation) ;;
  -*) which_sim=mixed; sims=(MixedLoadSimulation); set -- mixed "$@" ;;
  *) die "usage: $0 [mixed|hit-vs-trivial|all] [-Dname=value …]" ;;
esac
shift || true
rates=()
args=()
for arg in "$@"; do
  [[ "$arg" == -D*=* ]] || die "only -Dname=value arguments are passed to Gatling, got '$arg'"
  if [[ "$arg" == -Drates=* ]]; then
    IFS=, read -r -a rates <<<"${arg#-Drates=}"
  else
    args+=("$arg")
  fi
done
# one run per entry: "<simulation> [-Drate=…]"
runs=()
for sim in "${sims[@]}"; do
  if [[ "$sim" == MixedLoadSimulation && ${#rates[@]} -gt 0 ]]; then
    for rate in "${rates[@]}"; do
      [[ "$rate" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "-Drates takes numbers separated by commas, got '$rate'"
      runs+=("$sim -Drate=$rate")
    done
  else
    runs+=("$sim")
  fi
done

if [[ -n "${SERVICE_JAR:-}" ]]; then # another build, e.g. main's jar for a before/after pair
  [[ -f "$SERVICE_JAR" ]] || die "SERVICE_JAR=$SERVICE_JAR: no such file"
else
  SERVICE_JAR="$REPO_DIR/bootstrap/target/taleweaver.jar"
  ensure_built "$SERVICE_JAR" bootstrap
fi
ensure_bench_jar
ensure_gatling_repo || die "installing the project's modules into $GATLING_REPO failed (output above)"
mapfile -t gatling_repo < <(gatling_repo_opts)

RESULTS="$BENCH_DIR/target/gatling"
mkdir -p "$RESULTS"
stamp=$(date +%Y%m%d-%H%M%S)
port=$(free_port)
base_url="http://127.0.0.1:$port"

export BENCH_SCHEMA=tw_gatling
export BENCH_KEY_PREFIX="gatling-$$:"
export BENCH_HEROES=${GATLING_HEROES:-10000}
ADMIN_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(32))')
export ADMIN_TOKEN # read by the service, by the Tool's hit-rate and by the simulations; never printed

sampler_pid=""
service_copy=""
cleanup() {
  [[ -n "$sampler_pid" ]] && stop_pid "$sampler_pid" 2
  stop_services
  [[ -n "$service_copy" ]] && rm -f "$service_copy"
  clean_up_dataset
}
trap cleanup EXIT

echo "== Taleweaver Gatling ($which_sim), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(java -version 2>&1 | head -1)"
tool prepare

# run a private copy: a rebuild of bootstrap/target during the run must not pull classes from under the running JVM
service_copy="$RESULTS/taleweaver-$stamp.jar"
cp "$SERVICE_JAR" "$service_copy"
log "starting a copy of $SERVICE_JAR on port $port (schema $BENCH_SCHEMA, key prefix $BENCH_KEY_PREFIX)"
service_log="$RESULTS/service-$stamp.log"
# the service's GC pauses, stamped with epoch ms, to set beside the tail (bin/gc-pauses.py); an -Xlog of the caller's
# own in SERVICE_JAVA_OPTS is kept: the JVM writes each output it is given
service_gc_log="$RESULTS/service-gc-$stamp.log"
SERVICE_JAVA_OPTS="${SERVICE_JAVA_OPTS:--Xms1g -Xmx1g} -Xlog:gc:file=$service_gc_log:timemillis" \
  SERVICE_TIMEOUT=${GATLING_TIMEOUT:-3600} start_service "$service_copy" "$port" "$service_log" BENCH_ENDPOINTS=true

if [[ "${WARM:-1}" == 1 ]]; then
  tool warm-http "$base_url"
fi

# established connections to the service, once a second, for the whole Gatling run
connections_file="$RESULTS/connections-$stamp.txt"
(
  while true; do
    echo "$(date +%s) $(ss -Htn state established "( sport = :$port )" 2>/dev/null | wc -l)"
    sleep 1
  done
) >"$connections_file" &
sampler_pid=$!

# min, median, max of the established-connection samples in [from, to) (epoch seconds), against the simulation's cap
connections_between() {
  awk -v from="$1" -v to="$2" '$1 >= from && $1 < to { print $2 }' "$connections_file" | sort -n | awk -v cap="$3" '
    { v[NR] = $1; if ($1 == cap) at++; if ($1 > cap) over++ }
    END { if (NR) printf "Established client connections to the service in the window (ss, about once a second, from 3 s after it opened and 2 s after the cache counters were read): min %d, median %d, max %d; cap %s: at the cap in %d of %d samples, above it in %d (%s)\n", v[1], v[int((NR + 1) / 2)], v[NR], cap, at, NR, over, (cap == "?" ? "no cap printed" : over ? "EXCEEDED" : "held") }'
}

# the first number of a line of Gatling's final "Global Information" block, e.g. "response time 99th percentile"
gatling_stat() {
  grep -F "> $2" "$1" | tail -1 | awk -F'|' '{ gsub(/[ ,]/, "", $2); print $2 }'
}

status=0
sweep_rows=()
run_number=0
for run in "${runs[@]}"; do
  read -r sim run_arg <<<"$run"
  run_number=$((run_number + 1))
  echo
  echo "== $sim${run_arg:+ ($run_arg)}"
  targets=()
  if [[ "$sim" == MixedLoadSimulation ]]; then
    targets=(--targets) # the issues' verdicts (p99, errors, hit rate) are about the mixed load
  fi
  output="$RESULTS/$sim-$stamp-$run_number.out"
  gatling_gc_log="$RESULTS/gatling-gc-$stamp-$run_number.log"
  hit_rate_file="$RESULTS/hit-rate-$stamp-$run_number.properties"
  sim_status=0
  tool hit-rate save "$base_url" "$hit_rate_file" >/dev/null
  cpu_file="$RESULTS/cpu-$sim-$stamp-$run_number.txt"
  python3 "$BENCH_DIR/bin/cpu-sampler.py" "$cpu_file" "$(IFS=,; echo "${SERVICE_PIDS[*]}")" &
  cpu_pid=$!
  (cd "$REPO_DIR" && timeout --kill-after=30 "${GATLING_TIMEOUT:-3600}" ./mvnw -B "${gatling_repo[@]}" ${GATLING_MVN_OPTS:-} \
    -f benchmarks/pom.xml test-compile gatling:test -Dgatling.simulationClass="dev.taleweaver.benchmarks.gatling.$sim" \
    -DbaseUrl="$base_url" -DhitRateFile="$hit_rate_file" -Dgatling.gcLog="-Xlog:gc:file=$gatling_gc_log:timemillis" \
    "${args[@]+"${args[@]}"}" ${run_arg:+"$run_arg"}) 2>&1 \
    | tee "$output" \
    | grep -vE '^(\x1b\[[0-9;]*m)*\[INFO\] (Download|Scanning|Building|---|-+$|BUILD|Total time|Finished at)|^\[INFO\] *$' \
    || sim_status=$?
  kill -TERM "$cpu_pid" 2>/dev/null && wait "$cpu_pid" 2>/dev/null || true
  if ((sim_status != 0)); then
    log "Gatling exited with $sim_status (an assertion failed or the run broke); the tables follow"
    status=$sim_status
  fi
  echo
  echo "== $sim${run_arg:+ ($run_arg)}: summary"
  tool gatling-report "${targets[@]+"${targets[@]}"}" "$RESULTS" || true
  # the paced simulation's own count of what was offered and what was achieved (Gatling's req/s column spreads the
  # measured requests over the whole run, warm-up included)
  sed -n '/^BEGIN PACED LOAD SUMMARY$/,/^END PACED LOAD SUMMARY$/{//!p}' "$output"
  if grep -q '^Cache counters recorded as the measured window opened' "$output"; then
    echo "Hit rate below: over the measured window. $(grep '^Cache counters recorded' "$output" | tail -1)"
  else
    echo "Hit rate below: over the whole Gatling run (the simulation recorded no counters of its own)"
  fi
  hit_rate_out="$RESULTS/hit-rate-$stamp-$run_number.txt"
  tool hit-rate since "${targets[@]+"${targets[@]}"}" "$base_url" "$hit_rate_file" | tee "$hit_rate_out" || true
  window_start=$(grep -oE 'LOAD_WINDOW start=[0-9]+' "$output" | tail -1 | cut -d= -f2 || true)
  window_end=$(grep -oE 'LOAD_WINDOW end=[0-9]+' "$output" | tail -1 | cut -d= -f2 || true)
  if [[ -n "$window_start" && -n "$window_end" ]]; then
    cap=$(grep -oE '^CONNECTION_CAP=[0-9]+' "$output" | tail -1 | cut -d= -f2 || true)
    # skipped: the first 3 s (a segment's users may still be connecting; an idle JDK HttpClient connection of the
    # Gatling JVM lingers a few seconds past its 1 s keep-alive) and the cache counters' own request (an overloaded
    # service answers it seconds late)
    judge_from=$((window_start + 3))
    counters_read=$(grep -oE 'LOAD_WINDOW counters=[0-9]+' "$output" | tail -1 | cut -d= -f2 || true)
    if [[ -n "$counters_read" ]] && ((counters_read + 2 > judge_from)); then
      judge_from=$((counters_read + 2))
    fi
    connections_between "$judge_from" "$window_end" "${cap:-?}"
    # what of the tail the two JVMs' own pauses can explain: a request meeting either is timed that much longer
    python3 "$BENCH_DIR/bin/gc-pauses.py" "$window_start" "$window_end" "service=$service_gc_log" \
      "load generator (Gatling)=$gatling_gc_log" || true
  fi
  [[ -f "$cpu_file" ]] && cat "$cpu_file" # from Maven's start to Gatling's end: compilation included, a few seconds
  point=$(grep -E '^SWEEP_POINT ' "$output" | tail -1 || true)
  if [[ -n "$point" ]]; then
    hit=$(grep -oE '^Hit rate [0-9.]+' "$hit_rate_out" | awk '{ print $3 }' || true)
    sweep_rows+=("$point p50=$(gatling_stat "$output" 'response time 50th percentile') p99=$(gatling_stat "$output" 'response time 99th percentile') hit=${hit:--}")
  fi
done

if ((${#rates[@]} > 0)); then
  echo
  echo "== Rate sweep (each rate: its own warm-up, then its measured window; closed model, one connection per user)"
  printf '%s\n' "${sweep_rows[@]}" | awk '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      met = v["failed"] == 0 && v["p99"] != "" && v["p99"] + 0 < 10 && v["hit"] != "-" && v["hit"] + 0 >= 95 && v["achieved"] + 0 >= 0.99 * v["offered"]
      if (NR == 1) print "| offered req/s | achieved req/s | slots missed | KO | p50 ms | p99 ms | hit rate | all targets |\n|--:|--:|--:|--:|--:|--:|--:|:--|"
      printf "| %d | %.0f | %s %% | %d | %s | %s | %s %% | %s |\n", v["offered"], v["achieved"], v["missed"], v["failed"], v["p50"], v["p99"], v["hit"], met ? "met" : "missed"
      if (met && (knee == "" || v["offered"] + 0 > knee + 0)) knee = v["offered"]
      if (!met && (miss == "" || v["offered"] + 0 < miss + 0)) miss = v["offered"] }
    END { if (knee == "") print "Knee: below every rate swept (none met all targets: achieved >= 99 % of offered, 0 KO, p99 < 10 ms, hit rate >= 95 %)"
          else printf "Knee: %.0f req/s met all targets (achieved >= 99 %% of offered, 0 KO, p99 < 10 ms, hit rate >= 95 %%)%s\n", knee, (miss != "" ? sprintf("; the lowest rate that missed: %.0f req/s", miss) : "; no rate swept missed") }'
fi

echo "Service log: $service_log"
exit "$status"
