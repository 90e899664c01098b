#!/usr/bin/env python3
"""A delay line between two TUN interfaces: every IP packet that leaves one comes out of the other `delay_us` later.

Used by pg-delay.sh when the kernel has no netem qdisc (CONFIG_NET_SCH_NETEM unset): together the two interfaces act
as a veth pair with netem on both ends, so both TCP stacks see a real, per-packet network delay. Packets keep their
order (one FIFO per direction, one constant delay). Python standard library only.

usage: delay-line.py <interface-a> <interface-b> <delay-us> <ready-file> <max-seconds>
The interfaces exist while this process runs and vanish with it; it exits by itself after max-seconds.
"""
import collections
import fcntl
import os
import select
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
MAX_PACKET = 65536


def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    name_a, name_b, delay_us, ready_file, max_seconds = sys.argv[1:]
    delay = int(delay_us) / 1_000_000
    deadline = time.monotonic() + float(max_seconds)
    a, b = open_tun(name_a), open_tun(name_b)
    peer = {a: b, b: a}
    # per direction: (due time, packet), in arrival order; one constant delay keeps each FIFO sorted
    queues = {a: collections.deque(), b: collections.deque()}
    with open(ready_file, "w") as ready:
        ready.write(str(os.getpid()))

    while time.monotonic() < deadline:
        now = time.monotonic()
        for source, queue in queues.items():
            while queue and queue[0][0] <= now:
                _, packet = queue.popleft()
                try:
                    os.write(peer[source], packet)
                except OSError:
                    pass  # the far interface is down or full: the packet is lost, as on a wire
        due = [q[0][0] for q in queues.values() if q]
        timeout = max(0.0, min(due) - time.monotonic()) if due else 1.0
        readable, _, _ = select.select([a, b], [], [], timeout)
        arrived = time.monotonic()
        for fd in readable:
            while True:
                try:
                    packet = os.read(fd, MAX_PACKET)
                except BlockingIOError:
                    break
                except OSError:
                    break
                if not packet:
                    break
                queues[fd].append((arrived + delay, packet))


if __name__ == "__main__":
    main()
