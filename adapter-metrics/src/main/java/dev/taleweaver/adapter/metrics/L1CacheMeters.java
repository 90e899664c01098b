package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.out.LocalCacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The in-process L1's own statistics (Caffeine's, handed over as {@link LocalCacheStats}) as Micrometer's cache
 * meters, tagged {@code cache="l1", level="l1"} beside the per-entity {@code level="all"} series of
 * {@link MicrometerCacheListener}: {@code cache.gets{result=hit|miss}}, {@code cache.puts}, {@code cache.evictions},
 * {@code cache.size}. Read at scrape time; a failing source reads as NaN rather than failing the scrape.
 */
public final class L1CacheMeters {
    /** The {@code cache} and {@code level} tag value of the L1's series. */
    public static final String L1 = "l1";

    private L1CacheMeters() {
    }

    public static void bind(MeterRegistry registry, Supplier<LocalCacheStats> stats) {
        Objects.requireNonNull(stats, "stats");
        Tags tags = Tags.of("cache", L1, MicrometerCacheListener.LEVEL, L1);
        counter(registry, MicrometerCacheListener.GETS, MicrometerCacheListener.GETS_DESCRIPTION,
                tags.and("result", "hit"), stats, LocalCacheStats::hits);
        counter(registry, MicrometerCacheListener.GETS, MicrometerCacheListener.GETS_DESCRIPTION,
                tags.and("result", "miss"), stats, LocalCacheStats::misses);
        counter(registry, MicrometerCacheListener.PUTS, MicrometerCacheListener.PUTS_DESCRIPTION, tags, stats,
                LocalCacheStats::puts);
        counter(registry, MicrometerCacheListener.EVICTIONS, MicrometerCacheListener.EVICTIONS_DESCRIPTION, tags,
                stats, LocalCacheStats::evictions);
        // strongly held: the registry keeps the source alive for the function counters too, which hold it weakly
        Gauge.builder(MicrometerCacheListener.SIZE, stats, s -> read(s, LocalCacheStats::size))
                .description("Entries in the cache")
                .tags(tags).strongReference(true).register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, Tags tags,
                                Supplier<LocalCacheStats> stats, ToLongFunction<LocalCacheStats> figure) {
        FunctionCounter.builder(name, stats, s -> read(s, figure))
                .description(description).tags(tags).register(registry);
    }

    private static double read(Supplier<LocalCacheStats> stats, ToLongFunction<LocalCacheStats> figure) {
        try {
            return figure.applyAsLong(stats.get());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
