package dev.taleweaver.bootstrap;

import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisServerStats;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.adapter.redis.TwoLevelCacheStore;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheServerStats;
import org.redisson.api.RedissonClient;

import java.time.Clock;
import java.util.Optional;

/**
 * The running cache, or its absence when {@code REDIS_ENABLED=false}: one Redisson client, one store behind
 * one circuit breaker shared by every cached repository, and the server figures for statistics and metrics.
 */
final class CacheLayer implements AutoCloseable {
    private final RedissonClient client;
    private final CircuitBreakingCacheStore store;
    private final CacheServerStats serverStats;
    private final TwoLevelCacheStore l1;
    private final CacheCodecs codecs = new JacksonCacheCodecs();

    private CacheLayer(RedissonClient client, TwoLevelCacheStore l1, CircuitBreakingCacheStore store,
                       CacheServerStats serverStats) {
        this.client = client;
        this.l1 = l1;
        this.store = store;
        this.serverStats = serverStats;
    }

    static CacheLayer connect(Settings settings, CacheListener listener, Clock clock) {
        if (!settings.redisEnabled()) {
            return new CacheLayer(null, null, null, null);
        }
        RedissonClient client = RedisClientFactory.create(settings.redis());
        RedissonCacheStore redis = new RedissonCacheStore(client, settings.redis());
        TwoLevelCacheStore l1 = settings.l1().enabled()
                ? TwoLevelCacheStore.create(client, redis, settings.redis(), settings.l1().maxEntries())
                : null;
        CircuitBreakingCacheStore guarded = new CircuitBreakingCacheStore(l1 != null ? l1 : redis,
                CircuitBreakingCacheStore.DEFAULT_PROBE_INTERVAL, clock, listener).startBackgroundProbes();
        return new CacheLayer(client, l1, guarded, new RedisServerStats(client, redis, settings.redis()));
    }

    /** The guarded store, empty when caching is disabled. */
    Optional<CircuitBreakingCacheStore> store() {
        return Optional.ofNullable(store);
    }

    /** Redis memory, evictions, key counts and pool usage; empty when caching is disabled. */
    Optional<CacheServerStats> serverStats() {
        return Optional.ofNullable(serverStats);
    }

    /** The in-process first level, when CACHE_L1_ENABLED. */
    Optional<TwoLevelCacheStore> l1() {
        return Optional.ofNullable(l1);
    }

    CacheCodecs codecs() {
        return codecs;
    }

    @Override
    public void close() {
        if (store != null) {
            store.close(); // its background prober
        }
        if (l1 != null) {
            l1.close();
        }
        if (client != null) {
            client.shutdown();
        }
    }
}
