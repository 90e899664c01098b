package dev.taleweaver.application.port.out;

/**
 * Figures about the cache server and this instance's connection pool, for statistics and metrics.
 * Implementations answer -1 for a figure they cannot get right now; they never throw.
 */
public interface CacheServerStats {

    /** Redis INFO memory {@code used_memory}, bytes. */
    long usedMemoryBytes();

    /** Redis INFO stats {@code evicted_keys}. */
    long evictedKeys();

    /** How many keys of this deployment match a glob pattern (SCAN, never KEYS), e.g. {@code hero:*}. */
    long countKeys(String pattern);

    /** Connections of this instance busy with a command now. */
    int poolInUse();

    /** The configured pool size (REDIS_MAX_CONNECTIONS). */
    int poolSize();
}
