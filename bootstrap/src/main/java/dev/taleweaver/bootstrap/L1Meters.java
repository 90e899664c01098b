package dev.taleweaver.bootstrap;

import dev.taleweaver.adapter.metrics.L1CacheMeters;
import dev.taleweaver.adapter.redis.TwoLevelCacheStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the in-process L1, read at scrape time: today's {@code taleweaver.cache.l1.*} from the store's own
 * counters and, beside them, Micrometer's cache convention ({@code cache.gets{result}}, {@code cache.puts},
 * {@code cache.evictions}, {@code cache.size}) tagged {@code cache="l1", level="l1"} from Caffeine's statistics
 * ({@link L1CacheMeters}). Here in bootstrap because only the wiring sees both the Redis adapter's L1 and
 * the registry (adapters do not depend on each other).
 */
final class L1Meters {
    private L1Meters() {
    }

    static void bind(TwoLevelCacheStore l1, MeterRegistry registry) {
        FunctionCounter.builder("taleweaver.cache.l1.hits", l1, TwoLevelCacheStore::l1Hits)
                .description("reads answered by the in-process L1 without Redis").register(registry);
        FunctionCounter.builder("taleweaver.cache.l1.misses", l1, TwoLevelCacheStore::l1Misses)
                .description("reads the L1 passed on to Redis").register(registry);
        FunctionCounter.builder("taleweaver.cache.l1.trust.lapses", l1, TwoLevelCacheStore::trustLapses)
                .description("times the L1 stopped being trusted (no fresh heartbeat) and was bypassed")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.l1.clears", l1, TwoLevelCacheStore::wholeClears)
                .description("times the whole L1 was cleared (invalidations possibly lost: heartbeat gap, "
                        + "re-subscription, unreadable message, a lapse as long as the lossy lapse)")
                .register(registry);
        FunctionCounter.builder("taleweaver.cache.l1.late.answers", l1, TwoLevelCacheStore::lateRedisAnswers)
                .description("Redis answers read as misses because they took the lossy lapse (half the Redis "
                        + "socket timeout) or longer")
                .register(registry);
        Gauge.builder("taleweaver.cache.l1.size", l1, TwoLevelCacheStore::l1Size)
                .description("entries in the in-process L1")
                .register(registry);
        // Micrometer's cache convention for the L1, from Caffeine's own statistics
        L1CacheMeters.bind(registry, l1::localStats);
    }
}
