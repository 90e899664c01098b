package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SubscriptionMode;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a cluster or sentinel topology maps onto Redisson's configuration, checked offline. */
class RedisTopologyTest {
    private static final RedisConfig BASE = RedisConfig.of("redis://localhost:6379")
            .withTimeouts(Duration.ofMillis(750), 2, Duration.ofMillis(50)).withMaxConnections(12).withPassword("pw");

    @Test
    void aClusterGetsEveryTimeoutPoolAndPasswordOfStandalone() {
        Config config = RedisClientFactory.redissonConfig(
                BASE.withTopology(RedisTopology.cluster(List.of("127.0.0.1:7000", "127.0.0.1:7001"))));
        assertThat(config.isClusterConfig()).isTrue();
        ClusterServersConfig cluster = config.useClusterServers();
        assertThat(cluster.getNodeAddresses()).containsExactly("redis://127.0.0.1:7000", "redis://127.0.0.1:7001");
        assertThat(cluster.getTimeout()).isEqualTo(750);
        assertThat(cluster.getConnectTimeout()).isEqualTo(750);
        assertThat(cluster.getRetryAttempts()).isEqualTo(2);
        assertThat(cluster.getMasterConnectionPoolSize()).isEqualTo(12);
        assertThat(cluster.getReadMode()).isEqualTo(ReadMode.MASTER);
        assertThat(cluster.getSubscriptionMode()).isEqualTo(SubscriptionMode.MASTER);
        assertThat(config.getPassword()).isEqualTo("pw");
    }

    @Test
    void sentinelNamesItsMasterAndDatabase() {
        RedisConfig redis = new RedisConfig("redis://localhost:6379", "pw", 3, 12, Duration.ofMillis(750), 2,
                Duration.ofMillis(50), "tw", null, RedisTopology.sentinel(List.of("s1:26379", "s2:26379"), "tales"));
        Config config = RedisClientFactory.redissonConfig(redis);
        SentinelServersConfig sentinel = config.useSentinelServers();
        assertThat(sentinel.getMasterName()).isEqualTo("tales");
        assertThat(sentinel.getDatabase()).isEqualTo(3);
        assertThat(sentinel.getSentinelAddresses()).containsExactly("redis://s1:26379", "redis://s2:26379");
        assertThat(sentinel.getReadMode()).isEqualTo(ReadMode.MASTER);
        assertThat(redis.toString()).contains("sentinel master \"tales\"").doesNotContain("pw");
    }

    @Test
    void readFromReplicaReadsFromReplicas() {
        Config config = RedisClientFactory.redissonConfig(BASE.withTopology(
                RedisTopology.cluster(List.of("a:7000")).withReadFrom(RedisTopology.ReadFrom.REPLICA)));
        assertThat(config.useClusterServers().getReadMode()).isEqualTo(ReadMode.SLAVE);
    }

    @Test
    void aCaFileNeedsTlsNodes() {
        assertThatThrownBy(() -> BASE.withTopology(RedisTopology.cluster(List.of("a:7000")))
                .withTlsTrust(RedisTrust.fromPemFile(TestPki.newCa("topology").caPem())))
                .hasMessageContaining("REDIS_TLS_CA_FILE is set but the nodes of REDIS_NODES are not rediss://");
    }

    @Test
    void theUrlsDatabaseIsNotCheckedAgainstASentinelDatabase() {
        RedisConfig redis = new RedisConfig("redis://localhost:6379/0", null, 5, 1, Duration.ofSeconds(1), 0,
                Duration.ZERO, "", null, RedisTopology.sentinel(List.of("s:26379"), "m"));
        assertThat(redis.database()).isEqualTo(5);
    }
}
