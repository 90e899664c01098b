package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.RedisProcess;
import dev.taleweaver.adapter.redis.testing.RedisTestSentinel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

/** {@link DistributedRedisContract} on a real master + replica + 3 sentinels started for this class. */
class RedisSentinelIT extends DistributedRedisContract {
    private RedisTestSentinel sentinel;
    private int killedPort = -1;

    @BeforeAll
    void startSentinel() {
        sentinel = RedisTestSentinel.start();
    }

    @AfterAll
    void stopSentinel() {
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @Override
    RedisConfig config(String keyPrefix) {
        return sentinel.config(keyPrefix);
    }

    @Override
    int killMasterOf(String key) {
        RedisProcess master = sentinel.master();
        master.kill();
        killedPort = master.port();
        return killedPort;
    }

    @Override
    boolean recovered() {
        return sentinel.masterPort() != killedPort && sentinel.masterUp();
    }

    @Override
    int masters() {
        return 1;
    }

    @Override
    int mastersHolding(List<String> keys) {
        return 1;
    }
}
