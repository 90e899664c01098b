package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import dev.taleweaver.adapter.redis.testing.RedisDeploymentExtension;
import dev.taleweaver.adapter.redis.testing.RedisTestSentinel;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ScaleOutFailoverContract} on a real master + replica + 3 sentinels: a Sentinel failover. */
class SentinelScaleOutIT extends ScaleOutFailoverContract {
    @RegisterExtension
    static final RedisDeploymentExtension SENTINEL = new RedisDeploymentExtension(RedisTestSentinel::start);

    @Override
    RedisDeployment deployment() {
        return SENTINEL.deployment();
    }
}
