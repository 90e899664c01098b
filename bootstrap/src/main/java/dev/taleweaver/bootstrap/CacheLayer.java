package dev.taleweaver.bootstrap;

import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.application.cache.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.out.CacheCodecs;
import org.redisson.api.RedissonClient;

import java.util.Optional;

/**
 * The running cache, or its absence when {@code REDIS_ENABLED=false}: one Redisson client, one store behind
 * one circuit breaker shared by every cached repository.
 */
final class CacheLayer implements AutoCloseable {
    private final RedissonClient client;
    private final CircuitBreakingCacheStore store;
    private final CacheCodecs codecs = new JacksonCacheCodecs();

    private CacheLayer(RedissonClient client, CircuitBreakingCacheStore store) {
        this.client = client;
        this.store = store;
    }

    static CacheLayer connect(Settings settings) {
        if (!settings.redisEnabled()) {
            return new CacheLayer(null, null);
        }
        RedissonClient client = RedisClientFactory.create(settings.redis());
        return new CacheLayer(client, new CircuitBreakingCacheStore(new RedissonCacheStore(client, settings.redis())));
    }

    /** The guarded store, empty when caching is disabled. */
    Optional<CircuitBreakingCacheStore> store() {
        return Optional.ofNullable(store);
    }

    CacheCodecs codecs() {
        return codecs;
    }

    @Override
    public void close() {
        if (client != null) {
            client.shutdown();
        }
    }
}
