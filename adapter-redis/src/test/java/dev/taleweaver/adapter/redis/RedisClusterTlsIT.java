package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import dev.taleweaver.adapter.redis.testing.RedisDeploymentExtension;
import dev.taleweaver.adapter.redis.testing.RedisTestCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DistributedRedisContract} on a real 3+3 Redis Cluster that answers TLS only (clients, replication and the
 * cluster bus): {@code rediss://} seed nodes and REDIS_TLS_CA_FILE's CA, the host name verified against every node's
 * certificate, as the cluster announces the nodes.
 */
class RedisClusterTlsIT extends DistributedRedisContract {
    @RegisterExtension
    static final RedisDeploymentExtension CLUSTER = new RedisDeploymentExtension(RedisTestCluster::startWithTls);

    @Override
    RedisDeployment deployment() {
        return CLUSTER.deployment();
    }
}
