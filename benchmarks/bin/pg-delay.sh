#!/usr/bin/env bash
# Real network latency on the PostgreSQL path only, for "a realistic database distance" (issue 5).
#
#   benchmarks/bin/pg-delay.sh up [round-trip-ms]   (default 20)  → PostgreSQL reachable at 10.213.0.2:5432
#   benchmarks/bin/pg-delay.sh down
#   benchmarks/bin/pg-delay.sh status
#
# How: a network namespace "twpg" joined to this one by a link (10.213.0.1/30 here on twpg0, 10.213.0.2/30 there on
# twpg1) that delays every packet leaving either end, and two socat relays:
#   client → 10.213.0.2:5432 (socat in twpg) → 10.213.0.1:15432 (socat here) → 127.0.0.1:5432 (the real server)
# A request crosses the link twice (client→twpg, twpg→here) and so does its answer: four delayed crossings per
# round trip, so each crossing is delayed by round-trip/4 and a query's round trip grows by exactly <ms>.
#
# The link, PG_DELAY_MODE=auto (default) | netem | tun:
#   netem  a veth pair with "tc qdisc … netem delay" on both ends (needs CONFIG_NET_SCH_NETEM);
#   tun    when the kernel has no netem: two TUN interfaces joined by bin/delay-line.py, which hands every IP packet
#          from one to the other after the same delay — the same per-packet delay between two real TCP stacks, the
#          scheduler in user space instead of in a qdisc. auto picks netem when the kernel offers it.
# Nothing else is touched: only these two addresses, this namespace and the interfaces twpg0 and twpg1.
# The relays (and the delay line) stop by themselves after PG_DELAY_MAX_SECONDS (default 7200) if "down" never runs.
# Needs root (CAP_NET_ADMIN); installs socat and iproute2 with apt-get when missing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NS=twpg
HOST_IF=twpg0
NS_IF=twpg1
HOST_IP=10.213.0.1
NS_IP=10.213.0.2
RELAY_PORT=15432
PG_HOST=${PG_DELAY_TARGET_HOST:-127.0.0.1}
PG_PORT=${PG_DELAY_TARGET_PORT:-5432}
STATE_DIR=${TMPDIR:-/tmp}/taleweaver-pg-delay

