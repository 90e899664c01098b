package dev.taleweaver.bootstrap.e2e;

import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import dev.taleweaver.adapter.redis.testing.RedisProcess;
import dev.taleweaver.adapter.redis.testing.RedisDeploymentExtension;
import dev.taleweaver.adapter.redis.testing.RedisTestSentinel;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** {@link MainProcessesOnDistributedRedisContract} with REDIS_MODE=sentinel on a real master, replica and 3 sentinels. */
class SentinelMainProcessesIT extends MainProcessesOnDistributedRedisContract {
    @RegisterExtension
    static final RedisDeploymentExtension SENTINEL = new RedisDeploymentExtension(RedisTestSentinel::start);

    @Override
    RedisDeployment deployment() {
        return SENTINEL.deployment();
    }

    @Override
    Map<String, String> redisEnvironment() {
        return Map.of("REDIS_MODE", "sentinel", "REDIS_PASSWORD", RedisProcess.PASSWORD,
                "REDIS_NODES", String.join(",", ((RedisTestSentinel) deployment()).sentinelAddresses()),
                "REDIS_SENTINEL_MASTER", RedisTestSentinel.MASTER_NAME);
    }

    @Override
    String describedAs() {
        return "sentinel master \"" + RedisTestSentinel.MASTER_NAME + "\" via redis://127.0.0.1:";
    }
}
