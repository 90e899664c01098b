package dev.taleweaver.bootstrap;

import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedisReadClient;
import dev.taleweaver.adapter.redis.RedisTopology;
import dev.taleweaver.adapter.redis.RedisTransport;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The settings of a scaled-out deployment as an operator sets them: REDIS_MODE and its companions (bad combinations
 * stop start-up naming the settings), REDIS_TRANSPORT and HTTP_HOST.
 */
class ScaleOutSettingsTest {

    @Test
    void httpHostBindsOneAddressAndDefaultsToEveryInterface() {
        assertThat(Settings.from(Map.of()).http().config(7070, 1).host()).isNull();
        assertThat(Settings.from(Map.of("HTTP_HOST", "10.1.2.3")).http().config(7070, 1).host()).isEqualTo("10.1.2.3");
        assertThat(Settings.from(Map.of("HTTP_HOST", "::1")).http().config(7070, 1).host()).isEqualTo("::1");
        assertProblems(Map.of("HTTP_HOST", "http://x/"), "HTTP_HOST", "IP address or a host name");
    }


    @Test
    void standaloneIsTheDefault() {
        Settings s = Settings.from(Map.of());
        assertThat(s.redis().topology()).isEqualTo(RedisTopology.STANDALONE);
        assertThat(s.redis().standalone()).isTrue();
    }

    @Test
    void theRedisTransportIsEpollUnlessNioIsAskedFor() {
        assertThat(Settings.from(Map.of()).redis().transport()).isEqualTo(RedisTransport.EPOLL);
        assertThat(Settings.from(Map.of("REDIS_TRANSPORT", "nio")).redis().transport()).isEqualTo(RedisTransport.NIO);
        assertThat(Settings.from(Map.of("REDIS_TRANSPORT", " EPOLL ")).redis().transport())
                .isEqualTo(RedisTransport.EPOLL);
        assertThat(Settings.from(Map.of("REDIS_MODE", "cluster", "REDIS_NODES", "a:7000", "REDIS_TRANSPORT", "nio"))
                .redis().transport()).isEqualTo(RedisTransport.NIO);
        assertProblems(Map.of("REDIS_TRANSPORT", "io_uring"), "REDIS_TRANSPORT", "must be epoll or nio",
                "io_uring");
    }

    @Test
    void theJedisReadPoolHasItsOwnSizeApartFromRedissonsPool() {
        RedisConfig defaults = Settings.from(Map.of()).redis();
        assertThat(defaults.readConnections()).isEqualTo(64);
        assertThat(defaults.maxConnections()).as("the spec's REDIS_MAX_CONNECTIONS default").isEqualTo(10);
        assertThat(Settings.from(Map.of("REDIS_READ_CONNECTIONS", "8")).redis().readConnections()).isEqualTo(8);
        assertProblems(Map.of("REDIS_READ_CONNECTIONS", "0"), "REDIS_READ_CONNECTIONS");
        assertProblems(Map.of("REDIS_READ_CONNECTIONS", "1001"), "REDIS_READ_CONNECTIONS");
        assertProblems(Map.of("REDIS_READ_CONNECTIONS", "many"), "REDIS_READ_CONNECTIONS");
    }

    @Test
    void singleKeyReadsGoThroughRedissonWithTheL1AndThroughJedisWithoutItUnlessAskedOtherwise() {
        assertThat(Settings.from(Map.of()).redis().readClient()).as("with the L1 (the default)")
                .isEqualTo(RedisReadClient.REDISSON);
        assertThat(Settings.from(Map.of("CACHE_L1_ENABLED", "false")).redis().readClient())
                .isEqualTo(RedisReadClient.JEDIS);
        assertThat(Settings.from(Map.of("REDIS_READ_CLIENT", "jedis")).redis().readClient())
                .isEqualTo(RedisReadClient.JEDIS);
        assertThat(Settings.from(Map.of("CACHE_L1_ENABLED", "false", "REDIS_READ_CLIENT", "redisson")).redis()
                .readClient()).isEqualTo(RedisReadClient.REDISSON);
        assertThat(Settings.from(Map.of("REDIS_READ_CLIENT", "redisson")).redis().readClient())
                .isEqualTo(RedisReadClient.REDISSON);
        assertThat(Settings.from(Map.of("REDIS_READ_CLIENT", " JEDIS ")).redis().readClient())
                .isEqualTo(RedisReadClient.JEDIS);
        assertThat(Settings.from(Map.of("REDIS_MODE", "sentinel", "REDIS_NODES", "a:26379",
                "REDIS_SENTINEL_MASTER", "m", "REDIS_READ_CLIENT", "redisson")).redis().readClient())
                .isEqualTo(RedisReadClient.REDISSON);
        assertProblems(Map.of("REDIS_READ_CLIENT", "lettuce"), "REDIS_READ_CLIENT", "must be jedis or redisson",
                "lettuce");
        assertThat(Settings.from(Map.of("REDIS_READ_CLIENT", " ")).redis().readClient())
                .as("blank is unset").isEqualTo(RedisReadClient.REDISSON);
    }

