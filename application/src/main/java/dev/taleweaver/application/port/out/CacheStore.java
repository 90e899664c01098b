package dev.taleweaver.application.port.out;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CacheService of docs/caching.md: a small key/value store with expiry. Keys given here are logical
 * ({@code hero:42}); an implementation adds its deployment's key prefix itself and never touches
 * keys outside it.
 *
 * <p>Failures are reported as {@link CacheStoreException}; deciding what to do about them (fall back
 * to the database, open a circuit) is the caller's job, so implementations stay thin and fast.
 *
 * <p>Stale-set protection: every key has an invalidation <em>version</em>. A reader that misses takes
 * {@link #version(String)} before loading from the database and stores with
 * {@link #setIfVersion(String, long, String, Duration)}, which succeeds only when no
 * {@link #invalidate(Collection)} of that key happened in between. So a slow reader can never put
 * data older than a concurrent write back into the cache.
 */
public interface CacheStore {

    /**
     * The key families of the service ({@code hero:}, {@code child:}, {@code story:}), named by entity type in the
     * order reports list them: every key a store writes starts with one of them and a colon.
     */
    List<String> KEY_FAMILIES = List.of("hero", "child", "story");

    /**
     * The value, or empty when the key is absent or expired.
     *
     * @throws AlienCacheDataException when the key held something the service never writes (another type, a value
     *                                 over the store's size bound); it has been deleted
     */
    Optional<String> get(String key);

    /**
     * The value as the store holds it, its UTF-8 bytes, or empty when the key is absent or expired: for a caller that
     * reads the entry without decoding it into a string first (ADR 13). Same failures as {@link #get(String)}.
     */
    default Optional<byte[]> getBytes(String key) {
        return get(key).map(text -> text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The value decoded by {@code codec}, or empty when the key is absent or expired. A store that keeps values in
     * process (an L1) may keep what it decoded and hand the same instance to later callers of the same codec, so
     * a codec's values must be immutable (every cached shape is: records and unmodifiable lists).
     *
     * @throws CacheStoreException  when the store fails
     * @throws CacheCodecException  when the stored text is not a valid entry of {@code codec} (see
     *                              {@link CacheCodec#decodeOrFail}); the entry is left alone, the caller decides
     */
    default <T> Optional<T> get(String key, CacheCodec<T> codec) {
        return get(key).map(text -> CacheCodec.decodeOrFail(codec, text));
    }

    /**
     * {@link #get(String, CacheCodec)}, and whether the value came from an entry of the codec's previous schema
     * version ({@link CacheCodec#isUpcast}, asked right after decoding, on the decoding thread). A store that keeps
     * decoded values (an L1) keeps that answer beside the value, so a hit needs no look-up of it.
     */
    default <T> Optional<Decoded<T>> getDecoded(String key, CacheCodec<T> codec) {
        return get(key, codec).map(value -> new Decoded<>(value, codec.isUpcast(value)));
    }

    /**
     * An answer of {@link #getAll(List, CacheCodec)} that the store hands out again, as the very same (unmodifiable)
     * map, to the same keys and codec while every value in it is still the one the store holds (an L1 does). A reader
     * may keep one thing it made of the answer with it, for the next time it is handed the same answer: what it made
     * of the same values, so it need not make it again. What is kept lives no longer than the answer.
     */
    interface ReusedAnswer {
        /** What {@code reader} kept with this answer ({@link #keep}), or null. */
        Object keptBy(Object reader);

        /** Keeps {@code made} with this answer for {@code reader}, in place of anything kept before. */
        void keep(Object reader, Object made);
    }

    /** A decoded value, and whether its entry was of the previous schema version (an upcast, ADR 9). */
    record Decoded<T>(T value, boolean upcast) {
    }

    /**
     * The values of several keys, by key; absent keys are left out, and so is alien data. A store reads them in one
     * round trip where it can (Redis: {@code MGET}, grouped by cluster slot). A page asks for at most
     * {@code PageRequest.MAX_LIMIT} keys at once; a whole-list read for every member of the list. The map may be
     * unmodifiable; an L1 may hand out the same map again for the same keys, as a {@link ReusedAnswer}.
     *
     * @throws CacheStoreException when the store fails
     */
    default Map<String, String> getAll(List<String> keys) {
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            try {
                get(key).ifPresent(value -> found.put(key, value));
            } catch (AlienCacheDataException e) {
                // left out: it was deleted, the caller loads from the database
            }
        }
        return found;
    }

    /**
     * {@link #getAll(List)} decoded by {@code codec}; an entry {@code codec} cannot read is left out too (the caller
     * loads it from the database and its versioned fill replaces the entry). An L1 answers what it holds, decoded
     * once as for {@link #get(String, CacheCodec)}, and asks the next level for the rest only.
     *
     * @throws CacheStoreException when the store fails
     */
    default <T> Map<String, T> getAll(List<String> keys, CacheCodec<T> codec) {
        Map<String, T> found = new HashMap<>();
        getAll(keys).forEach((key, text) -> {
            try {
                found.put(key, CacheCodec.decodeOrFail(codec, text));
            } catch (CacheCodecException e) {
                // left out, as documented
            }
        });
        return found;
    }

    /**
     * {@link #getDecoded} answered from memory only, without waiting for anything: the decoded value of an entry this
     * instance holds and may answer now (an L1's, trusted and within its lifetime), or null when answering would take
     * a round trip, a lock or anything else that can wait (the caller then reads with {@link #getDecoded} on a thread
     * that may wait). Counted as {@link #getDecoded} counts a hit; a null is counted as nothing, the read that follows
     * counts itself. A store without such a memory answers null, always (ADR 22).
     */
    default <T> Decoded<T> heldDecoded(String key, CacheCodec<T> codec) {
        return null;
    }

    /**
     * {@link #getAll(List, CacheCodec)} answered from memory only, as {@link #heldDecoded}: the answer when this
     * instance holds every one of {@code keys} and may answer each now, else null (nothing counted).
     */
    default <T> Map<String, T> heldAll(List<String> keys, CacheCodec<T> codec) {
        return null;
    }

    /** Stores unconditionally; {@code ttl} must be positive. */
    void set(String key, String value, Duration ttl);

    /** @return whether the key existed */
    boolean delete(String key);

    /**
     * Deletes every key of this deployment matching a glob pattern ({@code hero:*}), by SCAN (never KEYS),
     * on every master of a cluster. {@code *} means every key of the service's key families ({@code hero:},
     * {@code child:}, {@code story:}) in this deployment's namespace — never a key the service did not write, even
     * without a key prefix; any other pattern starts with a family and its colon. Version keys are kept.
     *
     * @return how many keys were deleted
     */
    long deletePattern(String pattern);

    boolean exists(String key);

    /** Round trip to the server; false (never an exception) when it does not answer. */
    boolean healthCheck();

    /**
     * The key's current invalidation version: an opaque token that changes on every invalidation. A store must
     * make sure a token taken before its version bookkeeping was lost (eviction, restart) never matches again.
     *
     * @throws AlienCacheDataException when the version held no version; it was reset and the value deleted
     */
    long version(String key);

    /**
     * {@link #version} of each of several keys, by key, in one round trip where the store can (Redis: each key's
     * version script pipelined in one batch, per node on a cluster). A page's members missing from the cache take
     * their versions so before their one database query.
     *
     * @throws CacheStoreException when the store fails for any of them (then none is answered)
     */
    default Map<String, Long> versions(List<String> keys) {
        Map<String, Long> versions = new HashMap<>();
        for (String key : keys) {
            versions.put(key, version(key));
        }
        return versions;
    }

    /**
     * Stores {@code value} only if the key's version still equals {@code expectedVersion}, atomically.
     *
     * @return whether it was stored
     */
    boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl);

    /**
     * For each key, atomically bumps its version and deletes its value. A bump moves a version that is there (and
     * is one) forward by exactly one, so a writer that read the version before its database write can tell whether
     * its own invalidation was the only one since (the write-through of docs/caching.md relies on it); a lost or
     * alien version is replaced by a fresh one instead.
     *
     * @throws AlienCacheDataException after invalidating every key, when some versions held no version (they were
     *                                 replaced by fresh ones, which no earlier token matches)
     */
    void invalidate(Collection<String> keys);
}
