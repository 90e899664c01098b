package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.redis.VersionCheckedCopies;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.port.out.CacheStore;

/**
 * The cached-repository contracts of {@link CachedRepositoriesContractIT} as a service with the L1 off reads them:
 * through {@link VersionCheckedCopies}, here keeping a copy of every entry however small, so that every read of the
 * contracts is served from a version-checked copy wherever one is kept.
 */
class VersionCheckedCopiesCachedRepositoriesIT extends CachedRepositoriesContractIT {
    @Override
    CacheStore storeOver(TestRedis redis) {
        return new VersionCheckedCopies(redis.store(), 0);
    }
}
