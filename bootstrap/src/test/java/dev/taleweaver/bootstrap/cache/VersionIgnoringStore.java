package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ForwardingCacheStore;

import java.time.Duration;

/**
 * A deliberately broken store: {@link #setIfVersion} ignores the version and always stores, i.e. cache-aside
 * without stale-set protection. Tests run against it to prove their checks catch the race the version prevents.
 */
final class VersionIgnoringStore extends ForwardingCacheStore {

    VersionIgnoringStore(CacheStore delegate) {
        super(delegate);
    }

    @Override
    public boolean setIfVersion(String key, long expectedVersion, String value, Duration ttl) {
        delegate.set(key, value, ttl);
        return true;
    }
}
