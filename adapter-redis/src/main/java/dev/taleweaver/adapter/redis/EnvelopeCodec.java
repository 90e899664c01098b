package dev.taleweaver.adapter.redis;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.application.port.out.OutdatedCacheEntryException;
import dev.taleweaver.domain.common.Timestamps;

import java.time.Duration;
import java.time.Instant;

/**
 * The codec of one cached shape: the {@link CacheEnvelope} around whatever its {@link WireMapping} writes. The
 * reader and writer are built once per shape and shared, as Jackson's are thread-safe.
 */
final class EnvelopeCodec<T, W> implements CacheCodec<T> {
    private final String shape;
    private final int schemaVersion;
    private final WireMapping<T, W> mapping;
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final ObjectReader treeReader;

    EnvelopeCodec(String shape, int schemaVersion, WireMapping<T, W> mapping, ObjectMapper mapper) {
        this.shape = shape;
        this.schemaVersion = schemaVersion;
        this.mapping = mapping;
        JavaType envelope = mapper.getTypeFactory()
                .constructParametricType(CacheEnvelope.class, mapping.wireType(mapper.getTypeFactory()));
        this.writer = mapper.writerFor(envelope);
        this.reader = mapper.readerFor(envelope);
        this.treeReader = mapper.reader();
    }

    @Override
    public String encode(T value, Instant cachedAt, Duration ttl) {
        if (value == null || cachedAt == null || ttl == null) {
            throw new CacheCodecException("cannot encode a " + shape + " cache entry without value, cached_at and"
                    + " ttl", null);
        }
        String text;
        try {
            text = writer.writeValueAsString(new CacheEnvelope<>(schemaVersion, mapping.toWire(value),
                    Timestamps.normalise(cachedAt), ttl.toSeconds()));
        } catch (JacksonException | RuntimeException e) {
            throw new CacheCodecException("cannot encode a " + shape + " cache entry: " + e.getMessage(), e);
        }
        if (RedissonCacheStore.overBound(text)) {
            throw new CacheCodecException("a " + shape + " cache entry of " + text.length() + " characters is over"
                    + " the bound of " + RedissonCacheStore.MAX_VALUE_BYTES + " UTF-8 bytes; not cached", null);
        }
        return text;
    }

    @Override
    public T decode(String text) {
        if (text == null) {
            throw new CacheCodecException("a " + shape + " cache entry is null", null);
        }
        if (RedissonCacheStore.overBound(text)) {
            throw new CacheCodecException("a " + shape + " cache entry of " + text.length() + " characters is over"
                    + " the bound of " + RedissonCacheStore.MAX_VALUE_BYTES + " UTF-8 bytes", null);
        }
        CacheEnvelope<W> envelope;
        try {
            envelope = reader.readValue(text);
        } catch (JacksonException | RuntimeException e) {
            throw unreadable(text, e);
        }
        if (envelope == null) {
            throw new CacheCodecException("a " + shape + " cache entry is JSON null", null);
        }
        if (envelope.v() != schemaVersion) {
            throw outdated(envelope.v());
        }
        if (envelope.entity() == null) {
            throw new CacheCodecException("a " + shape + " cache entry has no entity", null);
        }
        try {
            return mapping.fromWire(envelope.entity());
        } catch (RuntimeException e) {
            throw new CacheCodecException("a " + shape + " cache entry holds an invalid value: " + e.getMessage(), e);
        }
    }

    /**
     * An entry of another schema version may not fit this version's shape at all; so before calling it corrupt,
     * look (on this rare path only) whether it simply says it is of another version.
     */
    private CacheCodecException unreadable(String text, Exception cause) {
        try {
            JsonNode v = treeReader.readTree(text).get("v");
            if (v != null && v.isIntegralNumber() && v.asLong() != schemaVersion) {
                return outdated(v.asLong());
            }
        } catch (JacksonException | RuntimeException ignored) {
            // not even JSON: corrupt, reported below
        }
        return new CacheCodecException("a " + shape + " cache entry is not readable: " + cause.getMessage(), cause);
    }

    private OutdatedCacheEntryException outdated(long foundVersion) {
        return new OutdatedCacheEntryException("a " + shape + " cache entry has schema version " + foundVersion
                + ", this service reads version " + schemaVersion);
    }
}
