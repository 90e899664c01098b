package dev.taleweaver.adapter.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One latency, published twice: as a summary with client-side quantiles 0.5/0.95/0.99 under {@code name}, and
 * as a bucketed histogram under {@code name + ".histogram"}.
 *
 * <p>Why two meters: a Prometheus metric family is either a summary or a histogram, and Micrometer's Prometheus
 * registry silently drops the quantiles of a timer that also publishes buckets. The quantiles are what a
 * person reads on one instance; the buckets are what {@code histogram_quantile()} aggregates across instances
 * and what SLO alerts count ({@code le="0.05"} is the spec's 50 ms mark).
 */
record LatencyTimer(Timer quantiles, Timer buckets) {

    static final double[] QUANTILES = {0.5, 0.95, 0.99};

    /** Sub-millisecond for Redis hits up to seconds for slow HTTP requests: 15 buckets, bounded cardinality. */
    static final Duration[] BUCKETS = {
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    static final String HISTOGRAM_SUFFIX = ".histogram";

    static LatencyTimer register(MeterRegistry registry, String name, String description, Tags tags) {
        Timer quantiles = Timer.builder(name)
                .description(description + " (quantiles over the last ~2 minutes)")
                .tags(tags)
                .publishPercentiles(QUANTILES)
                .register(registry);
        Timer buckets = Timer.builder(name + HISTOGRAM_SUFFIX)
                .description(description + " (cumulative buckets)")
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        return new LatencyTimer(quantiles, buckets);
    }

    void record(long nanos) {
        // a negative duration is a clock glitch of the caller; Micrometer would ignore it silently anyway
        long safe = Math.max(0, nanos);
        quantiles.record(safe, TimeUnit.NANOSECONDS);
        buckets.record(safe, TimeUnit.NANOSECONDS);
    }
}
