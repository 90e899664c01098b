package dev.taleweaver.adapter.redis;

/** {@link RedissonCacheStoreIT} with {@code REDIS_READ_CLIENT=redisson}: the way back keeps working. */
class RedissonReadsCacheStoreIT extends RedissonCacheStoreIT {
    @Override
    RedisReadClient readClient() {
        return RedisReadClient.REDISSON;
    }
}
