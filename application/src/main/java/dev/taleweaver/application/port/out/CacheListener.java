package dev.taleweaver.application.port.out;

import java.time.Duration;
import java.util.Collection;

/**
 * What the cache layer reports for metrics (a Micrometer adapter implements this). Called on the request
 * thread, so implementations must be quick and must not throw. Every method defaults to doing nothing.
 */
public interface CacheListener {

    /** Reports nothing. */
    CacheListener NOOP = new CacheListener() {
    };

    /** A read served from the cache; {@code nanos} is the whole read, lookup and decoding included. */
    default void onHit(String entityType, CacheOperation operation, long nanos) {
    }

    /**
     * A hit (reported by {@link #onHit} too) of kind {@code upcast}: the entry was of the previous cache schema
     * version and was converted in memory, without a database load.
     */
    default void onUpcastHit(String entityType, CacheOperation operation) {
    }

    /** A read served from the database; {@code nanos} is the whole read, the load and the cache write included. */
    default void onMiss(String entityType, CacheOperation operation, long nanos, MissReason reason) {
    }

    /** One database load made on behalf of the cache (concurrent misses of one key share one). */
    default void onLoad(String entityType, long nanos) {
    }

    /**
     * The members of one page (or whole list) assembled from the per-entity entries: {@code cached} were found in the
     * cache (L1 or Redis), {@code loaded} were read from the database in one query. Reported beside the id list's
     * own hit or miss ({@link #onHit}/{@link #onMiss}), which these do not change.
     */
    default void onPageMembers(String entityType, int cached, int loaded) {
    }

    /** A value was written to the cache (a miss's load, or a writer's write-through), after the write succeeded. */
    default void onPut(String entityType) {
    }

    default void onInvalidation(String entityType, InvalidationReason reason, int keyCount) {
    }

    /** A cache operation failed; the caller was served from the database regardless. */
    default void onError(String entityType, CacheErrorKind kind) {
    }

    default void onCircuitStateChange(CircuitState state) {
    }

    // ---- key-aware events, for the cache analytics (ADR 15); reported beside the events above, never instead ----

    /** The hit {@link #onHit} reported, with its key (no copy is made: the listener must not hold on to it long). */
    default void onKeyHit(String entityType, String key) {
    }

    /** The miss {@link #onMiss} reported, with its key. */
    default void onKeyMiss(String entityType, String key, MissReason reason) {
    }

    /** The write {@link #onPut} reported, with its key and the TTL it was written with (jitter included). */
    default void onKeyFill(String entityType, String key, Duration ttl) {
    }

    /** The keys an invalidation {@link #onInvalidation} reported dropped (a pattern delete names none). */
    default void onKeysInvalidated(String entityType, Collection<String> keys, InvalidationReason reason) {
    }

    /**
     * A read of {@code key} answered by an in-process first level (the L1) without the shared store; reported by the
     * two-level store, before the cached repository reports the same read as a hit.
     */
    default void onL1Hit(String key) {
    }
}
