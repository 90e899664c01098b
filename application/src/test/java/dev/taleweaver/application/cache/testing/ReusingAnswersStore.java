package dev.taleweaver.application.cache.testing;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ForwardingCacheStore;
import dev.taleweaver.application.port.out.KeptAnswer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A store that hands out its answer to a multi-key read again, as the same {@link KeptAnswer}, to the same keys and
 * codec, as an L1 does while its entries stand: here, until anything is written through this store.
 * Only an answer that found every key is kept (the L1 keeps the answers it gave whole). Entries planted in the
 * store below behind its back are not seen by a kept answer.
 */
public final class ReusingAnswersStore extends ForwardingCacheStore {
    private final Map<List<Object>, KeptAnswer<?>> kept = new HashMap<>();

    public ReusingAnswersStore(CacheStore delegate) {
        super(delegate);
    }

    @Override
    public synchronized <T> Map<String, T> getAll(List<String> keys, CacheCodec<T> codec) {
        Map<String, T> before = kept(keys, codec);
        return before != null ? before : keep(keys, codec, delegate.getAll(keys, codec));
    }

    /** As {@link #getAll(List, CacheCodec)}, from the store below's memory (ADR 22). */
    @Override
    public synchronized <T> Map<String, T> heldAll(List<String> keys, CacheCodec<T> codec) {
        Map<String, T> before = kept(keys, codec);
        if (before != null) {
            return before;
        }
        Map<String, T> found = delegate.heldAll(keys, codec);
        return found == null ? null : keep(keys, codec, found);
    }

    @Override
    public <T> Decoded<T> heldDecoded(String key, CacheCodec<T> codec) {
        return delegate.heldDecoded(key, codec);
    }

    @SuppressWarnings("unchecked") // kept under this very codec
    private <T> Map<String, T> kept(List<String> keys, CacheCodec<T> codec) {
        return (Map<String, T>) kept.get(List.of(List.copyOf(keys), codec));
    }

    /** {@code found}, kept as the answer to {@code keys} and {@code codec} when it has every key. */
    private <T> Map<String, T> keep(List<String> keys, CacheCodec<T> codec, Map<String, T> found) {
        if (found.size() < keys.size()) {
            return found;
        }
        KeptAnswer<T> answer = new KeptAnswer<>(Map.copyOf(found));
        kept.put(List.of(List.copyOf(keys), codec), answer);
        return answer;
    }

    @Override
    public synchronized void set(String key, String value, Duration ttl) {
        kept.clear();
        delegate.set(key, value, ttl);
    }

    @Override
    public synchronized boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl) {
        kept.clear();
        return delegate.setIfVersion(key, expectedVersion, value, ttl);
    }

    @Override
    public synchronized boolean delete(String key) {
        kept.clear();
        return delegate.delete(key);
    }

    @Override
    public synchronized void invalidate(Collection<String> keys) {
        kept.clear();
        delegate.invalidate(keys);
    }

    @Override
    public synchronized long deletePattern(String pattern) {
        kept.clear();
        return delegate.deletePattern(pattern);
    }
}
