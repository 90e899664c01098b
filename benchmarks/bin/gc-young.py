#!/usr/bin/env python3
"""Summarises the G1 young pauses of a service GC log written with
-Xlog:gc*,gc+phases=debug,gc+age=trace:file=<log>, optionally within a window of JVM uptime (seconds):

    benchmarks/bin/gc-young.py <gc.log> [from-s] [to-s] [requests-per-s]

One row per young pause: its length, the longest worker's Object Copy (surviving bytes), Scan Heap Roots (old-to-young
references found through cards), Merge Heap Roots, Ext Root Scanning (thread stacks, JNI, class loaders), Reference
Processing; the bytes copied (survivors and promotions), eden regions collected, survivor and old regions before ->
after, heap before -> after, and the age table (bytes of age 1 / 2 / 3 / 4 and older after the copy). Then medians,
the bytes allocated between pauses (heap before a pause minus heap after the previous one) and, given the request
rate of the window, the allocation per request. Pause lengths depend on CPU contention; bytes much less.
"""
import re
import statistics as st
import sys

path = sys.argv[1]
lo = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
hi = float(sys.argv[3]) if len(sys.argv) > 3 else 1e12
rate = float(sys.argv[4]) if len(sys.argv) > 4 else None

WORKER_PHASES = ['Ext Root Scanning', 'Scan Heap Roots', 'Object Copy']
SERIAL_PHASES = ['Merge Heap Roots', 'Reference Processing']
gcs = {}
for line in open(path, errors='replace'):
    m = re.match(r'\[(\d+\.\d+)s\]\[\w+\s*\]\[([\w,]+)\s*\] GC\((\d+)\) (.*)', line)
    if not m:
        continue
    t, tag, n, rest = float(m.group(1)), m.group(2), int(m.group(3)), m.group(4)
    g = gcs.setdefault(n, {'t': t, 'ages': {}})
    body = rest.strip()
    if tag == 'gc' and 'Pause Young' in rest:
        mm = re.search(r'(\d+)M->(\d+)M\((\d+)M\) ([\d.]+)ms', rest)
        if mm:
            g.update(before=int(mm.group(1)), after=int(mm.group(2)), pause=float(mm.group(4)), young=True)
    elif tag == 'gc' and re.search(r'Pause (Remark|Cleanup|Full)', rest):
        g['other'] = body
    for key in WORKER_PHASES:
        if body.startswith(key + ' (ms)'):
            g[key] = float(re.search(r'Max:\s*([\d.]+)', body).group(1))
    for key in SERIAL_PHASES:
        if body.startswith(key + ':'):
            g[key] = float(re.search(r'([\d.]+)ms', body).group(1))
    if body.startswith('Copied Bytes'):
        g['copied'] = int(re.search(r'Sum:\s*(\d+)', body).group(1))
    mm = re.search(r'- age\s+(\d+):\s+(\d+) bytes', rest)
    if mm:
        g['ages'][int(mm.group(1))] = int(mm.group(2))
    for name in ('Eden', 'Survivor', 'Old'):
        mm = re.search(name + r' regions: (\d+)->(\d+)', rest)
        if tag.startswith('gc,heap') and mm:
            g[name] = (int(mm.group(1)), int(mm.group(2)))

young = [g for _, g in sorted(gcs.items()) if g.get('young') and lo <= g['t'] <= hi]
print(f"{'t (s)':>7} {'pause':>6} {'copy':>6} {'scanHR':>6} {'mergeHR':>7} {'extRoot':>7} {'refProc':>7} "
      f"{'copied MB':>9} {'eden':>4} {'survivor':>9} {'old':>10} {'heap MB':>10}  age 1/2/3/4+ (KB)")
for g in young:
    a = g['ages']
    print(f"{g['t']:>7.1f} {g['pause']:>6.1f} {g.get('Object Copy', 0):>6.1f} {g.get('Scan Heap Roots', 0):>6.1f} "
          f"{g.get('Merge Heap Roots', 0):>7.1f} {g.get('Ext Root Scanning', 0):>7.1f} "
          f"{g.get('Reference Processing', 0):>7.1f} {g.get('copied', 0) / 1e6:>9.1f} {g.get('Eden', (0,))[0]:>4} "
          f"{'%d->%d' % g.get('Survivor', (0, 0)):>9} {'%d->%d' % g.get('Old', (0, 0)):>10} "
          f"{'%d->%d' % (g['before'], g['after']):>10}  {a.get(1, 0) // 1024}/{a.get(2, 0) // 1024}/"
          f"{a.get(3, 0) // 1024}/{sum(v for k, v in a.items() if k >= 4) // 1024}")
if not young:
    sys.exit("no young pause in that window")
pauses = [g['pause'] for g in young]
print(f"young pauses: {len(pauses)}, median {st.median(pauses):.1f} ms, max {max(pauses):.1f} ms; medians: "
      f"object copy {st.median(g.get('Object Copy', 0) for g in young):.1f} ms, scan heap roots "
      f"{st.median(g.get('Scan Heap Roots', 0) for g in young):.1f} ms, ext root scanning "
      f"{st.median(g.get('Ext Root Scanning', 0) for g in young):.1f} ms, copied "
      f"{st.median(g.get('copied', 0) for g in young) / 1e6:.1f} MB per pause")
if len(young) > 1:
    allocated = sum(young[i]['before'] - young[i - 1]['after'] for i in range(1, len(young)))
    copied = sum(g.get('copied', 0) for g in young[1:]) / 1e6
    span = young[-1]['t'] - young[0]['t']
    per_request = f" = {allocated / span * 1e3 / rate:.1f} KB per request at {rate:.0f} req/s" if rate else ""
    print(f"allocated {allocated} MB in {span:.1f} s ({allocated / span:.1f} MB/s){per_request}; copied "
          f"{copied:.0f} MB ({copied / span:.2f} MB/s, {100 * copied / max(allocated, 1):.1f} % of the allocation); "
          f"old regions {young[0].get('Old', (0, 0))[1]} -> {young[-1].get('Old', (0, 0))[1]}")
others = [g['other'] for _, g in sorted(gcs.items()) if 'other' in g and lo <= g['t'] <= hi]
print(f"other pauses in the window: {len(others)}" + (f" ({'; '.join(others[:4])})" if others else ""))
