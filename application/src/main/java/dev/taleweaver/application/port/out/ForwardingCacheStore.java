package dev.taleweaver.application.port.out;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link CacheStore} that forwards every call to another; decorators override only what they change. */
public abstract class ForwardingCacheStore implements CacheStore {
    protected final CacheStore delegate;

    protected ForwardingCacheStore(CacheStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Optional<String> get(String key) {
        return delegate.get(key);
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        delegate.set(key, value, ttl);
    }

    @Override
    public boolean delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public long deletePattern(String pattern) {
        return delegate.deletePattern(pattern);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public boolean healthCheck() {
        return delegate.healthCheck();
    }

    @Override
    public long version(String key) {
        return delegate.version(key);
    }

    @Override
    public Map<String, Long> versions(List<String> keys) {
        return delegate.versions(keys);
    }

    @Override
    public boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl) {
        return delegate.setIfVersion(key, expectedVersion, value, ttl);
    }

    @Override
    public void invalidate(Collection<String> keys) {
        delegate.invalidate(keys);
    }
}
