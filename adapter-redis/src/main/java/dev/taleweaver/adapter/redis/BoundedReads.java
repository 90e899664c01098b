package dev.taleweaver.adapter.redis;

/**
 * The bounded single-key read behind {@link RedissonCacheStore#get} and {@link RedissonCacheStore#getBytes}:
 * {@code GETRANGE key 0 MAX_VALUE_BYTES}, so at most {@link RedissonCacheStore#MAX_VALUE_BYTES} + 1 bytes of the value
 * come back (an empty answer for a missing key). Chosen by {@value RedisReadClient#SETTING} (ADR 18).
 *
 * <p>A failure of Redis is thrown as a {@code CacheStoreException} or as the client's own exception (the store
 * translates it); a reply that the key holds another type (WRONGTYPE) must keep its message, which is how the store
 * recognises alien data.
 */
interface BoundedReads extends AutoCloseable {

    /** The value's first bytes decoded as UTF-8 (malformed input replaced), "" when there is none. */
    String readText(String redisKey);

    /** The value's first bytes, empty when there is none. */
    byte[] readBytes(String redisKey);

    /**
     * The size of the client's own connection pool ({@code REDIS_READ_CONNECTIONS}, per node on a cluster), or 0 when
     * the reads take their connections from the Redisson client's pool, for the pool figures (docs/operations.md).
     */
    int ownPoolSize();

    /** For the start-up log: {@code jedis (pool of 64, created on first read)}. */
    String describe();

    /** Releases the client's connections, if it has its own; reads fail afterwards. */
    @Override
    void close();
}
