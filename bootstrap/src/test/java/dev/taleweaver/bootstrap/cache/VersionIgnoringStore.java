package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.application.port.out.CacheStore;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * A deliberately broken store: {@link #setIfVersion} ignores the version and always stores, i.e. cache-aside
 * without stale-set protection. Tests run against it to prove their checks catch the race the version prevents.
 */
final class VersionIgnoringStore implements CacheStore {
    private final CacheStore delegate;

    VersionIgnoringStore(CacheStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl) {
        delegate.set(key, value, ttl);
        return true;
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
    public void invalidate(Collection<String> keys) {
        delegate.invalidate(keys);
    }
}
