package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import dev.taleweaver.adapter.redis.testing.RedisDeploymentExtension;
import dev.taleweaver.adapter.redis.testing.RedisTestCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ScaleOutFailoverContract} on a real 3-master + 3-replica Redis Cluster. */
class ClusterScaleOutIT extends ScaleOutFailoverContract {
    @RegisterExtension
    static final RedisDeploymentExtension CLUSTER = new RedisDeploymentExtension(RedisTestCluster::start);

    @Override
    RedisDeployment deployment() {
        return CLUSTER.deployment();
    }
}
