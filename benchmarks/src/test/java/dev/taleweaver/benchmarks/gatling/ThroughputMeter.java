package dev.taleweaver.benchmarks.gatling;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Successful responses per second of one phase, counted only after its warm-up, between the first and the last
 * counted response: Gatling's own per-request rate is averaged over the whole run, phases included.
 */
public final class ThroughputMeter {
    private final long warmupNanos;
    private final AtomicLong phaseStart = new AtomicLong();
    private final AtomicLong firstCounted = new AtomicLong();
    private final AtomicLong lastCounted = new AtomicLong();
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();

    public ThroughputMeter(java.time.Duration warmup) {
        this.warmupNanos = warmup.toNanos();
    }

    /** Called once per response, after its checks. */
    public void record(boolean success) {
        long now = System.nanoTime();
        phaseStart.compareAndSet(0, now);
        if (now - phaseStart.get() < warmupNanos) {
            return;
        }
        if (!success) {
            failed.increment();
            return;
        }
        firstCounted.compareAndSet(0, now);
        lastCounted.accumulateAndGet(now, Math::max);
        ok.increment();
    }

    /** Successful responses per second over the counted window; NaN when fewer than two were counted. */
    public double perSecond() {
        long window = lastCounted.get() - firstCounted.get();
        return ok.sum() < 2 || window <= 0 ? Double.NaN : (ok.sum() - 1) * 1e9 / window;
    }

    public long ok() {
        return ok.sum();
    }

    public long failed() {
        return failed.sum();
    }

    /** The rate of several segments together: all their counted responses over all their counted windows. */
    public static double perSecond(List<ThroughputMeter> segments) {
        long responses = 0;
        long window = 0;
        for (ThroughputMeter meter : segments) {
            if (meter.ok.sum() >= 2) {
                responses += meter.ok.sum() - 1;
                window += meter.lastCounted.get() - meter.firstCounted.get();
            }
        }
        return window <= 0 ? Double.NaN : responses * 1e9 / window;
    }

    public static long ok(List<ThroughputMeter> segments) {
        return segments.stream().mapToLong(ThroughputMeter::ok).sum();
    }

    public static long failed(List<ThroughputMeter> segments) {
        return segments.stream().mapToLong(ThroughputMeter::failed).sum();
    }
}
