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
    @SuppressWarnings("unchecked") // kept under this very codec
    public synchronized <T> Map<String, T> getAll(List<String> keys, CacheCodec<T> codec) {
        List<Object> asked = List.of(List.copyOf(keys), codec);
        KeptAnswer<?> before = kept.get(asked);
        if (before != null) {
            return (Map<String, T>) before;
        }
        Map<String, T> found = delegate.getAll(keys, codec);
        if (found.size() < keys.size()) {
            return found;
        }
        KeptAnswer<T> answer = new KeptAnswer<>(Map.copyOf(found));
        kept.put(asked, answer);
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
