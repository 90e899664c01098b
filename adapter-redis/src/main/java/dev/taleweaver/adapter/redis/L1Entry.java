package dev.taleweaver.adapter.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheStore.Decoded;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A value in the L1, until when it may answer, and what a codec last decoded it to: an L1 hit hands out that
 * same immutable instance instead of parsing the text again (for a list of 10,000 heroes the parse is most of
 * the read). One decoded form is kept, that of the last codec that asked; cached shapes have one codec each.
 *
 * <p>Past its lifetime an entry no longer answers, but stays in the L1 (within its bound) until the next read
 * of its key has asked Redis: when Redis still holds the very same text, the entry is renewed — the
 * same text and decoded instance under a new lifetime — instead of replaced by a fresh decode of equal content.
 * Renewing is safe by construction (a decoded form is a function of the text alone) and keeps the L1's
 * once-a-lifetime re-reads from turning every hot entry into new long-lived garbage for the young collector to
 * copy (docs/benchmarks.md, "The GC pauses behind the p99").
 *
 * <p>An entry is <em>retired</em> when it leaves the L1 or is replaced there (invalidated, overwritten, renewed,
 * evicted, cleared); the L1 retires it no later than it removes it, and never puts a retired entry back. So an
 * entry held by reference that is not retired and {@linkplain #answersAt answers} would be what a look-up of its key
 * finds now: {@link RepeatedAnswers} relies on that to answer a set of keys again without looking each one up.
 * Each retirement is also counted, after the mark, in the L1's count of retirements: while that count has not moved
 * since some moment, no entry held then has been retired since.
 */
final class L1Entry {
    final String value;
    /** {@link Ticker} nanoseconds after which the entry answers no more. */
    final long expiresAt;
    private volatile Known decoded;
    private volatile boolean retired;

    L1Entry(String value, long expiresAt) {
        this.value = value;
        this.expiresAt = expiresAt;
    }

    L1Entry(String value, long expiresAt, Known decoded) {
        this(value, expiresAt);
        this.decoded = decoded;
    }

    boolean answersAt(long now) {
        return now - expiresAt < 0;
    }

    /** Marks this entry gone from the L1 (or about to go), then counts it in {@code retirements}: see above. */
    void retire(AtomicLong retirements) {
        retired = true;
        retirements.incrementAndGet();
    }

    /** Whether this entry is still the L1's for its key and may answer at {@code now}. */
    boolean standsAt(long now) {
        return !retired && answersAt(now);
    }

    /** This entry under a new lifetime when {@code text} is its very text, else a new entry of {@code text}. */
    static L1Entry renewedOrNew(L1Entry held, String text, long expiresAt) {
        return held != null && held.value.equals(text) ? new L1Entry(held.value, expiresAt, held.decoded)
                : new L1Entry(text, expiresAt);
    }

    <T> T decodedBy(CacheCodec<T> codec) {
        return decodedWithUpcastBy(codec).value();
    }

    /**
     * The value and whether it was upcast, decoded once per codec: the codec is asked {@link CacheCodec#isUpcast}
     * right after decoding, on the decoding thread, and the answer is kept beside the value, so a hit asks
     * nothing (a weak identity look-up per hit was 5 % of the CPU of an L1 hit at HTTP, docs/benchmarks.md).
     */
    @SuppressWarnings("unchecked") // the value was decoded by this very codec
    <T> Decoded<T> decodedWithUpcastBy(CacheCodec<T> codec) {
        Known known = decoded;
        if (known != null && known.codec() == codec) {
            return (Decoded<T>) known.decoded();
        }
        T value = CacheCodec.decodeOrFail(codec, this.value);
        Decoded<T> fresh = new Decoded<>(value, codec.isUpcast(value));
        decoded = new Known(codec, fresh);
        return fresh;
    }
}

/** What a codec made of the entry, kept for that codec. */
record Known(CacheCodec<?> codec, Decoded<?> decoded) {
}

