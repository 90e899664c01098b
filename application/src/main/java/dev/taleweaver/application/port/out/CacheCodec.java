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
     * Ask once, right after {@link #decode}, on the thread that decoded (a codec may remember only that thread's last
     * upcast value, and forget it once asked); a store that keeps decoded values keeps the answer beside them
     * ({@link CacheStore#getDecoded}).
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
     * The entity's canonical JSON in an entry, taken without decoding it (ADR 13), or null when this codec offers no
     * such reading or the entry is anything but an entry this service writes for the entity with id {@code id}; the
     * caller then {@link #decode}s it as usual, which heals what is wrong. Never throws for a bad entry.
     *
     * @param entry the entry's UTF-8 bytes, as the store holds them; not modified
     * @param id    the id of the entity the entry's key names, as the entity's JSON writes it
     */
    default EntityJson entityJson(byte[] entry, String id) {
        return null;
    }

    /**
     * The entity member of an entry, byte for byte: the JSON the API writes for the decoded value.
     *
     * @param json   the bytes, a new array the caller may keep
     * @param upcast whether the entry is of the previous schema version (its hit is counted as an upcast hit)
     */
    record EntityJson(byte[] json, boolean upcast) {
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
