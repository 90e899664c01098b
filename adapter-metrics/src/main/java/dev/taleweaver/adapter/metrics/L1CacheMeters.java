package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.out.L1CacheFigures;
import dev.taleweaver.application.port.out.LocalCacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Meters of the in-process L1, read at scrape time from the {@link L1CacheFigures} port the cache adapter
 * implements: {@code taleweaver.cache.l1.*} (see {@link #bind(MeterRegistry, L1CacheFigures)}) and
 * the L1's own statistics (Caffeine's, handed over as {@link LocalCacheStats}) as Micrometer's cache
 * meters, tagged {@code cache="l1", level="l1"} beside the per-entity {@code level="all"} series of
 * {@link MicrometerCacheListener}: {@code cache.gets{result=hit|miss}}, {@code cache.puts}, {@code cache.evictions},
 * {@code cache.size}. Read at scrape time; a failing source reads as NaN rather than failing the scrape.
 */
public final class L1CacheMeters {
    /** The {@code cache} and {@code level} tag value of the L1's series. */
    public static final String L1 = "l1";

    private L1CacheMeters() {
    }

    /** Every L1 meter: {@code taleweaver.cache.l1.*} and Micrometer's cache convention. */
    public static void bind(MeterRegistry registry, L1CacheFigures l1) {
        FunctionCounter.builder("taleweaver.cache.l1.hits", l1, L1CacheFigures::l1Hits)
                .description("reads answered by the in-process L1 without Redis").register(registry);
        FunctionCounter.builder("taleweaver.cache.l1.misses", l1, L1CacheFigures::l1Misses)
                .description("reads the L1 passed on to Redis").register(registry);
        FunctionCounter.builder("taleweaver.cache.l1.trust.lapses", l1, L1CacheFigures::trustLapses)
                .description("times the L1 stopped being trusted (no fresh heartbeat) and was bypassed")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.l1.clears", l1, L1CacheFigures::wholeClears)
                .description("times the whole L1 was cleared (invalidations possibly lost: heartbeat gap, "
                        + "re-subscription, unreadable message, a lapse as long as the lossy lapse)")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.l1.late.answers", l1, L1CacheFigures::lateRedisAnswers)
                .description("Redis answers read as misses because they took the lossy lapse (half the Redis "
                        + "socket timeout) or longer")
                .register(registry);
        Gauge.builder("taleweaver.cache.l1.size", l1, L1CacheFigures::l1Size)
                .description("entries in the in-process L1")
                .register(registry);
        bind(registry, l1::localStats);
    }

    /** Micrometer's cache convention for the L1, from the local cache library's own statistics. */
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
