package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.redis.testing.RedisDeploymentExtension;
import dev.taleweaver.adapter.redis.testing.RedisTestSentinel;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cached-repository contracts of {@link CachedRepositoriesContractIT} on a real master + replica + 3 sentinels. */
class SentinelCachedRepositoriesIT extends CachedRepositoriesContractIT {
    @RegisterExtension
    static final RedisDeploymentExtension SENTINEL = new RedisDeploymentExtension(RedisTestSentinel::start);

    @Override
    TestRedis redis() {
        return SENTINEL.testRedis();
    }
}
