package dev.taleweaver.adapter.redis;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodec.EntityJson;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.application.port.out.OutdatedCacheEntryException;
import dev.taleweaver.domain.common.Timestamps;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The codec of one cached shape: the {@link CacheEnvelope} around whatever its {@link WireMapping} writes. It reads
 * entries of its current schema version and, when it has one, of the previous version, whose wire form it upcasts
 * in memory; it writes the version it is told to ({@code CACHE_SCHEMA_WRITE_VERSION}). An entry of any other
 * version is outdated. The readers and writers are built once per shape and shared, as Jackson's are thread-safe.
 */
final class EnvelopeCodec<T, W> implements CacheCodec<T> {
    private static final long NO_VERSION = Long.MIN_VALUE;

    private final String shape;
    private final WireMapping<T, W> mapping;
    private final Format<W, W> current;
    /** Null when this codec reads only its current version. */
    private final Format<W, ?> previous;
    private final Format<W, ?> written;
    private final ObjectReader treeReader;
    /**
     * The last value each thread decoded from a previous-version entry, until asked about ({@link #isUpcast}); null
     * without {@link #previous}. At most one value per thread is held.
     */
    private final ThreadLocal<Object> lastUpcast;
    /** The entity's JSON shape when this codec hands out entity bytes (ADR 13), else null. */
    private EntityJsonShape entityJson;
    /** The previous version when its entity is written exactly as the current one's, else -1. */
    private int sameEntityJsonVersion = -1;

    /**
     * @param previousStep the upcaster from the previous schema version ({@code version - 1}), or null when this codec
     *                     reads only {@code version}
     * @param writeVersion {@code version}, or {@code version - 1} when there is a previous step
     */
    EnvelopeCodec(String shape, int version, WireMapping<T, W> mapping, WireMapping<W, ?> previousStep,
                  int writeVersion, ObjectMapper mapper) {
        this.shape = shape;
        this.mapping = mapping;
        this.current = new Format<>(version, null, mapping.wireType(mapper.getTypeFactory()), mapper);
        this.previous = previousStep == null ? null : Format.of(version - 1, previousStep, mapper);
        if (writeVersion == version) {
            this.written = current;
        } else if (previous != null && writeVersion == previous.version) {
            this.written = previous;
        } else {
            throw new IllegalArgumentException("a " + shape + " codec of schema version " + version
                    + " cannot write version " + writeVersion);
        }
        this.treeReader = mapper.reader();
        this.lastUpcast = previous == null ? null : new ThreadLocal<>();
    }

    /**
     * Makes this codec hand out the entity member of its entries as bytes ({@link #entityJson}); call before the codec
     * is shared.
     *
     * @param previousWrittenTheSame whether an entry of the previous version holds the entity written exactly as the
     *                               current version does (its upcast is the identity), so its bytes serve too
     */
    EnvelopeCodec<T, W> servingEntityJson(EntityJsonShape shape, boolean previousWrittenTheSame) {
        this.entityJson = shape;
        this.sameEntityJsonVersion = previous != null && previousWrittenTheSame ? previous.version : -1;
        return this;
    }

    @Override
    public EntityJson entityJson(byte[] entry, String id) {
        if (entityJson == null || entry == null || entry.length > RedissonCacheStore.MAX_VALUE_BYTES || id == null) {
            return null;
        }
        return entityJson.read(entry, id, current.version, sameEntityJsonVersion);
    }

    int writeVersion() {
        return written.version;
    }

