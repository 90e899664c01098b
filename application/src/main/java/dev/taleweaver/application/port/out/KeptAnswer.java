package dev.taleweaver.application.port.out;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A {@link CacheStore.ReusedAnswer}: an unmodifiable map of a multi-key read's values, with one slot for what its
 * reader made of it. The answer a store (an L1) hands out again, as the very same instance, while it stands.
 */
public final class KeptAnswer<T> extends AbstractMap<String, T> implements CacheStore.ReusedAnswer {
    private final Map<String, T> values;
    private final Set<Entry<String, T>> entries;
    private volatile Made made;

    /** What a reader made of the answer. */
    private record Made(Object reader, Object value) {
    }

    /** Over {@code values}, which no one changes after this. */
    public KeptAnswer(Map<String, T> values) {
        this.values = values;
        this.entries = Collections.unmodifiableMap(values).entrySet();
    }

    @Override
    public Object keptBy(Object reader) {
        Made current = made;
        return current != null && current.reader() == reader ? current.value() : null;
    }

    @Override
    public void keep(Object reader, Object value) {
        made = new Made(reader, value);
    }

    @Override
    public T get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super T> action) {
        values.forEach(action);
    }

    @Override
    public Set<Entry<String, T>> entrySet() {
        return entries;
    }
}
