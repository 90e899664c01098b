package dev.taleweaver.application.cache.aside;

import java.time.Duration;

/**
 * How long an entity type stays cached and when it is cached. {@code cacheOnWrite} makes a write refresh the
 * entity's own key right away (write-through), as docs/caching.md's write path does; otherwise the next reader
 * fills it.
 */
public record CachePolicy(Duration ttl, boolean cacheOnRead, boolean cacheOnWrite) {
    public CachePolicy {
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a cache TTL must be positive, got " + ttl);
        }
    }

    /** Cache on reads and refresh on writes: what every predefined strategy does by default. */
    public static CachePolicy readAndWrite(Duration ttl) {
        return new CachePolicy(ttl, true, true);
    }
}
