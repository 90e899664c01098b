package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.RedisProcess;
import dev.taleweaver.adapter.redis.testing.RedisTestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DistributedRedisContract} on a real 3-master + 3-replica Redis Cluster started for this class. */
class RedisClusterIT extends DistributedRedisContract {
    private RedisTestCluster cluster;

    @BeforeAll
    void startCluster() {
        cluster = RedisTestCluster.start();
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    RedisConfig config(String keyPrefix) {
        return cluster.config(keyPrefix);
    }

    @Override
    int killMasterOf(String key) {
        RedisProcess master = cluster.masterOf(key);
        master.kill();
        return master.port();
    }

    @Override
    boolean recovered() {
        return cluster.healthy();
    }

    @Override
    int masters() {
        return 3;
    }

    @Override
    int mastersHolding(List<String> keys) {
        Set<Integer> ports = keys.stream().map(key -> cluster.masterOf(key).port()).collect(Collectors.toSet());
        return ports.size();
    }

    /** The claim of the store's hash tag, checked by the servers themselves rather than by our CRC16. */
    @Test
    void aValueKeyAndItsVersionKeyShareASlotOnTheRealCluster() {
        for (String valueKey : List.of("tw:hero:1", "hero:all", "p:story:child:42", "x:y:child:abc")) {
            String versionKey = valueKey.substring(0, valueKey.indexOf(':') + 1) + "ver:{" + valueKey + "}";
            assertThat(cluster.slotOf(versionKey)).as(versionKey).isEqualTo(cluster.slotOf(valueKey));
        }
        assertThat(cluster.awaitHealthy(Duration.ofSeconds(1))).isTrue();
    }
}
