package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.out.PrefetchFigures;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of prefetching (CACHE_PREFETCH, ADR 16), read at scrape time from the {@link PrefetchFigures} port:
 * {@code taleweaver.cache.prefetch.submitted}, {@code .dropped}, {@code .loaded}, {@code .already.cached}
 * (counters) and {@code taleweaver.cache.prefetch.queued} (a gauge).
 */
public final class PrefetchMeters {
    private PrefetchMeters() {
    }

    public static void bind(MeterRegistry registry, PrefetchFigures prefetch) {
        FunctionCounter.builder("taleweaver.cache.prefetch.submitted", prefetch, PrefetchFigures::submitted)
                .description("prefetches (warms and refresh-aheads) accepted into the bounded queue")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.prefetch.dropped", prefetch, PrefetchFigures::dropped)
                .description("prefetches dropped: queue full, key already queued, circuit open or fence up")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.prefetch.loaded", prefetch, PrefetchFigures::loaded)
                .description("prefetches that loaded from the database and filled through the versioned CAS")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.prefetch.already.cached", prefetch, PrefetchFigures::alreadyCached)
                .description("prefetches that found their key cached (and not due for refresh): no database load")
                .register(registry);
        Gauge.builder("taleweaver.cache.prefetch.queued", prefetch, PrefetchFigures::queued)
                .description("prefetches waiting in the queue").register(registry);
    }
}
