package dev.taleweaver.application.port.out;

import java.time.Duration;
import java.time.Instant;

/**
 * Turns one cached value (an entity, a view or a list of them) into the stored text and back. The text is
 * the entry format of docs/caching.md: {@code {"entity": …, "cached_at": "…Z", "ttl": 3600}} plus a schema
 * version.
 */
public interface CacheCodec<T> {

    /** @throws CacheCodecException when the value cannot be written */
    String encode(T value, Instant cachedAt, Duration ttl);

    /**
     * @throws CacheCodecException when the text is not a valid entry
     * @throws OutdatedCacheEntryException when the entry was written by another schema version
     */
    T decode(String text);

    /**
     * {@link #decode}, with any failure of the codec reported as a {@link CacheCodecException}, so a caller can tell
     * an unreadable entry from a failing store by type alone.
     */
    static <T> T decodeOrFail(CacheCodec<T> codec, String text) {
        try {
            return codec.decode(text);
        } catch (CacheCodecException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CacheCodecException("unreadable cache entry: " + e, e);
        }
    }
}
