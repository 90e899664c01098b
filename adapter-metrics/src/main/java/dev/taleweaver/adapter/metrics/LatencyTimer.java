package dev.taleweaver.adapter.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One latency as a Prometheus histogram: {@code name_seconds_bucket{le=…}}, {@code _count}, {@code _sum} (and
 * Micrometer's {@code _max} gauge). Buckets, not client-side quantiles: {@code histogram_quantile()} aggregates
 * them across instances and SLO alerts count them ({@code le="0.05"} is docs/operations.md's 50 ms mark), and it is the
 * shape the usual dashboards query ({@code http_server_requests_seconds_bucket}).
 */
record LatencyTimer(Timer timer) {

    /** Sub-millisecond for Redis hits up to seconds for slow HTTP requests: 15 buckets, bounded cardinality. */
    static final Duration[] BUCKETS = {
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    static LatencyTimer register(MeterRegistry registry, String name, String description, Tags tags) {
        return new LatencyTimer(Timer.builder(name)
                .description(description)
                .tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(registry));
    }

    void record(long nanos) {
        // a negative duration is a clock glitch of the caller; Micrometer would ignore it silently anyway
        timer.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }
}
