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
                .weigher((String key, Answer answer) -> answer.entries().length)
                .build();
    }

    /** What the L1 answered to {@code keys}, from {@code entries} (in the keys' order), decoded by {@code codec}. */
    private record Answer(String[] keys, L1Entry[] entries, CacheCodec<?> codec, Map<String, ?> values) {
        boolean answers(List<String> asked, CacheCodec<?> askedCodec, long now) {
            if (askedCodec != codec || asked.size() != keys.length) {
                return false;
            }
            for (int i = 0; i < keys.length; i++) {
                String key = asked.get(i);
                if (key != keys[i] && !key.equals(keys[i])) {
                    return false;
                }
            }
            for (L1Entry entry : entries) {
                if (!entry.standsAt(now)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The map answered to {@code keys} before, if each of its entries still stands at {@code now}; else null. */
    @SuppressWarnings("unchecked") // kept with this very codec
    <T> Map<String, T> again(List<String> keys, CacheCodec<T> codec, long now) {
        if (keys.isEmpty()) {
            return null;
        }
        Answer answer = byFirstKey.getIfPresent(keys.get(0));
        return answer != null && answer.answers(keys, codec, now) ? (Map<String, T>) answer.values() : null;
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