    @Override
    public String encode(T value, Instant cachedAt, Duration ttl) {
        if (value == null || cachedAt == null || ttl == null) {
            throw new CacheCodecException("cannot encode a " + shape + " cache entry without value, cached_at and"
                    + " ttl", null);
        }
        String text;
        try {
            text = written.write(mapping.toWire(value), Timestamps.normalise(cachedAt), ttl.toSeconds());
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
        boolean previousVersion = previous != null && VersionPeek.of(text) == previous.version;
        W wire = read(previousVersion ? previous : current, text);
        if (wire == null) { // the entry says it is of the previous version, though not in the usual place
            previousVersion = true;
            wire = read(previous, text);
        }
        T value;
        try {
            value = mapping.fromWire(wire);
        } catch (RuntimeException e) {
            throw new CacheCodecException("a " + shape + " cache entry holds an invalid value: " + e.getMessage(), e);
        }
        if (previousVersion) {
            lastUpcast.set(value);
        }
        return value;
    }

    /**
     * Read from the envelope's last fields, which follow the entity ({@code …,"cached_at":"…Z","ttl":3600}),
     * without parsing the entity: a string value cannot hold an unescaped quote, so the last {@code "cached_at":"}
     * and {@code "ttl":} are the envelope's. Empty for text not shaped so.
     */
    @Override
    public Optional<Instant> expiresAt(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int cachedAt = text.lastIndexOf(CACHED_AT_FIELD);
        int ttl = text.lastIndexOf(TTL_FIELD);
        if (cachedAt < 0 || ttl < 0) {
            return Optional.empty();
        }
        try {
            int from = cachedAt + CACHED_AT_FIELD.length();
            Instant at = Instant.parse(text.substring(from, text.indexOf('"', from)));
            int digits = ttl + TTL_FIELD.length();
            int end = digits;
            while (end < text.length() && Character.isDigit(text.charAt(end))) {
                end++;
            }
            return Optional.of(at.plusSeconds(Long.parseLong(text.substring(digits, end))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static final String CACHED_AT_FIELD = "\"cached_at\":\"";
    private static final String TTL_FIELD = "\"ttl\":";

    /**
     * Whether {@code value} is the last value this thread decoded from an entry of the previous version; asked once,
     * right after decoding (as {@link CacheCodec#isUpcast} says), it is then forgotten. Every caller asks so: the
     * cache-aside read after its own decode, and the L1 when it decodes an entry, keeping the answer beside the value
     * for its later hits on any thread. Until 2026-12-05 the L1 configuration remembered every upcast value in a
     * weak-keyed Caffeine set instead (a put per decode, a look-up per hit: 5 % of the CPU of an L1 hit at HTTP,
     * and with the default write version 1 every hero and child held in the L1, docs/benchmarks.md).
     */
    @Override
    public boolean isUpcast(T value) {
        if (lastUpcast == null || value == null || lastUpcast.get() != value) {
            return false;
        }
        lastUpcast.remove();
        return true;
    }

    /**
     * The entry's wire form in the current version, or null when {@code format} is the current one and the entry
     * turns out to be of the previous version.
     */
    private W read(Format<W, ?> format, String text) {
        CacheEnvelope<?> envelope;
        try {
            envelope = format.reader.readValue(text);
        } catch (JacksonException | RuntimeException e) {
            long version = versionIn(text);
            if (format == current && previous != null && version == previous.version) {
                return null;
            }
            throw version != NO_VERSION && !readable(version) ? outdated(version)
                    : new CacheCodecException("a " + shape + " cache entry is not readable: " + e.getMessage(), e);
        }
        if (envelope == null) {
            throw new CacheCodecException("a " + shape + " cache entry is JSON null", null);
        }
        if (envelope.v() != format.version) {
            if (format == current && previous != null && envelope.v() == previous.version) {
                return null;
            }
            throw outdated(envelope.v());
        }
        if (envelope.entity() == null) {
            throw new CacheCodecException("a " + shape + " cache entry has no entity", null);
        }
        try {
            return format.upcast(envelope.entity());
        } catch (RuntimeException e) {
            throw new CacheCodecException("a " + shape + " cache entry of schema version " + format.version
                    + " cannot be upcast: " + e.getMessage(), e);
        }
    }

    private boolean readable(long version) {
        return version == current.version || (previous != null && version == previous.version);
    }

    /**
     * The {@code v} an entry that did not fit a version's shape says it has, or {@link #NO_VERSION}. An entry
     * of another schema version may not fit at all; so before calling it corrupt, look (on this rare path only)
     * whether it simply says it is of another version.
     */
    private long versionIn(String text) {
        try {
            JsonNode v = treeReader.readTree(text).get("v");
            if (v != null && v.isIntegralNumber()) {
                return v.asLong();
            }
        } catch (JacksonException | RuntimeException ignored) {
            // not even JSON: corrupt
        }
        return NO_VERSION;
    }

    private OutdatedCacheEntryException outdated(long foundVersion) {
        return new OutdatedCacheEntryException("a " + shape + " cache entry has schema version " + foundVersion
                + ", this service reads version " + current.version
                + (previous == null ? "" : " and " + previous.version));
    }

    /**
     * One schema version's envelope: its Jackson reader and writer, and the step between its wire form {@code X}
     * and the current one {@code W} (none for the current version itself).
     */
    private static final class Format<W, X> {
        final int version;
        /** From X to W ({@code fromWire}) and back; null when X is W. */
        private final WireMapping<W, X> step;
        final ObjectReader reader;
        private final ObjectWriter writer;

        private Format(int version, WireMapping<W, X> step, JavaType wireType, ObjectMapper mapper) {
            this.version = version;
            this.step = step;
            JavaType envelope = mapper.getTypeFactory().constructParametricType(CacheEnvelope.class, wireType);
            this.reader = mapper.readerFor(envelope);
            this.writer = mapper.writerFor(envelope);
        }

        static <W, X> Format<W, X> of(int version, WireMapping<W, X> step, ObjectMapper mapper) {
            return new Format<>(version, step, step.wireType(mapper.getTypeFactory()), mapper);
        }

        @SuppressWarnings("unchecked") // the reader was built for CacheEnvelope<X>
        W upcast(Object entity) {
            return step == null ? (W) entity : step.fromWire((X) entity);
        }

        @SuppressWarnings("unchecked") // without a step, X is W
        String write(W wire, Instant cachedAt, long ttlSeconds) throws JacksonException {
            Object entity = step == null ? wire : step.toWire(wire);
            return writer.writeValueAsString(new CacheEnvelope<>(version, (X) entity, cachedAt, ttlSeconds));
        }
    }
}
