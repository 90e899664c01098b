package dev.taleweaver.adapter.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.KeptAnswer;

import java.util.List;
import java.util.Map;

/**
 * The last answer the L1 gave whole to a multi-key read, kept by its first key, with the entries it came from: the
 * same keys asked again are answered with the same map while every one of those entries still stands
 * ({@link L1Entry#standsAt}: not retired, within its lifetime). That is what looking each key up again would find,
 * without the look-ups: a cached page of 50 heroes asks the same 50 keys each time, and their 50 look-ups in a
 * map of 10,000+ entries (memory-bound, each also recording the access for the eviction policy) were a third of
 * its CPU (docs/benchmarks.md, issue 11).
 *
 * <p>Checking the entries one by one is itself memory-bound (a tenth of a cached page's CPU, issue 11), so a
 * kept answer also notes the L1's count of retirements at the start of a read that found all its entries standing,
 * and the earliest end of their lifetimes: while the count has not moved since and that time has not come, none of
 * them can have been retired or have expired, and the answer stands without looking at them. The count is read
 * before the entries are looked at, and an entry is counted only after it is marked retired, so a retirement the
 * count does not show yet was not finished before the read began (the read is then ordered before it, as if it had
 * looked each key up a moment earlier).
 *
 * <p>Bounded by {@code maxEntries} references to entries over all kept answers (the L1's own bound): an answer
 * whose entries have left the L1 keeps them from the collector only until it is replaced or evicted. Only answers of
 * a codec are kept; the map kept is unmodifiable and is handed out as is, a {@link KeptAnswer} on which its reader
 * may keep what it made of it.
 */
final class RepeatedAnswers {
    private final Cache<String, Answer> byFirstKey;

    RepeatedAnswers(long maxEntries) {
        this.byFirstKey = Caffeine.newBuilder()
                .maximumWeight(maxEntries)
                .weigher((String key, Answer answer) -> answer.size())
                .build();
    }

    /**
     * What the L1 answered to {@code keys}, from {@code entries} (in the keys' order), decoded by {@code codec}; until
     * when they all answer ({@code expiresAt}), and the retirement count at the start of a read that found them all
     * standing ({@link #NOT_CHECKED} until one has).
     */
    private static final class Answer {
        private final String[] keys;
        private final L1Entry[] entries;
        private final CacheCodec<?> codec;
        private final Map<String, ?> values;
        private final long expiresAt;
        private volatile long standingSince = NOT_CHECKED;

        Answer(String[] keys, L1Entry[] entries, CacheCodec<?> codec, Map<String, ?> values) {
            this.keys = keys;
            this.entries = entries;
            this.codec = codec;
            this.values = values;
            long earliest = entries[0].expiresAt;
            for (L1Entry entry : entries) {
                earliest = entry.expiresAt - earliest < 0 ? entry.expiresAt : earliest; // ticker time may wrap
            }
            this.expiresAt = earliest;
        }

        /** Whether {@code asked} by {@code askedCodec} at {@code now} (retirement count {@code retired}) stands. */
        boolean answers(List<String> asked, CacheCodec<?> askedCodec, long now, long retired) {
            if (!sameQuestion(asked, askedCodec)) {
                return false;
            }
            if (standingSince == retired && now - expiresAt < 0) {
                return true; // nothing retired since they all stood, none expired: see the class comment
            }
            for (L1Entry entry : entries) {
                if (!entry.standsAt(now)) {
                    return false;
                }
            }
            standingSince = retired;
            return true;
        }

        private boolean sameQuestion(List<String> asked, CacheCodec<?> askedCodec) {
            if (askedCodec != codec || asked.size() != keys.length) {
                return false;
            }
            for (int i = 0; i < keys.length; i++) {
                String key = asked.get(i);
                if (key != keys[i] && !key.equals(keys[i])) {
                    return false;
                }
            }
            return true;
        }

        int size() {
            return entries.length;
        }
    }

    /** {@link Answer#standingSince} of an answer no read has found standing yet. */
    private static final long NOT_CHECKED = -1;

    /**
     * The map answered to {@code keys} before, if each of its entries still stands at {@code now}; else null.
     *
     * @param retired the L1's count of retirements, read before this read looked at any entry
     */
    @SuppressWarnings("unchecked") // kept with this very codec
    <T> Map<String, T> again(List<String> keys, CacheCodec<T> codec, long now, long retired) {
        if (keys.isEmpty()) {
            return null;
        }
        Answer answer = byFirstKey.getIfPresent(keys.get(0));
        return answer != null && answer.answers(keys, codec, now, retired) ? (Map<String, T>) answer.values : null;
    }

    /**
     * Keeps {@code values}, the L1's whole answer to {@code keys} from {@code entries} (one per key, in order; an
     * entry whose value {@code codec} could not read is not in it). Returns the map kept: {@code values} as a
     * {@link KeptAnswer}.
     */
    <T> Map<String, T> keep(List<String> keys, L1Entry[] entries, CacheCodec<T> codec, Map<String, T> values) {
        Map<String, T> kept = new KeptAnswer<>(values);
        if (!keys.isEmpty()) {
            byFirstKey.put(keys.get(0), new Answer(keys.toArray(String[]::new), entries, codec, kept));
        }
        return kept;
    }
}
