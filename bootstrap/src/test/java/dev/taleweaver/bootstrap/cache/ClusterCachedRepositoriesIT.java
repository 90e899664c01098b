package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.redis.testing.RedisDeploymentExtension;
import dev.taleweaver.adapter.redis.testing.RedisTestCluster;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cached-repository contracts of {@link CachedRepositoriesContractIT} on a real 3+3 Redis Cluster. */
class ClusterCachedRepositoriesIT extends CachedRepositoriesContractIT {
    @RegisterExtension
    static final RedisDeploymentExtension CLUSTER = new RedisDeploymentExtension(RedisTestCluster::start);

    @Override
    TestRedis redis() {
        return CLUSTER.testRedis();
    }
}
