package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.in.CacheAnalyticsReport;
import dev.taleweaver.application.port.in.InspectCacheAnalytics;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The cache analytics' meters (ADR 15), read at scrape time from one report remembered for {@link #REPORT_MAX_AGE}
 * (a report costs milliseconds): per entity type only, never per key, so the label set is fixed —
 * {@code taleweaver.cache.ttl.advice.seconds{entity}}, {@code taleweaver.cache.ttl.current.seconds{entity}},
 * {@code taleweaver.cache.expired.unread.ratio{entity}},
 * {@code taleweaver.cache.lifetime.seconds{entity,percentile=50|90|99}} (not {@code quantile}: that label is a
 * summary's), {@code taleweaver.cache.hot.keys} and
 * {@code taleweaver.cache.analytics.dropped.samples}. A figure that cannot be read is NaN.
 */
public final class CacheAnalyticsMeters {
    private static final Logger log = LoggerFactory.getLogger(CacheAnalyticsMeters.class);

    /** How long one report serves the scrapes. */
    public static final Duration REPORT_MAX_AGE = Duration.ofSeconds(10);

    private final InspectCacheAnalytics analytics;
    private final Clock clock;
    private final MetricFailures failures = new MetricFailures(log);
    private volatile Reading last;

    private CacheAnalyticsMeters(InspectCacheAnalytics analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    /** @param entityTypes the types whose series exist (hero, child, story): fixed, so the labels are bounded */
    public static void bind(MeterRegistry registry, InspectCacheAnalytics analytics, Collection<String> entityTypes) {
        CacheAnalyticsMeters meters = new CacheAnalyticsMeters(Objects.requireNonNull(analytics, "analytics"),
                registry.config().clock());
        for (String type : entityTypes) {
            meters.gauge(registry, "taleweaver.cache.ttl.advice.seconds", type, null,
                    "the TTL the analytics advises (docs/operations.md, Cache analytics)",
                    e -> e.ttlAdvice().advisedTtlSeconds());
            meters.gauge(registry, "taleweaver.cache.ttl.current.seconds", type, null,
                    "today's TTL, beside the advice", e -> e.ttlAdvice().currentTtlSeconds());
            meters.gauge(registry, "taleweaver.cache.expired.unread.ratio", type, null,
                    "entries that expired without a read, of all that expired", e -> e.expiredUnreadShare());
            meters.gauge(registry, "taleweaver.cache.lifetime.seconds", type, "50",
                    "time from a fill to the invalidation that ended it", e -> e.lifetimeSeconds().p50());
            meters.gauge(registry, "taleweaver.cache.lifetime.seconds", type, "90",
                    "time from a fill to the invalidation that ended it", e -> e.lifetimeSeconds().p90());
            meters.gauge(registry, "taleweaver.cache.lifetime.seconds", type, "99",
                    "time from a fill to the invalidation that ended it", e -> e.lifetimeSeconds().p99());
        }
        Gauge.builder("taleweaver.cache.hot.keys", meters, m -> m.read(r -> r.hotKeys().size()))
                .description("keys read clearly more often than the rest (at most 20; names at /admin/cache/analytics)")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.analytics.dropped.samples", meters,
                        m -> m.read(CacheAnalyticsReport::droppedSamples))
                .description("sampled reads the analytics left out rather than wait for its sketches")
                .register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String type, String percentile, String description,
                       ToDoubleFunction<CacheAnalyticsReport.Entity> figure) {
        Gauge.Builder<CacheAnalyticsMeters> builder = Gauge.builder(name, this, m -> m.read(report ->
                        report.entities().stream().filter(e -> e.entityType().equals(type)).findFirst()
                                .map(figure::applyAsDouble).orElse(Double.NaN)))
                .tag("entity", type)
                .description(description);
        if (percentile != null) {
            builder.tag("percentile", percentile);
        }
        builder.register(registry);
    }

    private double read(ToDoubleFunction<CacheAnalyticsReport> figure) {
        try {
            return figure.applyAsDouble(report());
        } catch (RuntimeException e) {
            failures.report("cache analytics", e);
            return Double.NaN;
        }
    }

    private CacheAnalyticsReport report() {
        long now = clock.monotonicTime();
        Reading reading = last;
        if (reading == null || now - reading.readAt() >= REPORT_MAX_AGE.toNanos()) {
            // two concurrent scrapes may both compute one: harmless, and cheaper than a lock on every scrape
            reading = new Reading(analytics.analytics(), now);
            last = reading;
        }
        return reading.report();
    }

    private record Reading(CacheAnalyticsReport report, long readAt) {
    }
}
