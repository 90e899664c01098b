package dev.taleweaver.bootstrap;

import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisServerStats;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.adapter.redis.TwoLevelCacheStore;
import dev.taleweaver.adapter.redis.VersionCheckedCopies;
import dev.taleweaver.application.cache.prefetch.PrefetchQueue;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.cache.resilience.InvalidationFence;
import dev.taleweaver.application.port.out.CacheFenceStore;
import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CacheServerStats;
import dev.taleweaver.application.port.out.CacheStore;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * The running cache, or its absence when {@code REDIS_ENABLED=false}: one Redisson client, one store behind
 * one circuit breaker shared by every cached repository, the instances' invalidation fence it obeys (ADR 12), and
 * the server figures for statistics and metrics, and the prefetch worker when CACHE_PREFETCH (ADR 16).
 */
final class CacheLayer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CacheLayer.class);
    private final RedissonClient client;
    /** Owns the Jedis client of the single-key reads (REDIS_READ_CLIENT=jedis, ADR 18), closed with Redisson's. */
    private final RedissonCacheStore redis;
    private final CircuitBreakingCacheStore store;
    private final CacheServerStats serverStats;
    private final TwoLevelCacheStore l1;
    private final CacheCodecs codecs;
    private final InvalidationFence fence;
    private final PrefetchQueue prefetch;

    private CacheLayer(RedissonClient client, RedissonCacheStore redis, TwoLevelCacheStore l1, CircuitBreakingCacheStore store,
                       CacheServerStats serverStats, CacheCodecs codecs, InvalidationFence fence,
                       PrefetchQueue prefetch) {
        this.client = client;
        this.redis = redis;
        this.prefetch = prefetch;
        this.fence = fence;
        this.codecs = codecs;
        this.l1 = l1;
        this.store = store;
        this.serverStats = serverStats;
    }

    /** @param fences where the instances' fences live (the database: every instance reaches it during a failover) */
    static CacheLayer connect(Settings settings, CacheListener listener, Clock clock, CacheFenceStore fences) {
        if (!settings.redisEnabled()) {
            return new CacheLayer(null, null, null, null, null, new JacksonCacheCodecs(), null, null);
        }
        RedissonClient client = RedisClientFactory.create(settings.redis());
        RedissonCacheStore redis = new RedissonCacheStore(client, settings.redis());
        TwoLevelCacheStore l1 = settings.l1().enabled()
                ? TwoLevelCacheStore.create(client, redis, settings.redis(), settings.l1().maxEntries())
                        .reportingL1HitsTo(listener)
                : null;
        // without the L1, a big entry (an id list) is decoded once and served again while its version is unchanged
        CacheStore below = l1 != null ? l1 : new VersionCheckedCopies(redis);
        CircuitBreakingCacheStore guarded = new CircuitBreakingCacheStore(below,
                CircuitBreakingCacheStore.DEFAULT_PROBE_INTERVAL, clock, listener).startBackgroundProbes();
        InvalidationFence fence = new InvalidationFence(fences);
        guarded.fencedBy(fence);
        fence.start();
        log.info("Cache invalidation fence: instance {}, polled every {} ms (ADR 12)", fence.instance(),
                InvalidationFence.POLL_PERIOD.toMillis());
        JacksonCacheCodecs codecs = new JacksonCacheCodecs(settings.cacheSchemaWriteVersion());
        log.info("Cache schema: reading versions {} and {} (upcast in memory), writing version {}"
                        + " (CACHE_SCHEMA_WRITE_VERSION)", JacksonCacheCodecs.SCHEMA_VERSION,
                JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION, codecs.writeVersion());
        PrefetchQueue prefetch = settings.cachePrefetch()
                ? new PrefetchQueue(PrefetchQueue.whileUsable(guarded)).start() : null;
        log.info("Cache prefetching: {} (CACHE_PREFETCH)", prefetch != null ? "on, a queue of "
                + PrefetchQueue.CAPACITY + " and one worker" : "off");
        return new CacheLayer(client, redis, l1, guarded, new RedisServerStats(client, redis, settings.redis()), codecs,
                fence, prefetch);
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

    /** The invalidation fence, empty when caching is disabled. */
    Optional<InvalidationFence> fence() {
        return Optional.ofNullable(fence);
    }

    /** The prefetch queue and its worker, when CACHE_PREFETCH and caching are on. */
    Optional<PrefetchQueue> prefetch() {
        return Optional.ofNullable(prefetch);
    }

    CacheCodecs codecs() {
        return codecs;
    }

    @Override
    public void close() {
        if (prefetch != null) {
            prefetch.close(); // its worker, before the store it uses
        }
        if (fence != null) {
            fence.close(); // its poller; a raised fence expires and another instance adopts it
        }
        if (store != null) {
            store.close(); // its background prober
        }
        if (l1 != null) {
            l1.close();
        }
        if (redis != null) {
            redis.close(); // the Jedis connections of the single-key reads
        }
        if (client != null) {
            client.shutdown();
        }
    }
}
