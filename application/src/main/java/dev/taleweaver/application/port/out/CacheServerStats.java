package dev.taleweaver.application.port.out;

/**
 * Figures about the cache server and this instance's connection pools, for statistics and metrics.
 * Implementations answer -1 for a figure they cannot get right now; they never throw.
 *
 * <p>An instance has a main pool (every command) and may read single keys over a pool of their own (ADR 18's Jedis
 * reads, {@code REDIS_READ_CONNECTIONS}). When the reads share the main pool, the read-pool figures are the main
 * pool's: the pool the reads use is then that one (never add the two up).
 */
public interface CacheServerStats {

    /** Redis INFO memory {@code used_memory}, bytes. */
    long usedMemoryBytes();

    /** Redis INFO stats {@code evicted_keys}. */
    long evictedKeys();

    /** How many keys of this deployment match a glob pattern (SCAN, never KEYS), e.g. {@code hero:*}. */
    long countKeys(String pattern);

    /** Connections of this instance's main pool busy with a command now (single-key reads of their own pool excluded). */
    int poolInUse();

    /** The configured size of the main pool (REDIS_MAX_CONNECTIONS). */
    int poolSize();

    /** Connections of the single-key reads' pool busy now; {@link #poolInUse()} when the reads share the main pool. */
    int readPoolInUse();

    /** The size of the single-key reads' pool (REDIS_READ_CONNECTIONS); {@link #poolSize()} when they share the main pool. */
    int readPoolSize();
}
