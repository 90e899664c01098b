package dev.taleweaver.adapter.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ForwardingCacheStore;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * With the L1 off, keeps the decoded copy of each <em>big</em> entry (a collection's id list: {@code hero:all} of
 * 10,000 heroes is ~700 KB of JSON) and serves it again while the key's invalidation version is unchanged, so a page
 * of such a list costs one version read instead of reading and decoding the whole list each time (ADR 11).
 *
 * <p>Why this is as fresh as reading Redis: every change of an entry goes through an invalidation, which bumps its
 * version ({@link CacheStore#invalidate}), and a lost or alien version is replaced by a fresh random one, which no
 * copy matches. A copy is paired with the version read <em>before</em> its value was read: a value read after that
 * is of that version or newer (an invalidation deletes the value as it bumps), never older, so a copy can only be
 * dropped too early, never kept too long. Each read of a big key asks Redis for the version; nothing is trusted
 * without asking (the difference from the L1, which trusts its pub/sub channel for a bounded time, ADR 7).
 *
 * <p>Only keys whose value was seen at least {@link #MIN_CHARS} long are handled so (their first read is a plain
 * one); small entries, the per-entity ones, are read as before: the version read would cost as much as they do.
 * Bounded: at most {@link #MAX_KEPT_CHARS} characters of JSON are kept as copies (the decoded lists take about as
 * much heap again) and at most {@link #MAX_BIG_KEYS} keys are remembered as big; the least recently used go first.
 */
public final class VersionCheckedCopies extends ForwardingCacheStore {
    /** An entry at least this long (characters of JSON) is kept as a decoded copy: an id list of ~450 members. */
    public static final int MIN_CHARS = 32 * 1024;
    /** Bound of the copies kept, in characters of the JSON they were decoded from. */
    public static final long MAX_KEPT_CHARS = 32L * 1024 * 1024;
    /** Bound of the keys remembered as big. */
    public static final int MAX_BIG_KEYS = 10_000;

    private record Copy(long version, CacheCodec<?> codec, Decoded<?> decoded, int chars) {
    }

    private final Cache<String, Copy> copies = Caffeine.newBuilder()
            .maximumWeight(MAX_KEPT_CHARS)
            .weigher((String key, Copy copy) -> copy.chars())
            .executor(Runnable::run)
            .build();
    private final Cache<String, Boolean> bigKeys = Caffeine.newBuilder()
            .maximumSize(MAX_BIG_KEYS)
            .executor(Runnable::run)
            .build();

    private final int minChars;

    public VersionCheckedCopies(CacheStore delegate) {
        this(delegate, MIN_CHARS);
    }

    /** @param minChars the length from which an entry is kept as a copy; tests pass 0 to treat every entry so */
    public VersionCheckedCopies(CacheStore delegate, int minChars) {
        super(delegate);
        this.minChars = minChars;
    }

    @Override
    public <T> Optional<T> get(String key, CacheCodec<T> codec) {
        return getDecoded(key, codec).map(Decoded::value);
    }

    /** {@link #get(String, CacheCodec)}; a kept copy keeps the upcast answer it was decoded with. */
    @Override
    public <T> Optional<Decoded<T>> getDecoded(String key, CacheCodec<T> codec) {
        if (bigKeys.getIfPresent(key) == null) {
            Optional<String> text = delegate.get(key);
            text.filter(this::big).ifPresent(t -> bigKeys.put(key, Boolean.TRUE));
            return text.map(t -> decode(codec, t));
        }
        long version = delegate.version(key);
        Copy copy = copies.getIfPresent(key);
        if (copy != null && copy.version() == version && copy.codec() == codec) {
            @SuppressWarnings("unchecked") // kept for this codec, which decodes to T
            Decoded<T> kept = (Decoded<T>) copy.decoded();
            return Optional.of(kept);
        }
        Optional<String> text = delegate.get(key);
        if (text.isEmpty()) {
            copies.invalidate(key);
            return Optional.empty();
        }
        Decoded<T> decoded = decode(codec, text.get());
        if (big(text.get())) {
            copies.put(key, new Copy(version, codec, decoded, text.get().length()));
        } else {
            copies.invalidate(key);
            bigKeys.invalidate(key);
        }
        return Optional.of(decoded);
    }

    /** The value, and the codec's upcast answer asked right after decoding, as {@link CacheCodec#isUpcast} wants. */
    private static <T> Decoded<T> decode(CacheCodec<T> codec, String text) {
        T value = CacheCodec.decodeOrFail(codec, text);
        return new Decoded<>(value, codec.isUpcast(value));
    }

    /** A hit by id read as bytes (ADR 13): a small per-entity entry, read as it is. */
    @Override
    public Optional<byte[]> getBytes(String key) {
        return delegate.getBytes(key);
    }

    /** The per-entity entries of a page: small, read as they are (one multi-key read). */
    @Override
    public Map<String, String> getAll(List<String> keys) {
        return delegate.getAll(keys);
    }

    @Override
    public <T> Map<String, T> getAll(List<String> keys, CacheCodec<T> codec) {
        return delegate.getAll(keys, codec);
    }

    /** The versions moved on in Redis already; dropping this instance's copies now just frees them sooner. */
    @Override
    public void invalidate(Collection<String> keys) {
        try {
            delegate.invalidate(keys);
        } finally {
            copies.invalidateAll(keys);
        }
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        copies.invalidate(key);
        delegate.set(key, value, ttl);
    }

    @Override
    public boolean delete(String key) {
        copies.invalidate(key);
        return delegate.delete(key);
    }

    /** A flush: what this instance keeps goes too (other instances' copies are still right: no version moved). */
    @Override
    public long deletePattern(String pattern) {
        copies.invalidateAll();
        return delegate.deletePattern(pattern);
    }

    /** Copies kept now (for tests and figures). */
    long copiesKept() {
        copies.cleanUp();
        return copies.estimatedSize();
    }

    private boolean big(String text) {
        return text.length() >= minChars;
    }
}
