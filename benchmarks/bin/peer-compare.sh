#!/usr/bin/env bash
# Issue 16: cache-hit GET /heroes/{id} of Taleweaver against the conventional Spring Boot + Spring Cache + Lettuce peer,
# measured side by side in one run with identical wrk settings.
#
#   benchmarks/bin/peer-compare.sh            (RUNS=3 DURATION=15s WARMUP=75s THREADS=2 CONNECTIONS=50 HEROES=1000)
#
# Builds the service jar (from this checkout) and the peer (copied out of PEER_SRC, default
# ../shared/peers/spring-peer beside the repository, into benchmarks/target/spring-peer), then starts four targets:
#   redis-only  Taleweaver with CACHE_L1_ENABLED=false: every hit is a Redis GET
#   peer        the Spring peer on Redis (its defaults: Tomcat 200 threads, one Lettuce connection)
#   default     Taleweaver's default configuration (L1 + Redis)
#   trivial     GET /bench/static on the default service: the same bytes with nothing behind them
# Both Taleweaver services share one private schema (HEROES heroes, 20 languages) and key prefix; the peer seeds
# HEROES heroes over 20 languages in its own database (PEER_DATABASE, created if missing). Every id is read once (the
# cache is warm), each target gets WARMUP of unmeasured wrk load for the JIT, then RUNS rounds run every target in
# turn (the order rotates each round), so the machine's noise falls on all of them. Prints each run, the medians and
# the issue's ratios. Raw wrk output: benchmarks/target/peer-compare/.
#
# BEFORE_JAR=<a service jar of an earlier commit> adds a fifth target, redis-only-before: that jar with
# CACHE_L1_ENABLED=false on the same schema, so a change's effect is measured in the same run.
#
# Environment: BENCH_DATABASE_URL, BENCH_DATABASE_USER, BENCH_REDIS_URL (see benchmarks/README.md);
# SERVICE_JAVA_OPTS (default -Xms1g -Xmx1g) for Taleweaver, PEER_JAVA_OPTS (default: the same as SERVICE_JAVA_OPTS,
# so both JVMs get the same heap; until 2026-12-05 the peer ran with the JVM's default heap, a quarter of the RAM, and
# so fewer young collections: PEER_JAVA_OPTS=' ' gives it that again) for the peer; PEER_SRC, PEER_DATABASE (default tw_peer16), PG_HOST/PG_PORT/PG_USER for creating it (127.0.0.1/5432/postgres).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS=${RUNS:-3}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-75s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
HEROES=${HEROES:-1000}
PEER_SRC=${PEER_SRC:-$REPO_DIR/../shared/peers/spring-peer}
PEER_DATABASE=${PEER_DATABASE:-tw_peer16}
PEER_JAVA_OPTS=${PEER_JAVA_OPTS:-${SERVICE_JAVA_OPTS:--Xms1g -Xmx1g}}
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}

command -v wrk >/dev/null || die "needs wrk (apt-get install -y wrk)"
[[ -f "$PEER_SRC/pom.xml" ]] || die "no peer at $PEER_SRC (set PEER_SRC)"

SERVICE_JAR="$REPO_DIR/bootstrap/target/taleweaver.jar"
ensure_built "$SERVICE_JAR" bootstrap
ensure_bench_jar

RESULTS="$BENCH_DIR/target/peer-compare"
PEER_DIR="$BENCH_DIR/target/spring-peer"
mkdir -p "$RESULTS"
stamp=$(date +%Y%m%d-%H%M%S)
service_copy="$RESULTS/taleweaver-$stamp.jar"
if [[ ! -f "$PEER_DIR/target/spring-peer.jar" ]] || [[ -n "$(find "$PEER_SRC/src" "$PEER_SRC/pom.xml" -newer "$PEER_DIR/target/spring-peer.jar" -print -quit)" ]]; then
  log "building the peer from $PEER_SRC (a copy in $PEER_DIR)"
  rm -rf "$PEER_DIR" && mkdir -p "$PEER_DIR" && cp -r "$PEER_SRC/." "$PEER_DIR/"
  (cd "$PEER_DIR" && (mvn -o -B -q -DskipTests package >/dev/null 2>&1 || mvn -B -q -DskipTests package)) \
    || die "building the peer failed"
fi

export BENCH_SCHEMA=tw_peercompare
export BENCH_KEY_PREFIX="peercompare-$$:"
export BENCH_HEROES=$HEROES
export ADMIN_TOKEN="bench-$(od -An -tx1 -N16 /dev/urandom | tr -d " \n")"
peer_pid=""
cleanup() {
  stop_services
  [[ -n "$peer_pid" ]] && stop_pid "$peer_pid" 30
  rm -f "$service_copy" "$RESULTS/before-$stamp.jar"
  clean_up_dataset
  redis_cli --scan --pattern 'peer::*' | xargs -r -d '\n' -n 500 redis-cli -u "${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}" del >/dev/null || true
}
redis_cli() { redis-cli -u "${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}" "$@"; }
trap cleanup EXIT

echo "== Taleweaver vs Spring Cache peer, cache-hit GET /heroes/{id}, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== JVM options: Taleweaver ${SERVICE_JAVA_OPTS:--Xms1g -Xmx1g}, peer ${PEER_JAVA_OPTS}"
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, random ids over $HEROES heroes, $WARMUP warm-up per target, $RUNS alternating rounds"
tool prepare
cp "$SERVICE_JAR" "$service_copy"

