package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.out.CacheServerStats;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Gauges over the cache server and this instance's connection pools (docs/operations.md's memory usage, eviction count
 * and pool usage). Each figure is read from {@link CacheServerStats} at most once per {@code maxAge}, so a
 * scrape (or several scrapers) costs the cache server at most one INFO per figure per second. An unknown
 * figure is exported as NaN.
 *
 * <p>Key counts per entity ({@code countKeys}) are deliberately not exported: a SCAN per scrape is too
 * expensive for a gauge.
 */
public final class CacheServerGauges implements MeterBinder {

    public static final String MEMORY_USED = "taleweaver.redis.memory.used";
    public static final String EVICTED_KEYS = "taleweaver.redis.evicted.keys";
    public static final String POOL_IN_USE = "taleweaver.redis.pool.in.use";
    public static final String POOL_SIZE = "taleweaver.redis.pool.size";
    public static final String READ_POOL_IN_USE = "taleweaver.redis.read.pool.in.use";
    public static final String READ_POOL_SIZE = "taleweaver.redis.read.pool.size";
    /** The higher of the two pools' usage: the alert on it means "some Redis pool of this instance is nearly full". */
    public static final String POOL_USAGE = "taleweaver.redis.pool.usage";

    /** Micrometer's cache convention for {@link #EVICTED_KEYS}: {@code cache_evictions_total{cache="redis"}}. */
    public static final String CACHE_EVICTIONS = MicrometerCacheListener.EVICTIONS;
    public static final String REDIS_CACHE = "redis";
    /** The second level, shared by every instance: each reports the same server's count (take max, not sum). */
    public static final String REDIS_LEVEL = "l2";

    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

    private final ExpiringFigure usedMemory;
    private final ExpiringFigure evictedKeys;
    private final ExpiringFigure poolInUse;
    private final ExpiringFigure poolSize;
    private final ExpiringFigure readPoolInUse;
    private final ExpiringFigure readPoolSize;
    /** Last known evicted_keys, so the counter never reads NaN while Redis cannot be asked. */
    private volatile double lastEvictions;

    public CacheServerGauges(CacheServerStats stats) {
        this(stats, DEFAULT_MAX_AGE, Clock.SYSTEM);
    }

    public CacheServerGauges(CacheServerStats stats, Duration maxAge, Clock clock) {
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(clock, "clock");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("max age must not be negative, got " + maxAge);
        }
        usedMemory = new ExpiringFigure(MEMORY_USED, stats::usedMemoryBytes, maxAge, clock);
        evictedKeys = new ExpiringFigure(EVICTED_KEYS, stats::evictedKeys, maxAge, clock);
        poolInUse = new ExpiringFigure(POOL_IN_USE, stats::poolInUse, maxAge, clock);
        poolSize = new ExpiringFigure(POOL_SIZE, stats::poolSize, maxAge, clock);
        readPoolInUse = new ExpiringFigure(READ_POOL_IN_USE, stats::readPoolInUse, maxAge, clock);
        readPoolSize = new ExpiringFigure(READ_POOL_SIZE, stats::readPoolSize, maxAge, clock);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, MEMORY_USED, "bytes", "Memory used by the cache server (Redis used_memory)", usedMemory,
                ExpiringFigure::value);
        gauge(registry, EVICTED_KEYS, null,
                "Keys the cache server evicted for its memory limit since it started (Redis evicted_keys)",
                evictedKeys, ExpiringFigure::value);
        FunctionCounter.builder(CACHE_EVICTIONS, this, CacheServerGauges::evictionCount)
                .description(MicrometerCacheListener.EVICTIONS_DESCRIPTION)
                .tags("cache", REDIS_CACHE, MicrometerCacheListener.LEVEL, REDIS_LEVEL)
                .register(registry);
        gauge(registry, POOL_IN_USE, null,
                "Connections of this instance's main cache pool busy with a command (REDIS_MAX_CONNECTIONS pool)",
                poolInUse, ExpiringFigure::value);
        gauge(registry, POOL_SIZE, null, "Configured size of this instance's main cache connection pool", poolSize,
                ExpiringFigure::value);
        gauge(registry, READ_POOL_IN_USE, null, "Connections of the single-key cache reads' own pool busy with a read"
                + " (REDIS_READ_CONNECTIONS pool; the main pool's figure when the reads share it)", readPoolInUse,
                ExpiringFigure::value);
        gauge(registry, READ_POOL_SIZE, null, "Configured size of the single-key cache reads' own pool (the main"
                + " pool's when the reads share it)", readPoolSize, ExpiringFigure::value);
        gauge(registry, POOL_USAGE, null, "Share in use of this instance's fullest cache connection pool (main or"
                + " read pool; 0..1; spec target < 0.8)", this, CacheServerGauges::poolUsage);
    }

    private double evictionCount() {
        double now = evictedKeys.value();
        if (!Double.isNaN(now)) {
            lastEvictions = now;
        }
        return lastEvictions;
    }

    /**
     * The higher of the two pools' in use / size, from the remembered figures (no extra round trip). A pool whose
     * figures are unknown (or whose size is 0) is left out; NaN when neither pool's usage is known.
     */
    private double poolUsage() {
        double main = usage(poolInUse, poolSize);
        double reads = usage(readPoolInUse, readPoolSize);
        if (Double.isNaN(main)) {
            return reads;
        }
        return Double.isNaN(reads) ? main : Math.max(main, reads);
    }

    private static double usage(ExpiringFigure inUse, ExpiringFigure size) {
        double capacity = size.value();
        return capacity > 0 ? inUse.value() / capacity : Double.NaN;
    }

    // strong references: the binder may be dropped after bindTo and the gauges must keep reporting
    private static <T> void gauge(MeterRegistry registry, String name, String baseUnit, String description, T source,
                                  ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value)
                .description(description)
                .baseUnit(baseUnit)
                .strongReference(true)
                .register(registry);
    }
}
