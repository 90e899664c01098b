package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import dev.taleweaver.adapter.redis.testing.RedisDeploymentExtension;
import dev.taleweaver.adapter.redis.testing.RedisTestSentinel;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DistributedRedisContract} on a real master + replica + 3 sentinels started for this class. */
class RedisSentinelIT extends DistributedRedisContract {
    @RegisterExtension
    static final RedisDeploymentExtension SENTINEL = new RedisDeploymentExtension(RedisTestSentinel::start);

    @Override
    RedisDeployment deployment() {
        return SENTINEL.deployment();
    }
}
