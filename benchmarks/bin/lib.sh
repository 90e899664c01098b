# Shared by benchmarks/bin/*.sh (sourced, not run).

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
BENCH_JAR="$BENCH_DIR/target/benchmarks.jar"

log() { printf '%s [%s] %s\n' "$(date +%H:%M:%S)" "$(basename "$0")" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Builds target/benchmarks.jar when it is missing or older than the module's sources.
ensure_bench_jar() {
  ensure_built "$BENCH_JAR" benchmarks
}

# Builds <module> (and the modules it depends on, from this checkout) unless <jar> is newer than every main source
# and pom of the repository, so a benchmark never measures a stale build of the code under test.
ensure_built() {
  local jar=$1 module=$2
  if [[ -f "$jar" ]] && [[ -z "$(cd "$REPO_DIR" && find pom.xml ./*/pom.xml ./*/src/main -newer "$jar" -print -quit)" ]]; then
    return
  fi
  log "building $jar"
  build_quietly "$module" || die "building $jar failed (try once without -o if an artifact is missing)"
}

# ./mvnw -B -q with these arguments, offline first (fast, no network), online when something was never downloaded (a
# fresh machine); its output is shown only when both fail.
mvn_quietly() {
  local output
  if output=$(cd "$REPO_DIR" && timeout 900 ./mvnw -B -o -q "$@" 2>&1); then
    return 0
  fi
  if ! output=$(cd "$REPO_DIR" && timeout 900 ./mvnw -B -q "$@" 2>&1); then
    printf '%s\n' "$output" >&2
    return 1
  fi
}

# mvn package of one module and what it depends on, tests skipped (mvn_quietly). Nothing is installed into ~/.m2
# (gatling:test takes the project's modules from its own repository, ensure_gatling_repo).
build_quietly() {
  mvn_quietly -pl "$1" -am package -DskipTests -DskipITs
}

# The private Maven repository gatling.sh runs `mvn -f benchmarks/pom.xml gatling:test` with: the project's own modules
# (domain, application, adapter-postgres, adapter-redis) installed here, everything else read from ~/.m2 through
# maven.repo.local.tail, so a fresh machine needs no manual install and the shared ~/.m2 never receives our snapshots.
GATLING_REPO="$BENCH_DIR/target/gatling-m2"
GATLING_REPO_STAMP="$GATLING_REPO/.installed"

# The Maven options that point a build at GATLING_REPO (chained to ~/.m2).
gatling_repo_opts() {
  printf '%s\n' "-Dmaven.repo.local=$GATLING_REPO" "-Dmaven.repo.local.tail=${HOME}/.m2/repository"
}

# The first pom or main source of what GATLING_REPO holds (the parent pom, benchmarks/pom.xml and the project modules
# benchmarks/pom.xml depends on) that is newer than its last install; nothing when it is up to date, "never
# installed" when it was not.
gatling_repo_stale() {
  [[ -f "$GATLING_REPO_STAMP" ]] || { echo "never installed"; return; }
  local modules module paths=(pom.xml benchmarks/pom.xml)
  modules=$(grep -A1 '<groupId>dev.taleweaver</groupId>' "$BENCH_DIR/pom.xml" \
    | sed -n 's|.*<artifactId>\([^<]*\)</artifactId>.*|\1|p' | grep -vx taleweaver-parent || true)
  for module in $modules; do
    paths+=("$module/pom.xml" "$module/src/main")
  done
  (cd "$REPO_DIR" && find "${paths[@]}" -newer "$GATLING_REPO_STAMP" -print -quit 2>/dev/null || true)
}

# Installs benchmarks and the modules it depends on into GATLING_REPO, unless what it holds is up to date
# (gatling_repo_stale): installed once, again only when one of those modules changed since. The stamp is taken
# before the build starts, so a source saved during the install makes the next run install again.
ensure_gatling_repo() {
  local stale
  stale=$(gatling_repo_stale)
  [[ -z "$stale" ]] && return 0
  log "$GATLING_REPO is stale ($stale)"
  log "installing the project's modules into $GATLING_REPO (chained to ~/.m2) for gatling:test"
  mkdir -p "$GATLING_REPO"
  local pending="$GATLING_REPO/.installing"
  touch "$pending"
  local -a repo
  mapfile -t repo < <(gatling_repo_opts)
  if ! mvn_quietly "${repo[@]}" -pl benchmarks -am install -DskipTests -DskipITs; then
    rm -f "$pending"
    return 1
  fi
  mv -f "$pending" "$GATLING_REPO_STAMP"
}

# Runs a benchmarks Tool command (see dev.taleweaver.benchmarks.tool.Tool) with a time bound.
# Drops the run's schema and deletes its keys (BENCH_SCHEMA, BENCH_KEY_PREFIX); a failure is logged with the command
# that retries it.
clean_up_dataset() {
  tool cleanup >/dev/null 2>&1 \
    || log "cleanup failed; run with BENCH_SCHEMA=$BENCH_SCHEMA BENCH_KEY_PREFIX=$BENCH_KEY_PREFIX: Tool cleanup"
}

tool() {
  timeout --kill-after=10 "${TOOL_TIMEOUT:-600}" java -cp "$BENCH_JAR" dev.taleweaver.benchmarks.tool.Tool "$@"
}

# A TCP port nobody listens on right now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits up to $2 seconds for $1 (a URL) to answer 200.
wait_http() {
  local url=$1 seconds=$2 i
  for ((i = 0; i < seconds * 4; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.25
  done
  return 1
}

# Stops a process we started, by its pid: TERM, then KILL after $2 seconds (default 20).
stop_pid() {
  local pid=$1 grace=${2:-20} i
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 4; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  kill -KILL "$pid" 2>/dev/null || true
}

SERVICE_PIDS=()

# Stops every service start_service started (TERM, then KILL after 30 s).
stop_services() {
  local pid
  for pid in "${SERVICE_PIDS[@]+"${SERVICE_PIDS[@]}"}"; do
    log "stopping the service (pid $pid)"
    stop_pid "$pid" 30
  done
  SERVICE_PIDS=()
}

# Starts a private copy of the service jar in the background: start_service <jar-copy> <port> <log> [NAME=value…]
# (extra settings for this instance). The database is BENCH_DATABASE_URL with ?currentSchema=BENCH_SCHEMA, the
# key prefix BENCH_KEY_PREFIX; any other service setting in the environment (ADMIN_TOKEN, CACHE_L1_ENABLED…) passes
# through. Its pid joins SERVICE_PIDS (stop_services stops them all, also when the start fails). A copy, so a rebuild of bootstrap/target during the run cannot pull classes from under
# the running JVM.
start_service() {
  local jar=$1 port=$2 service_log=$3
  shift 3
  local db_url=${BENCH_DATABASE_URL:-jdbc:postgresql://127.0.0.1:5432/postgres} separator='?'
  [[ "$db_url" == *\?* ]] && separator='&'
  # shellcheck disable=SC2086 # SERVICE_JAVA_OPTS is a list of JVM options
  env DATABASE_URL="$db_url${separator}currentSchema=$BENCH_SCHEMA" \
    DATABASE_USER="${BENCH_DATABASE_USER:-postgres}" \
    REDIS_URL="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}" \
    CACHE_KEY_PREFIX="$BENCH_KEY_PREFIX" \
    HTTP_PORT="$port" \
    "$@" \
    timeout --kill-after=30 "${SERVICE_TIMEOUT:-3600}" java ${SERVICE_JAVA_OPTS:--Xms1g -Xmx1g} -jar "$jar" \
    >"$service_log" 2>&1 </dev/null &
  SERVICE_PIDS+=("$!")
  wait_http "http://127.0.0.1:$port/health" 90 || die "the service did not answer on port $port; see $service_log"
}

# Writes the paths of a list's pages, one per line, walking next_cursor: list_page_paths <base-url> <path> <limit>
# (the first page's path too). Cursors are sealed with a key every instance shares, so they work on any instance.
list_page_paths() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys, urllib.parse, urllib.request
base, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
sep = "&" if "?" in path else "?"
page = f"{path}{sep}limit={limit}"
while page:
    print(page)
    with urllib.request.urlopen(base + page) as answer:
        next_cursor = json.load(answer)["next_cursor"]
    page = f"{path}{sep}limit={limit}&cursor={urllib.parse.quote(next_cursor)}" if next_cursor else None
PY
}

# Writes the ids of every member of a list, one per line, reading it in pages of 500: list_ids <base-url> <path>
list_ids() {
  python3 - "$1" "$2" <<'PY'
import json, sys, urllib.parse, urllib.request
base, path = sys.argv[1], sys.argv[2]
sep = "&" if "?" in path else "?"
cursor = None
while True:
    url = f"{base}{path}{sep}limit=500" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
    with urllib.request.urlopen(url) as answer:
        page = json.load(answer)
    for item in page["items"]:
        print(item["id"])
    cursor = page["next_cursor"]
    if not cursor:
        break
PY
}

# The wrk script of the side-by-side scripts: GET a path drawn at random from $PATHS_FILE (one per line).
write_random_path_lua() {
  cat >"$1" <<'LUA'
local paths, counter = {}, 0
setup = function(thread) counter = counter + 1; thread:set("n", counter) end
init = function()
  for line in io.lines(os.getenv("PATHS_FILE")) do if line:match("%S") then paths[#paths + 1] = line end end
  math.randomseed(os.time() + 7919 * (n or 0))
end
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
LUA
}

# The side-by-side wrk comparison of peer-compare.sh and http-lists.sh: a warm-up of every target (unless WARMUP=0),
# then RUNS rounds, each running every target for DURATION in a rotated order, then the medians and the issues'
# ratios (Tool wrk-summary). The caller defines run_wrk <target> <duration> [output] and sets TARGETS, RESULTS,
# stamp, RUNS, DURATION and WARMUP.
compare_side_by_side() {
  if [[ "$WARMUP" != 0 ]]; then
    for target in "${TARGETS[@]}"; do
      log "warm-up of $target ($WARMUP)"
      run_wrk "$target" "$WARMUP"
    done
  fi
  local round i target out
  for ((round = 1; round <= RUNS; round++)); do
    for ((i = 0; i < ${#TARGETS[@]}; i++)); do
      target=${TARGETS[$(((i + round - 1) % ${#TARGETS[@]}))]}
      out="$RESULTS/$stamp-$target-run$round.txt"
      run_wrk "$target" "$DURATION" "$out"
      echo "run $round $target $(tool wrk-summary "$out")"
    done
  done | tee "$RESULTS/$stamp-runs.txt"
  tool wrk-summary --table "$RESULTS/$stamp-runs.txt"
  echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
}
