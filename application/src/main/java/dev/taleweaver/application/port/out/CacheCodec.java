package dev.taleweaver.application.port.out;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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
     * Whether {@code value} (as {@link #decode} returned it, the same instance) came from an entry of the previous
     * schema version, converted in memory: a hit of kind {@code upcast}. A codec that reads one version says no.
     */
    default boolean isUpcast(T value) {
        return false;
    }

    /**
     * When the entry {@code text} expires: its {@code cached_at} plus its {@code ttl}, read without decoding the
     * value; empty when the codec cannot tell cheaply. Only refresh-ahead asks (off the request thread, ADR 16).
     */
    default Optional<Instant> expiresAt(String text) {
        return Optional.empty();
    }

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