port_l1off=$(free_port)
start_service "$service_copy" "$port_l1off" "$RESULTS/service-redis-only-$stamp.log" CACHE_L1_ENABLED=false
if [[ -n "${BEFORE_JAR:-}" ]]; then
  cp "$BEFORE_JAR" "$RESULTS/before-$stamp.jar"
  port_before=$(free_port)
  start_service "$RESULTS/before-$stamp.jar" "$port_before" "$RESULTS/service-before-$stamp.log" CACHE_L1_ENABLED=false
fi
port_default=$(free_port)
start_service "$service_copy" "$port_default" "$RESULTS/service-default-$stamp.log" BENCH_ENDPOINTS=true

psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -Atc "SELECT 1 FROM pg_database WHERE datname = '$PEER_DATABASE'" \
  | grep -q 1 || psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -qc "CREATE DATABASE $PEER_DATABASE" >/dev/null
redis_cli --scan --pattern 'peer::*' | xargs -r -d '\n' -n 500 redis-cli -u "${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}" del >/dev/null || true
port_peer=$(free_port)
# shellcheck disable=SC2086 # PEER_JAVA_OPTS is a list of JVM options
PORT=$port_peer PEER_DB_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$PEER_DATABASE" PEER_DB_USER="$PG_USER" \
  PEER_DB_PASSWORD="" PEER_CACHE_TYPE=redis timeout --kill-after=30 3600 java $PEER_JAVA_OPTS \
  -jar "$PEER_DIR/target/spring-peer.jar" >"$RESULTS/peer-$stamp.log" 2>&1 </dev/null &
peer_pid=$!
wait_http "http://127.0.0.1:$port_peer/ids" 120 || die "the peer did not start; see $RESULTS/peer-$stamp.log"
curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port_peer/heroes/seed?count=$HEROES&languages=20"

# ids: the peer's from GET /ids, Taleweaver's from GET /heroes (its own seeded heroes)
curl -fsS "http://127.0.0.1:$port_peer/ids" | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))' \
  >"$RESULTS/ids-peer.txt"
list_ids "http://127.0.0.1:$port_default" /heroes >"$RESULTS/ids-taleweaver.txt" # every hero, page by page
first_id=$(head -1 "$RESULTS/ids-taleweaver.txt")
# the trivial endpoint serves the bytes of one hero answer
curl -fsS "http://127.0.0.1:$port_default/heroes/$first_id" >"$RESULTS/hero.json"
curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  --data-binary @"$RESULTS/hero.json" "http://127.0.0.1:$port_default/bench/static"
echo "== payload: Taleweaver $(wc -c <"$RESULTS/hero.json") bytes per hero, peer $(curl -fsS "http://127.0.0.1:$port_peer/heroes/$(head -1 "$RESULTS/ids-peer.txt")" | wc -c) bytes"

# target name -> base URL, ids file (none: the trivial path)
declare -A BASE=([redis-only]="http://127.0.0.1:$port_l1off" [peer]="http://127.0.0.1:$port_peer"
  [default]="http://127.0.0.1:$port_default" [trivial]="http://127.0.0.1:$port_default")
declare -A IDS=([redis-only]="$RESULTS/ids-taleweaver.txt" [peer]="$RESULTS/ids-peer.txt"
  [default]="$RESULTS/ids-taleweaver.txt" [trivial]="")
TARGETS=(redis-only peer default trivial)
if [[ -n "${BEFORE_JAR:-}" ]]; then
  BASE[redis-only-before]="http://127.0.0.1:$port_before"
  IDS[redis-only-before]="$RESULTS/ids-taleweaver.txt"
  TARGETS+=(redis-only-before)
fi

cat >"$RESULTS/random-hero.lua" <<'LUA'
-- GET /heroes/{id}, ids drawn at random from $IDS_FILE (one per line); GET $STATIC_PATH when it is set
local ids, counter = {}, 0
local static = os.getenv("STATIC_PATH")
if static == "" then static = nil end
setup = function(thread) counter = counter + 1; thread:set("n", counter) end
init = function()
  if static then return end
  for line in io.lines(os.getenv("IDS_FILE")) do if line:match("%S") then ids[#ids + 1] = line end end
  math.randomseed(os.time() + 7919 * (n or 0))
end
request = function()
  if static then return wrk.format("GET", static) end
  return wrk.format("GET", "/heroes/" .. ids[math.random(#ids)])
end
LUA

run_wrk() { # target duration [output]
  local target=$1 duration=$2 out=${3:-/dev/null} static=""
  [[ "$target" == trivial ]] && static=/bench/static
  IDS_FILE="${IDS[$target]}" STATIC_PATH="$static" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency \
    -s "$RESULTS/random-hero.lua" "${BASE[$target]}" >"$out"
}

for target in "${TARGETS[@]}"; do # fill the caches: every id once
  [[ "$target" == trivial ]] && continue
  ok=$(xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' "${BASE[$target]}/heroes/{}" <"${IDS[$target]}" \
    | grep -c '^200$' || true)
  log "$target: $ok of $(grep -c . "${IDS[$target]}") ids answered 200 (cache filled)"
done
compare_side_by_side