need_tools() {
  local missing=()
  command -v socat >/dev/null || missing+=(socat)
  command -v tc >/dev/null && command -v ip >/dev/null || missing+=(iproute2)
  if ((${#missing[@]})); then
    log "installing ${missing[*]}"
    timeout 300 apt-get install -y -qq "${missing[@]}" >/dev/null \
      || { timeout 300 apt-get update -qq && timeout 300 apt-get install -y -qq "${missing[@]}" >/dev/null; } \
      || die "cannot install ${missing[*]}"
  fi
  command -v psql >/dev/null || log "psql not found: the round trip will not be verified"
}

# Our relay pids, their forked children first (socat forks one child per connection).
stop_relays() {
  local file pid child
  for file in "$STATE_DIR"/*.pid; do
    [[ -f "$file" ]] || continue
    pid=$(cat "$file")
    for child in $(pgrep -P "$pid" 2>/dev/null || true); do
      for grandchild in $(pgrep -P "$child" 2>/dev/null || true); do
        kill -TERM "$grandchild" 2>/dev/null || true
      done
      kill -TERM "$child" 2>/dev/null || true
    done
    stop_pid "$pid" 5
    rm -f "$file"
  done
}

# Whether this kernel has the netem qdisc (tried on a throw-away veth pair of our own).
netem_available() {
  ip link add twpgprobe0 type veth peer name twpgprobe1 2>/dev/null || return 1
  local ok=1
  tc qdisc add dev twpgprobe0 root netem delay 1ms 2>/dev/null && ok=0
  ip link del twpgprobe0 2>/dev/null || true
  return $ok
}

down() {
  stop_relays
  if ip netns list 2>/dev/null | grep -qw "^$NS"; then
    ip netns del "$NS"
  fi
  # deleting the namespace removes the pair; this covers a half-built "up"
  if ip link show "$HOST_IF" >/dev/null 2>&1; then
    ip link del "$HOST_IF"
  fi
  rm -rf "$STATE_DIR"
  log "PostgreSQL delay removed"
}

up() {
  local rtt_ms=$1
  [[ "$rtt_ms" =~ ^[0-9]+$ ]] || die "the round trip must be whole milliseconds, got '$rtt_ms'"
  [[ $(id -u) == 0 ]] || die "needs root (network namespaces and tc)"
  need_tools
  down >/dev/null 2>&1 || true
  if ip -o addr show | grep -qE "inet 10\.213\.0\.[0-3]/"; then
    die "10.213.0.0/30 is already in use on this machine; not touching it"
  fi
  mkdir -p "$STATE_DIR"
  # until everything stands, any failure (or die) undoes what was built
  trap 'log "setting up failed; undoing"; down' EXIT

  local per_crossing_us=$((rtt_ms * 1000 / 4))
  local max=${PG_DELAY_MAX_SECONDS:-7200}
  local mode=${PG_DELAY_MODE:-auto}
  if [[ "$mode" == auto ]]; then
    if netem_available; then mode=netem; else mode=tun; fi
  fi
  ip netns add "$NS"
  case "$mode" in
    netem)
      ip link add "$HOST_IF" type veth peer name "$NS_IF"
      ;;
    tun)
      log "this kernel has no netem qdisc: delaying packets with bin/delay-line.py between two TUN interfaces"
      rm -f "$STATE_DIR/delay-line.ready"
      timeout "$max" python3 "$BENCH_DIR/bin/delay-line.py" "$HOST_IF" "$NS_IF" "$per_crossing_us" \
        "$STATE_DIR/delay-line.ready" "$max" >"$STATE_DIR/delay-line.log" 2>&1 </dev/null &
      echo $! >"$STATE_DIR/delay-line.pid"
      local i
      for ((i = 0; i < 40; i++)); do
        [[ -s "$STATE_DIR/delay-line.ready" ]] && break
        sleep 0.25
      done
      [[ -s "$STATE_DIR/delay-line.ready" ]] || die "the delay line did not start: $(cat "$STATE_DIR/delay-line.log")"
      ;;
    *) die "PG_DELAY_MODE must be auto, netem or tun, got '$mode'" ;;
  esac
  ip link set "$NS_IF" netns "$NS"
  ip addr add "$HOST_IP/30" dev "$HOST_IF"
  ip link set "$HOST_IF" up
  ip netns exec "$NS" ip addr add "$NS_IP/30" dev "$NS_IF"
  ip netns exec "$NS" ip link set "$NS_IF" up
  ip netns exec "$NS" ip link set lo up
  if [[ "$mode" == netem ]] && ((per_crossing_us > 0)); then
    tc qdisc add dev "$HOST_IF" root netem delay "${per_crossing_us}us"
    ip netns exec "$NS" tc qdisc add dev "$NS_IF" root netem delay "${per_crossing_us}us"
  fi

  # nodelay: the relays must not hold small packets back (Nagle), or latency would be more than the netem delay
  timeout "$max" socat "TCP-LISTEN:$RELAY_PORT,bind=$HOST_IP,reuseaddr,fork,nodelay,backlog=256" \
    "TCP:$PG_HOST:$PG_PORT,nodelay" >"$STATE_DIR/host-relay.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/host-relay.pid"
  ip netns exec "$NS" timeout "$max" socat "TCP-LISTEN:5432,bind=$NS_IP,reuseaddr,fork,nodelay,backlog=256" \
    "TCP:$HOST_IP:$RELAY_PORT,nodelay" >"$STATE_DIR/ns-relay.log" 2>&1 </dev/null &
  echo $! >"$STATE_DIR/ns-relay.pid"

  local i
  for ((i = 0; i < 40; i++)); do
    (exec 3<>"/dev/tcp/$NS_IP/5432") 2>/dev/null && break
    sleep 0.25
  done
  trap - EXIT
  echo "$mode" >"$STATE_DIR/mode"
  log "PostgreSQL at $NS_IP:5432 with ${rtt_ms} ms added per round trip (${mode}: ${per_crossing_us} µs per crossing)"
  verify "$rtt_ms"
}

# Times "select 1" over the delayed path and, for comparison, directly: one connection each, several queries, so
# connection set-up is not counted.
verify() {
  command -v psql >/dev/null || return 0
  local expected=$1
  log "psql 'select 1' over the delayed path: $(select_timings "$NS_IP") ms (expected ≈ ${expected} ms more than directly)"
  log "psql 'select 1' directly on $PG_HOST:$PG_PORT: $(select_timings "$PG_HOST" "$PG_PORT") ms"
}

select_timings() {
  PGCONNECT_TIMEOUT=10 timeout 60 psql -h "$1" -p "${2:-5432}" -U "${BENCH_DATABASE_USER:-postgres}" -d postgres \
    -X -q -c '\timing on' -c 'select 1' -c 'select 1' -c 'select 1' -c 'select 1' 2>&1 \
    | grep -oE 'Time: [0-9.]+' | awk '{print $2}' | sort -n | tr '\n' ' ' || true
}

status() {
  if ip netns list 2>/dev/null | grep -qw "^$NS"; then
    echo "mode: $(cat "$STATE_DIR/mode" 2>/dev/null || echo unknown)"
    tc qdisc show dev "$HOST_IF" 2>/dev/null || true
    ip netns exec "$NS" tc qdisc show dev "$NS_IF" 2>/dev/null || true
    ls -1 "$STATE_DIR"/*.pid 2>/dev/null || true
    verify "?"
  else
    echo "no PostgreSQL delay is set up"
  fi
}

case "${1:-}" in
  up) up "${2:-20}" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up [round-trip-ms] | down | status" >&2; exit 2 ;;
esac
