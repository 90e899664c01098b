package dev.taleweaver.adapter.redis;

import java.time.Instant;

/**
 * The cache entry of docs/caching.md (Entry format), with its schema version, written snake_case:
 * {@code {"v": 1, "entity": …, "cached_at": "2024-01-20T14:22:10Z", "ttl": 3600}}.
 *
 * @param v        the schema version the entry was written with
 * @param entity   the wire form of the cached value (an object, or an array for lists)
 * @param cachedAt when it was written
 * @param ttl      its time to live in seconds, for people reading the entry; Redis enforces the real expiry
 */
record CacheEnvelope<W>(int v, W entity, Instant cachedAt, long ttl) {
}
