#!/usr/bin/env python3
"""The stop-the-world GC pauses of one or more JVMs within a window of wall-clock time, from GC logs written with
-Xlog:gc:file=<log>:timemillis (each line stamped with epoch milliseconds):

    benchmarks/bin/gc-pauses.py <from-epoch-s> <to-epoch-s> <name>=<gc.log> [<name>=<gc.log> ...]

Prints one row per JVM: the pauses that started in the window, their total, median and longest, and the share of the
window they stopped the JVM for. Any collector's pauses count (G1's young, mixed, remark and cleanup pauses,
Shenandoah's and ZGC's short ones): every line "… Pause … <n>ms". A request that meets a pause of either JVM, the
service's or the load generator's, is timed that much longer by the load generator; this is how much of a tail they
can explain. A log without the timemillis decoration cannot be placed in the window and is reported as such.
"""
import re
import statistics
import sys

PAUSE = re.compile(r'^\[(\d+)ms\].*\bPause\b.*?([\d.]+)ms\s*$')


def pauses(path, start_ms, end_ms):
    found, stamped = [], False
    with open(path, errors='replace') as log:
        for line in log:
            m = PAUSE.match(line)
            if not m:
                stamped = stamped or re.match(r'^\[\d+ms\]', line) is not None
                continue
            stamped = True
            at, length = int(m.group(1)), float(m.group(2))
            if start_ms <= at < end_ms:
                found.append(length)
    return found if stamped else None


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    start, end = float(argv[1]), float(argv[2])
    window_ms = (end - start) * 1000.0
    print(f'| GC pauses in the measured window ({end - start:.0f} s) | pauses | total ms | median ms | max ms '
          f'| share of the window |')
    print('|---|--:|--:|--:|--:|--:|')
    for spec in argv[3:]:
        name, _, path = spec.partition('=')
        try:
            found = pauses(path, start * 1000.0, end * 1000.0)
        except OSError as e:
            print(f'| {name} | no log ({e.strerror}) | | | | |')
            continue
        if found is None:
            print(f'| {name} | log without the timemillis decoration | | | | |')
        elif not found:
            print(f'| {name} | 0 | 0 | – | – | 0 % |')
        else:
            total = sum(found)
            print(f'| {name} | {len(found)} | {total:.0f} | {statistics.median(found):.1f} | {max(found):.1f} '
                  f'| {100.0 * total / window_ms:.1f} % |')


if __name__ == '__main__':
    main(sys.argv)
