package dev.taleweaver.application.cache;

import dev.taleweaver.application.port.out.CacheStoreException;

/** The kinds of cache failure reported to a {@link CacheListener}. */
public enum CacheErrorKind {
    CONNECTION,
    TIMEOUT,
    SERIALIZATION,
    DESERIALIZATION;

    /** A store failure's kind; anything that is not a timeout counts as a connection problem. */
    public static CacheErrorKind of(RuntimeException storeFailure) {
        if (storeFailure instanceof CacheStoreException e && e.kind() == CacheStoreException.Kind.TIMEOUT) {
            return TIMEOUT;
        }
        return CONNECTION;
    }
}
