package dev.taleweaver.application.port.out;

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

    /** A read served from the database; {@code nanos} is the whole read, the load and the cache write included. */
    default void onMiss(String entityType, CacheOperation operation, long nanos, MissReason reason) {
    }

    /** One database load made on behalf of the cache (concurrent misses of one key share one). */
    default void onLoad(String entityType, long nanos) {
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
}
