package dev.taleweaver.application.cache.testing;

import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ForwardingCacheStore;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store that hands out its answer to a multi-key read again, as the same {@link CacheStore.ReusedAnswer}, to the
 * same keys and codec, as an L1 does while its entries stand: here, until anything is written through this store.
 * Only an answer that found every key is kept (the L1 keeps the answers it gave whole). Entries planted in the
 * store below behind its back are not seen by a kept answer.
 */
public final class ReusingAnswersStore extends ForwardingCacheStore {
    private final Map<List<Object>, Answer<?>> kept = new HashMap<>();

    public ReusingAnswersStore(CacheStore delegate) {
        super(delegate);
    }

    /** An unmodifiable answer with a slot for what its reader made of it. */
    private static final class Answer<T> extends AbstractMap<String, T> implements CacheStore.ReusedAnswer {
        private final Map<String, T> values;
        private volatile Object reader;
        private volatile Object made;

        Answer(Map<String, T> values) {
            this.values = Map.copyOf(values);
        }

        @Override
        public Object keptBy(Object asking) {
            return reader == asking ? made : null;
        }

        @Override
        public synchronized void keep(Object asking, Object value) {
            made = value;
            reader = asking;
        }

        @Override
        public Set<Entry<String, T>> entrySet() {
            return Collections.unmodifiableMap(values).entrySet();
        }

        @Override
        public T get(Object key) {
            return values.get(key);
        }
    }

    @Override
    @SuppressWarnings("unchecked") // kept under this very codec
    public synchronized <T> Map<String, T> getAll(List<String> keys, CacheCodec<T> codec) {
        List<Object> asked = List.of(List.copyOf(keys), codec);
        Answer<?> before = kept.get(asked);
        if (before != null) {
            return (Map<String, T>) before;
        }
        Map<String, T> found = delegate.getAll(keys, codec);
        if (found.size() < keys.size()) {
            return found;
        }
        Answer<T> answer = new Answer<>(found);
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
