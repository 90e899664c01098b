package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.cache.operations.CacheAdministration;
import dev.taleweaver.application.cache.operations.CacheStatistics;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.in.CacheReport;
import dev.taleweaver.application.port.in.FlushCache.FlushResult;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, #4: the service owns only its namespace ({@code CACHE_KEY_PREFIX} and a colon) and, inside it, only its key
 * families. Flushes and key counts leave every foreign key alone — keys that merely start with the same letters
 * ({@code tw2:hero:1}, {@code twitter-session:abc}), other namespaces ({@code staging:hero:1}) and, without a prefix,
 * everything that is not {@code hero:}, {@code child:} or {@code story:}.
 */
class KeySpaceOwnershipIT {
    private static final Duration TTL = Duration.ofSeconds(60);
    /**
     * Without a prefix the service owns {@code hero:*} of its whole database: that test runs in a database of its own
     * on the shared Redis, so it never touches anybody's keys in database 0.
     */
    private static final int NO_PREFIX_DATABASE = 13;

    @Test
    void withAPrefixFlushesAndCountsOnlyItsOwnNamespaceAndFamilies() {
        try (TestRedis redis = TestRedis.create()) {
            String prefix = "tw" + UUID.randomUUID().toString().substring(0, 8); // like CACHE_KEY_PREFIX=tw
            RedisConfig config = redis.config().withKeyPrefix(prefix);
            assertThat(config.keyPrefix()).isEqualTo(prefix + ":");
            assertThat(TwoLevelCacheStore.channelOf(prefix)).isEqualTo(prefix + ":l1:invalidate");
            List<String> foreign = List.of(prefix + "2:hero:1", prefix + "itter-session:abc", prefix + "hero:1",
                    prefix + ":sessions:user:42", prefix + ":heroine", "staging:" + prefix + ":hero:1");
            try {
                checkOwnership(redis.client(), config, prefix + ":", foreign);
            } finally {
                redis.client().getKeys().delete(foreign.toArray(new String[0]));
                redis.client().getKeys().unlinkByPattern(prefix + ":*");
            }
        }
    }

    @Test
    void withoutAPrefixFlushesAndCountsOnlyTheServicesKeyFamilies() {
        try (TestRedis shared = TestRedis.create()) {
            RedisConfig config = new RedisConfig(shared.url(), null, NO_PREFIX_DATABASE, 2, Duration.ofSeconds(2), 1,
                    Duration.ofMillis(100), "");
            RedissonClient client = RedisClientFactory.create(config);
            List<String> foreign = List.of("staging:hero:1", "sessions:user:42", "heroine:1", "hero",
                    "l1:something", "ver:hero:1", "twitter-session:abc");
            try {
                checkOwnership(client, config, "", foreign);
            } finally {
                client.getKeys().delete(foreign.toArray(new String[0]));
                client.getKeys().delete("ver:{hero:1}", "ver:{hero:2}");
                client.shutdown();
            }
        }
    }

    private static void checkOwnership(RedissonClient client, RedisConfig config, String namespace,
                                       List<String> foreign) {
        RedissonCacheStore store = new RedissonCacheStore(client, config);
        CacheAdministration admin = new CacheAdministration(new CircuitBreakingCacheStore(store),
                new CacheStatistics(), new RedisServerStats(client, store, config));
        for (String key : foreign) {
            client.getBucket(key, StringCodec.INSTANCE).set("not the service's", TTL);
        }
        store.invalidate(List.of("hero:1", "hero:2")); // version keys, as writes leave them
        for (String key : List.of("hero:1", "hero:all", "hero:lang:en", "child:1", "story:1", "story:child:1")) {
            store.set(key, "v", TTL);
        }
        assertThat(client.getBucket(namespace + "hero:1", StringCodec.INSTANCE).isExists()).isTrue();

        CacheReport report = admin.report();
        assertThat(report.entities().get("hero").keyCount()).isEqualTo(3);
        assertThat(report.entities().get("child").keyCount()).isEqualTo(1);
        assertThat(report.entities().get("story").keyCount()).isEqualTo(2);

        assertThat(admin.flush(Optional.of("hero"))).isEqualTo(new FlushResult("hero", 3));
        assertThat(admin.flush(Optional.empty())).isEqualTo(new FlushResult("all", 3));
        assertThat(admin.flush(Optional.empty())).isEqualTo(new FlushResult("all", 0));

        for (String key : foreign) {
            assertThat(client.getBucket(key, StringCodec.INSTANCE).get()).as(key).isEqualTo("not the service's");
        }
        assertThat(client.getBucket(namespace + "ver:{" + namespace + "hero:1}", StringCodec.INSTANCE).isExists())
                .as("version keys are kept").isTrue();
        assertThat(admin.report().entities().get("hero").keyCount()).isZero();
    }
}
