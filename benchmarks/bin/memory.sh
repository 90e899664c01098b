#!/usr/bin/env bash
# Redis memory of the hero cache (issue 5: 100,000 cached heroes in under 200 MB of used_memory).
#
#   benchmarks/bin/memory.sh [heroes]      (default 100000)
#
# Starts a private, empty redis-server on a free port (no persistence), writes the hero entries exactly as
# production writes them (JacksonCacheCodecs' bytes through RedissonCacheStore.set, hero keys, jittered TTL), reads
# INFO used_memory before and after, prints MB and bytes per entry (then the collection entries on top), and stops
# the server. Extra redis-server settings can be given in REDIS_SERVER_ARGS (e.g. "--maxmemory-policy allkeys-lru").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

heroes=${1:-100000}
command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
ensure_bench_jar

port=$(free_port)
workdir=$(mktemp -d "${TMPDIR:-/tmp}/taleweaver-memory.XXXXXX")
redis_pid=""
cleanup() {
  if [[ -n "$redis_pid" ]]; then
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    stop_pid "$redis_pid" 10
  fi
  rm -rf "$workdir"
}
trap cleanup EXIT

# shellcheck disable=SC2086 # REDIS_SERVER_ARGS is a list of options
timeout "${MEMORY_TIMEOUT:-900}" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$workdir" --logfile "$workdir/redis.log" ${REDIS_SERVER_ARGS:-} &
redis_pid=$!
for ((i = 0; i < 40; i++)); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.25
done
redis-cli -p "$port" ping >/dev/null 2>&1 || die "redis-server did not start: $(cat "$workdir/redis.log")"

echo "== Taleweaver hero cache memory, $(date -u +%Y-%m-%dT%H:%M:%SZ), $(redis-server --version | cut -d' ' -f1-3)"
echo "== private redis-server on port $port: allocator $(redis-cli -p "$port" info memory | grep -m1 mem_allocator | cut -d: -f2 | tr -d '\r')"
TOOL_TIMEOUT=${MEMORY_TIMEOUT:-900} tool memory "redis://127.0.0.1:$port" "mem:" "$heroes"
