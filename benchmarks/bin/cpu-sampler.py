#!/usr/bin/env python3
"""Who used the cores during a benchmark: CPU seconds per group of processes, sampled from /proc once a second.

    cpu-sampler.py <out-file> <service-pid>[,<pid>…]

Groups: "service" (the given pids and their children), "load generator and other JVMs" (every other java process: Gatling, Maven),
"PostgreSQL", "Redis", "everything else". Each second the per-process CPU time (utime + stime) is read and the
growth since the last sample is added to its group, so processes that start or end during the run are counted
for the time they were seen. On SIGTERM (or SIGINT) the totals and shares are written to <out-file> as a table.
"""
import os
import signal
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")
out_file = sys.argv[1]
service = {int(p) for p in sys.argv[2].split(",") if p}
last = {}
totals = {}
started = time.time()


def group(pid, ppid, comm):
    if pid in service or ppid in service:  # the service's java runs under `timeout`, whose pid is the one given
        return "service"
    if comm == "java":
        return "load generator and other JVMs"
    if comm.startswith("postgres"):
        return "PostgreSQL"
    if comm.startswith("redis-server"):
        return "Redis"
    return "everything else"


def sample():
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        ticks = int(fields[11]) + int(fields[12])
        key = (pid, fields[19])  # pid and start time: a reused pid is another process
        grown = ticks - last.get(key, 0)
        last[key] = ticks
        if grown > 0:
            name = group(pid, int(fields[1]), comm)
            totals[name] = totals.get(name, 0) + grown


def finish(*_):
    sample()
    elapsed = time.time() - started
    total = sum(totals.values()) or 1
    with open(out_file, "w") as f:
        f.write(f"CPU use during the run ({elapsed:.0f} s, {os.cpu_count()} cores = {elapsed * os.cpu_count():.0f} core-seconds):\n")
        f.write("| processes | CPU seconds | share of the CPU used | cores busy on average |\n|---|--:|--:|--:|\n")
        for name, ticks in sorted(totals.items(), key=lambda kv: -kv[1]):
            f.write(f"| {name} | {ticks / TICKS:.1f} | {100 * ticks / total:.0f} % | {ticks / TICKS / elapsed:.2f} |\n")
    sys.exit(0)


signal.signal(signal.SIGTERM, finish)
signal.signal(signal.SIGINT, finish)
sample()
totals.clear()  # what processes used before the run is not the run's
while True:
    time.sleep(1)
    sample()
