package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.out.CacheFenceFigures;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The invalidation fence's meters (ADR 12, docs/operations.md), read at scrape time. */
public final class CacheFenceMeters {
    private CacheFenceMeters() {
    }

    public static void bind(MeterRegistry registry, CacheFenceFigures fence) {
        Gauge.builder("taleweaver.cache.fence.active", fence, f -> f.fenced() ? 1 : 0)
                .description("1 while some instance's fence stands and this instance reads from the database only")
                .register(registry);
        Gauge.builder("taleweaver.cache.fence.fences", fence, CacheFenceFigures::fenceCount)
                .description("fences the last poll saw (one per instance with invalidations not yet replayed)")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.fence.fenced.seconds", fence,
                        f -> f.fencedTime().toNanos() / 1e9)
                .description("time this instance read from the database only because of a fence")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.fence.raises", fence, CacheFenceFigures::raises)
                .description("times this instance raised its fence (an invalidation did not reach the cache)")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.fence.adoptions", fence, CacheFenceFigures::adopted)
                .description("dead instances' fences this instance took over (and flushed the cache for)")
                .register(registry);
    }
}
