package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import dev.taleweaver.adapter.redis.testing.RedisDeploymentExtension;
import dev.taleweaver.adapter.redis.testing.RedisTestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DistributedRedisContract} on a real 3-master + 3-replica Redis Cluster started for this class. */
class RedisClusterIT extends DistributedRedisContract {
    @RegisterExtension
    static final RedisDeploymentExtension CLUSTER = new RedisDeploymentExtension(RedisTestCluster::start);

    @Override
    RedisDeployment deployment() {
        return CLUSTER.deployment();
    }

    /** The claim of the store's hash tag, checked by the servers themselves rather than by our CRC16. */
    @Test
    void aValueKeyAndItsVersionKeyShareASlotOnTheRealCluster() {
        RedisTestCluster cluster = (RedisTestCluster) CLUSTER.deployment();
        for (String valueKey : List.of("tw:hero:1", "hero:all", "p:story:child:42", "x:y:child:abc")) {
            String versionKey = valueKey.substring(0, valueKey.indexOf(':') + 1) + "ver:{" + valueKey + "}";
            assertThat(cluster.slotOf(versionKey)).as(versionKey).isEqualTo(cluster.slotOf(valueKey));
        }
    }
}
