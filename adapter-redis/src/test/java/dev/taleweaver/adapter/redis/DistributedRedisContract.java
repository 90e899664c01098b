package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the store, its statistics and the L1 promise on a Redis of several nodes, run against REAL processes the
 * subclass starts once for the class (a 3+3 Cluster, a Sentinel deployment): the version compare-and-set scripts,
 * batched invalidations, SCAN flush and counts over every master, INFO figures, health, the L1 channel with its
 * heartbeats, and, last, a SIGKILLed master: the store and the L1 resume within 30 s and nothing stale remains.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DistributedRedisContract {
    private static final Logger log = LoggerFactory.getLogger(DistributedRedisContract.class);
    static final Duration TTL = Duration.ofMinutes(10);
    static final Duration RESUME_BOUND = Duration.ofSeconds(30);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** The deployment under test, started once for the class. */
    abstract RedisDeployment deployment();

    RedisConfig config(String keyPrefix) {
        return deployment().config(keyPrefix);
    }

    int masters() {
        return deployment().masterCount();
    }

    int mastersHolding(List<String> keys) {
        return deployment().mastersHolding(keys);
    }

    RedissonClient client(RedisConfig config) {
        RedissonClient client = RedisClientFactory.create(config);
        toClose.add(client::shutdown);
        return client;
    }

    /** Closed after the class, before the clients. */
    RedissonCacheStore closing(RedissonCacheStore store) {
        toClose.add(store::close);
        return store;
    }

    String prefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    @AfterAll
    void closeClients() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    @Order(1)
    void versionCompareAndSetWorksForKeysOnEveryMaster() {
        RedisConfig config = config(prefix());
        RedissonCacheStore store = closing(new RedissonCacheStore(client(config), config));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keys.add("hero:" + UUID.randomUUID());
        }
        keys.addAll(List.of("hero:all", "story:all", "story:child:" + UUID.randomUUID()));
        assertThat(mastersHolding(keys.stream().map(k -> config.keyPrefix() + k).toList())).isEqualTo(masters());

        for (String key : keys) {
            long version = store.version(key);
            assertThat(store.setIfVersion(key, version, "v1 of " + key, TTL)).as(key).isTrue();
            assertThat(store.get(key)).contains("v1 of " + key);
            store.invalidate(List.of(key));
            assertThat(store.get(key)).as(key).isEmpty();
            assertThat(store.setIfVersion(key, version, "stale", TTL)).as("a token from before %s", key).isFalse();
            assertThat(store.setIfVersion(key, store.version(key), "v2", TTL)).isTrue();
        }
        assertThat(store.get(keys.get(0))).contains("v2");
    }

    @Test
    @Order(2)
    void aBatchOfInvalidationsAcrossSlotsReachesEveryKey() {
        RedisConfig config = config(prefix());
        RedissonCacheStore store = closing(new RedissonCacheStore(client(config), config));
        List<String> keys = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        for (int i = 0; i < 700; i++) { // more than one pipelined batch of 500
            String key = "child:" + i;
            keys.add(key);
            long version = store.version(key);
            versions.add(version);
            store.setIfVersion(key, version, "x", TTL);
        }
        assertThat(store.versions(keys)).as("versions read in pipelined batches across slots")
                .hasSize(keys.size()).containsEntry("child:0", versions.get(0))
                .containsEntry("child:699", versions.get(699));
        store.invalidate(keys);
        Map<String, Long> after = store.versions(keys);
        for (int i = 0; i < keys.size(); i++) {
            assertThat(store.get(keys.get(i))).as(keys.get(i)).isEmpty();
            assertThat(store.setIfVersion(keys.get(i), versions.get(i), "stale", TTL)).isFalse();
            assertThat(after.get(keys.get(i))).as(keys.get(i)).isEqualTo(versions.get(i) + 1);
        }
    }

    @Test
    @Order(3)
    void flushAndKeyCountsScanEveryMaster() {
        RedisConfig config = config(prefix());
        RedissonClient client = client(config);
        RedissonCacheStore store = closing(new RedissonCacheStore(client, config));
        RedisConfig other = config(prefix());
        RedissonCacheStore neighbour = closing(new RedissonCacheStore(client, other));
        RedisServerStats stats = new RedisServerStats(client, store, config);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            String key = List.of("hero:", "child:", "story:").get(i % 3) + i;
            keys.add(key);
            store.set(key, "v", TTL);
            neighbour.set(key, "theirs", TTL);
        }
        store.version("hero:0"); // a version key is never counted nor flushed
        assertThat(mastersHolding(keys.stream().map(k -> config.keyPrefix() + k).toList())).isEqualTo(masters());

        assertThat(stats.countKeys("*")).isEqualTo(90);
        assertThat(stats.countKeys("hero:*")).isEqualTo(30);
        assertThat(store.deletePattern("*")).isEqualTo(90);
        assertThat(stats.countKeys("*")).isZero();
        assertThat(keys).allSatisfy(key -> assertThat(store.exists(key)).isFalse());
        assertThat(keys).allSatisfy(key -> assertThat(neighbour.get(key)).contains("theirs"));
    }

    @Test
    @Order(4)
    void infoFiguresAndHealthCoverEveryMaster() {
        RedisConfig config = config(prefix());
        RedissonClient client = client(config);
        RedissonCacheStore store = closing(new RedissonCacheStore(client, config));
        RedisServerStats stats = new RedisServerStats(client, store, config);
        assertThat(store.healthCheck()).isTrue();
        // an empty Redis uses about 1 MB: the sum over every master is at least that per master
        assertThat(stats.usedMemoryBytes()).isGreaterThan(masters() * 500_000L);
        assertThat(stats.evictedKeys()).isGreaterThanOrEqualTo(0);
        assertThat(stats.poolSize()).isEqualTo(config.maxConnections());
    }

    @Test
    @Order(5)
    void theL1ChannelAndItsHeartbeatsWork() {
        RedisConfig config = config(prefix());
        try (L1Instance a = new L1Instance(config).awaitTrusted();
             L1Instance b = new L1Instance(config).awaitTrusted()) {
            for (int round = 0; round < 20; round++) {
                String old = "v" + round;
                String next = "v" + (round + 1);
                a.write("hero:l1", old);
                b.holdInL1("hero:l1");
                a.store.invalidate(List.of("hero:l1"));
                long invalidated = System.nanoTime();
                a.store.setIfVersion("hero:l1", a.store.version("hero:l1"), next, TTL);
                long stale = L1Instance.stalenessAfter(invalidated, () -> {
                    String seen = b.read("hero:l1");
                    return old.equals(seen) ? 1 : next.equals(seen) ? 0 : -1;
                });
                assertThat(Duration.ofNanos(stale)).isLessThan(L1Settings.DEFAULT_STALENESS_BOUND);
            }
        }
    }

    /**
     * Last: it changes the deployment. Two L1 instances and a plain store keep working through a SIGKILL of the
     * master that holds the keys; within {@link #RESUME_BOUND} the store answers again, both L1s are trusted again,
     * a write through one is seen by the other within the L1 bound, and no key holds a value older than its last
     * write.
     */
    /** Single-key reads (Jedis by default) find every key on its slot's master, whatever Redisson wrote there. */
    @Test
    @Order(6)
    void singleKeyReadsFindKeysOnEveryMaster() {
        RedisConfig config = config(prefix());
        assertThat(config.effectiveReadClient()).isEqualTo(RedisReadClient.JEDIS);
        RedissonCacheStore store = closing(new RedissonCacheStore(client(config), config));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add("hero:s" + i);
            store.set("hero:s" + i, "héros " + i + " 🦸", TTL);
        }
        assertThat(mastersHolding(keys.stream().map(k -> config.keyPrefix() + k).toList())).isEqualTo(masters());
        for (int i = 0; i < 200; i++) {
            assertThat(store.get("hero:s" + i)).as("hero:s" + i).contains("héros " + i + " 🦸");
            assertThat(store.getBytes("hero:s" + i)).isPresent();
        }
        assertThat(store.get("hero:absent")).isEmpty();
    }

    @Test
    @Order(100)
    void aKilledMasterIsReplacedAndCachingResumesWithNothingStale() {
        RedisConfig config = config(prefix());
        try (L1Instance a = new L1Instance(config).awaitTrusted();
             L1Instance b = new L1Instance(config).awaitTrusted()) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                keys.add("hero:f" + i);
                a.write("hero:f" + i, "before");
            }
            b.holdInL1("hero:f0");
            // one store through the whole failover: its Jedis reads must follow the new master themselves
            RedissonCacheStore plainA = closing(new RedissonCacheStore(a.client, config));
            assertThat(plainA.get("hero:f1")).contains("before");
            long killedAt = System.nanoTime();
            int killed = deployment().killMasterOf(config.keyPrefix() + "hero:f0");
            log.info("Killed the master on port {} holding {}", killed, config.keyPrefix() + "hero:f0");

            // writes while the master is gone fail or succeed, but never leave an old value behind a newer one
            long resumedAt = 0;
            int round = 0;
            while (resumedAt == 0) {
                round++;
                try {
                    a.write("hero:f0", "during" + round);
                    if (Optional.of("during" + round).equals(plainA.get("hero:f0"))
                            && deployment().recovered()) {
                        resumedAt = System.nanoTime();
                    }
                } catch (RuntimeException e) {
                    // the cache is down for a moment: CachedRepository would answer from the database
                }
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("caching resumed").isLessThan(RESUME_BOUND);
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            log.info("Caching resumed {} ms after the master was killed", (resumedAt - killedAt) / 1_000_000);
            L1Instance.awaitTrusted(a.store);
            L1Instance.awaitTrusted(b.store);
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("both L1s trusted again")
                    .isLessThan(RESUME_BOUND);

            RedissonCacheStore plainB = closing(new RedissonCacheStore(b.client, config));
            for (String key : keys) {
                a.write(key, "after");
                long written = System.nanoTime();
                long stale = L1Instance.stalenessAfter(written, () -> {
                    String seen = b.read(key);
                    return "after".equals(seen) ? 0 : seen == null ? -1 : 1;
                });
                assertThat(Duration.ofNanos(stale)).as(key).isLessThan(L1Settings.DEFAULT_STALENESS_BOUND);
                assertThat(plainB.get(key)).as(key).contains("after");
            }
        }
    }
}
