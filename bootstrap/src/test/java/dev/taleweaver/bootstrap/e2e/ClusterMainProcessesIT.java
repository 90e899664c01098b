package dev.taleweaver.bootstrap.e2e;

import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import dev.taleweaver.adapter.redis.testing.RedisProcess;
import dev.taleweaver.adapter.redis.testing.RedisDeploymentExtension;
import dev.taleweaver.adapter.redis.testing.RedisTestCluster;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** {@link MainProcessesOnDistributedRedisContract} with REDIS_MODE=cluster on a real 3+3 Redis Cluster. */
class ClusterMainProcessesIT extends MainProcessesOnDistributedRedisContract {
    @RegisterExtension
    static final RedisDeploymentExtension CLUSTER = new RedisDeploymentExtension(RedisTestCluster::start);

    @Override
    RedisDeployment deployment() {
        return CLUSTER.deployment();
    }

    @Override
    Map<String, String> redisEnvironment() {
        return Map.of("REDIS_MODE", "cluster", "REDIS_PASSWORD", RedisProcess.PASSWORD,
                "REDIS_NODES", String.join(",", ((RedisTestCluster) deployment()).seeds().subList(0, 3)));
    }

    @Override
    String describedAs() {
        return "cluster seeded by redis://127.0.0.1:";
    }
}
