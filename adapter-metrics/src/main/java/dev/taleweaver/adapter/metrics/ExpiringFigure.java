package dev.taleweaver.adapter.metrics;

import io.micrometer.core.instrument.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A figure that is expensive to read (a network round trip), read at most once per {@code maxAge}; every scrape
 * in between gets the remembered value. Unknown figures (negative, or a failed read) are NaN. Never throws.
 */
final class ExpiringFigure {
    private static final Logger log = LoggerFactory.getLogger(ExpiringFigure.class);

    private final String name;
    private final LongSupplier source;
    private final long maxAgeNanos;
    private final Clock clock;
    private final MetricFailures failures = new MetricFailures(log);
    /** Null until the first read; replaced whole so a reader never sees a value with another read's time. */
    private volatile Reading last;

    ExpiringFigure(String name, LongSupplier source, Duration maxAge, Clock clock) {
        this.name = name;
        this.source = source;
        this.maxAgeNanos = maxAge.toNanos();
        this.clock = clock;
    }

    double value() {
        long now = clock.monotonicTime();
        Reading reading = last;
        if (reading == null || now - reading.readAt() >= maxAgeNanos) {
            // two concurrent scrapes may both read: harmless, and cheaper than a lock on every scrape
            reading = new Reading(read(), now);
            last = reading;
        }
        return reading.value();
    }

    private double read() {
        try {
            long value = source.getAsLong();
            return value < 0 ? Double.NaN : value;
        } catch (RuntimeException e) {
            failures.report(name, e);
            return Double.NaN;
        }
    }

    private record Reading(double value, long readAt) {
    }
}