    @Test
    void aClusterIsFoundFromItsSeedNodes() {
        Settings s = Settings.from(Map.of("REDIS_MODE", "cluster",
                "REDIS_NODES", "10.0.0.1:7000, 10.0.0.2:7000,redis://10.0.0.3:7000", "REDIS_PASSWORD", "pw"));
        assertThat(s.redis().topology().mode()).isEqualTo(RedisTopology.Mode.CLUSTER);
        assertThat(s.redis().topology().addresses())
                .containsExactly("redis://10.0.0.1:7000", "redis://10.0.0.2:7000", "redis://10.0.0.3:7000");
        assertThat(s.redis().effectivePassword()).isEqualTo("pw");
        assertThat(s.redis().tls()).isFalse();
        assertThat(s.redis().redactedUrl()).doesNotContain("pw").contains("cluster");
    }

    @Test
    void sentinelNeedsTheMasterNameAndMayUseTls() {
        Settings s = Settings.from(Map.of("REDIS_MODE", "SENTINEL", "REDIS_DB", "2",
                "REDIS_NODES", "rediss://s1:26379,rediss://s2:26379,rediss://s3:26379",
                "REDIS_SENTINEL_MASTER", "tales"));
        assertThat(s.redis().topology().sentinelMaster()).isEqualTo("tales");
        assertThat(s.redis().tls()).isTrue();
        assertThat(s.redis().database()).isEqualTo(2);
    }

    @Test
    void readFromReplicaIsAllowedWithoutTheL1() {
        Settings s = Settings.from(Map.of("REDIS_MODE", "cluster", "REDIS_NODES", "a:7000",
                "REDIS_READ_FROM", "replica", "CACHE_L1_ENABLED", "false"));
        assertThat(s.redis().topology().readFrom()).isEqualTo(RedisTopology.ReadFrom.REPLICA);
    }

    @Test
    void everyBadCombinationIsNamed() {
        assertProblems(Map.of("REDIS_MODE", "sharded"), "REDIS_MODE", "standalone, cluster or sentinel");
        assertProblems(Map.of("REDIS_MODE", "cluster"), "REDIS_NODES is empty");
        assertProblems(Map.of("REDIS_MODE", "sentinel", "REDIS_NODES", "s:26379"), "REDIS_SENTINEL_MASTER is empty");
        assertProblems(Map.of("REDIS_NODES", "a:7000"), "REDIS_NODES is set but REDIS_MODE is standalone");
        assertProblems(Map.of("REDIS_SENTINEL_MASTER", "m"), "REDIS_SENTINEL_MASTER is set but REDIS_MODE is standalone");
        assertProblems(Map.of("REDIS_MODE", "cluster", "REDIS_NODES", "a:7000", "REDIS_URL", "redis://a:7000"),
                "REDIS_URL is set but REDIS_MODE is cluster");
        assertProblems(Map.of("REDIS_MODE", "cluster", "REDIS_NODES", "a:7000", "REDIS_DB", "1"),
                "REDIS_DB is 1 but REDIS_MODE is cluster");
        assertProblems(Map.of("REDIS_MODE", "cluster", "REDIS_NODES", "a:7000", "REDIS_SENTINEL_MASTER", "m"),
                "REDIS_SENTINEL_MASTER is set but REDIS_MODE is cluster");
        assertProblems(Map.of("REDIS_MODE", "cluster", "REDIS_NODES", "a:7000,redis://b"),
                "REDIS_NODES has \"redis://b\"");
        assertProblems(Map.of("REDIS_MODE", "cluster", "REDIS_NODES", "redis://a:1,rediss://b:2"),
                "mixes redis:// and rediss://");
        assertProblems(Map.of("REDIS_MODE", "cluster", "REDIS_NODES", "user:pw@a:1"), "REDIS_NODES has");
        assertProblems(Map.of("REDIS_READ_FROM", "replica", "CACHE_L1_ENABLED", "false"),
                "REDIS_READ_FROM=replica needs replicas");
        assertProblems(Map.of("REDIS_MODE", "cluster", "REDIS_NODES", "a:7000", "REDIS_READ_FROM", "replica"),
                "REDIS_READ_FROM: replica needs CACHE_L1_ENABLED=false");
        assertProblems(Map.of("REDIS_READ_FROM", "nearest"), "REDIS_READ_FROM", "master or replica");
    }

    private static void assertProblems(Map<String, String> env, String... fragments) {
        assertThatThrownBy(() -> Settings.from(env)).as(env.toString())
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContainingAll(List.of(fragments).toArray(String[]::new));
    }
}
