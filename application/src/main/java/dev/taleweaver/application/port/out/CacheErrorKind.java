package dev.taleweaver.application.port.out;

import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.application.port.out.CacheStoreException;

/** The kinds of cache failure reported to a {@link CacheListener}. */
public enum CacheErrorKind {
    CONNECTION,
    TIMEOUT,
    SERIALIZATION,
    DESERIALIZATION;

    /**
     * A store call's failure kind: data the store found unreadable or alien ({@link CacheCodecException}, e.g. a
     * version key that holds no number) is a deserialization error; of the rest, anything that is not a timeout counts
     * as a connection problem.
     */
    public static CacheErrorKind of(RuntimeException storeFailure) {
        if (storeFailure instanceof CacheCodecException) {
            return DESERIALIZATION;
        }
        if (storeFailure instanceof CacheStoreException e && e.kind() == CacheStoreException.Kind.TIMEOUT) {
            return TIMEOUT;
        }
        return CONNECTION;
    }
}
