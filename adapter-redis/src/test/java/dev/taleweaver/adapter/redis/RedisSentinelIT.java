package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import dev.taleweaver.adapter.redis.testing.RedisDeploymentExtension;
import dev.taleweaver.adapter.redis.testing.RedisTestSentinel;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DistributedRedisContract} on a real master + replica + 3 sentinels started for this class. */
class RedisSentinelIT extends DistributedRedisContract {
    @RegisterExtension
    static final RedisDeploymentExtension SENTINEL = new RedisDeploymentExtension(RedisTestSentinel::start);

    @Override
    RedisDeployment deployment() {
        return SENTINEL.deployment();
    }

    /**
     * Jedis's sentinel listeners set their running flag when their thread starts: one closed before that would
     * reconnect forever. The reads' client, closed right after it was built, leaves none behind.
     */
    @Test
    @Order(50)
    void jedisReadsClosedRightAfterTheFirstReadLeaveNoSentinelListenerRunning() throws InterruptedException {
        long before = sentinelListeners();
        for (int i = 0; i < 5; i++) {
            JedisBoundedReads reads = new JedisBoundedReads(config(prefix()));
            reads.readBytes("x:hero:1");
            reads.close();
        }
        for (int wait = 0; wait < 100 && sentinelListeners() > before; wait++) {
            Thread.sleep(20);
        }
        assertThat(sentinelListeners()).isEqualTo(before);
    }

    private static long sentinelListeners() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains("SentinelListener")).count();
    }
}
