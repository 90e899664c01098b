package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.adapter.redis.testing.PrivateRedisStore;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.port.out.AlienCacheDataException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Redis figures of the cache statistics, against the real Redis and against private servers that fail. */
class RedisServerStatsIT {
    private static final Duration TTL = Duration.ofSeconds(60);
    /** The stats' own timeout (1 s, the private servers' socket timeout) plus a generous margin for a busy CI. */
    private static final Duration BOUND = Duration.ofMillis(2_500);
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final List<AutoCloseable> cleanUp = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).close();
        }
    }

    private TestRedis shared() {
        TestRedis redis = TestRedis.create();
        cleanUp.add(redis);
        return redis;
    }

    private RedisServerStats statsOf(TestRedis redis, RedissonCacheStore store) {
        return new RedisServerStats(redis.client(), store, redis.config());
    }

    @Test
    void readsUsedMemoryAndEvictionsFromRedisInfo() {
        TestRedis redis = shared();
        RedisServerStats stats = statsOf(redis, redis.store());

        assertThat(stats.usedMemoryBytes()).isGreaterThan(0);
        assertThat(stats.evictedKeys()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void countsOnlyItsOwnPrefixAndTypeAndNeverVersionKeys() {
        TestRedis mine = shared();
        TestRedis theirs = shared();
        RedissonCacheStore store = mine.store();
        store.set("hero:1", "a", TTL);
        store.set("hero:2", "b", TTL);
        store.set("hero:lang:en", "[]", TTL);
        store.set("child:1", "c", TTL);
        store.invalidate(List.of("hero:3", "child:9")); // version keys only, no values
        theirs.store().set("hero:1", "other deployment", TTL);
        theirs.store().set("hero:all", "other deployment", TTL);
        assertThat(mine.keys()).as("version keys exist under my prefix")
                .contains(mine.keyPrefix() + "ver:{" + mine.keyPrefix() + "hero:3}");

        RedisServerStats stats = statsOf(mine, store);

        assertThat(stats.countKeys("hero:*")).isEqualTo(3);
        assertThat(stats.countKeys("child:*")).isEqualTo(1);
        assertThat(stats.countKeys("story:*")).isZero();
        assertThat(stats.countKeys("*")).isEqualTo(4);
        assertThat(statsOf(theirs, theirs.store()).countKeys("hero:*")).isEqualTo(2);
    }

    @Test
    void countsAcrossManyScanPages() {
        TestRedis redis = shared();
        RedissonCacheStore store = redis.store();
        int keys = RedisServerStats.SCAN_PAGE * 2 + 345;
        var batch = redis.client().createBatch();
        for (int i = 0; i < keys; i++) {
            batch.getBucket(redis.keyPrefix() + "story:" + i, org.redisson.client.codec.StringCodec.INSTANCE)
                    .setAsync("s", TTL);
        }
        batch.execute();

        assertThat(statsOf(redis, store).countKeys("story:*")).isEqualTo(keys);
    }

    @Test
    void anEmptyPatternIsUnknownNotAnError() {
        TestRedis redis = shared();

        assertThat(statsOf(redis, redis.store()).countKeys("")).isEqualTo(-1);
    }

    @Test
    void thePoolIsIdleAtRestAndItsSizeIsTheConfiguredOne() {
        TestRedis redis = shared();
        RedissonCacheStore store = redis.store();
        store.set("hero:1", "a", TTL);
        store.get("hero:1");

        RedisServerStats stats = new RedisServerStats(redis.client(), store, redis.config().withMaxConnections(7));

        assertThat(stats.poolInUse()).isZero();
        assertThat(stats.poolSize()).isEqualTo(7);
    }

    @Test
    void poolUsageCountsCallsInFlightUpToThePoolSize() throws Exception {
        PrivateRedisServer server = PrivateRedisServer.start();
        cleanUp.add(server);
        // the reads share Redisson's pool: the read-pool figures are the main pool's
        RedisConfig config = server.config("stats:").withMaxConnections(2).withReadClient(RedisReadClient.REDISSON);
        RedissonClient client = RedisClientFactory.create(config);
        cleanUp.add(client::shutdown);
        RedissonCacheStore store = new RedissonCacheStore(client, config);
        RedisServerStats stats = new RedisServerStats(client, store, config);
        store.set("hero:1", "a", TTL);

        ExecutorService callers = Executors.newFixedThreadPool(5);
        cleanUp.add(callers::shutdownNow);
        server.freeze(); // every call now hangs until its timeout: they pile up in flight
        List<Future<?>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                calls.add(callers.submit(() -> {
                    try {
                        store.get("hero:1");
                    } catch (RuntimeException expected) {
                        // a frozen server times out
                    }
                }));
            }
            awaitUntil("5 calls in flight", () -> store.callsInFlight() == 5);
            assertThat(stats.poolInUse()).as("capped at the pool size").isEqualTo(2);
            assertThat(stats.readPoolInUse()).as("the same pool").isEqualTo(2);
            assertThat(stats.readPoolSize()).isEqualTo(2);
            assertThat(store.readsInFlight()).isZero();
        } finally {
            server.thaw();
        }
        for (Future<?> call : calls) {
            call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(stats.poolInUse()).isZero();
    }

    /**
     * ADR 18's Jedis reads take their connections from a pool of their own: reads held in flight by a frozen server
     * are counted there, up to REDIS_READ_CONNECTIONS, and leave Redisson's pool (REDIS_MAX_CONNECTIONS) to the other
     * calls. The socket timeout is long so the calls stay in flight while the figures are read.
     */
    @Test
    void jedisReadsInFlightAreCountedInTheReadPoolNotTheMainPool() throws Exception {
        PrivateRedisStore fixture = new PrivateRedisStore();
        cleanUp.add(fixture);
        PrivateRedisServer server = fixture.serve(PrivateRedisServer.start());
        RedisConfig config = server.config("stats:").withMaxConnections(2).withReadConnections(3)
                .withReadClient(RedisReadClient.JEDIS).withTimeouts(PATIENCE, 0, Duration.ofMillis(100));
        RedissonCacheStore store = fixture.connect(config);
        RedisServerStats stats = new RedisServerStats(fixture.client(), store, config);
        store.set("hero:1", "a", TTL);
        assertThat(store.get("hero:1")).contains("a");
        assertThat(stats.readPoolSize()).as("REDIS_READ_CONNECTIONS").isEqualTo(3);
        assertThat(stats.poolSize()).as("REDIS_MAX_CONNECTIONS").isEqualTo(2);
        assertThat(stats.readPoolInUse()).isZero();

        ExecutorService callers = Executors.newFixedThreadPool(6);
        cleanUp.add(callers::shutdownNow);
        server.freeze();
        List<Future<?>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                calls.add(callers.submit(() -> store.get("hero:1")));
            }
            awaitUntil("5 reads in flight", () -> store.readsInFlight() == 5);
            assertThat(store.callsInFlight()).as("no read is counted on Redisson's pool").isZero();
            assertThat(stats.readPoolInUse()).as("capped at the read pool's size").isEqualTo(3);
            assertThat(stats.poolInUse()).isZero();

            calls.add(callers.submit(() -> store.exists("hero:1"))); // Redisson's pool
            awaitUntil("one Redisson call in flight", () -> store.callsInFlight() == 1);
            assertThat(stats.poolInUse()).isEqualTo(1);
            assertThat(stats.readPoolInUse()).isEqualTo(3);
        } finally {
            server.thaw();
        }
        for (Future<?> call : calls) {
            call.get(PATIENCE.toSeconds() * 2, TimeUnit.SECONDS);
        }
        assertThat(store.readsInFlight()).isZero();
        assertThat(stats.readPoolInUse()).isZero();
        assertThat(stats.poolInUse()).isZero();
    }

    @Test
    void anAlienValueReadThroughJedisIsDeletedOnRedissonsPoolAndLeavesNoCallCounted() {
        PrivateRedisStore fixture = new PrivateRedisStore();
        cleanUp.add(fixture);
        PrivateRedisServer server = fixture.serve(PrivateRedisServer.start());
        RedissonCacheStore store = fixture.connect(server.config("stats:").withReadClient(RedisReadClient.JEDIS));
        RedissonClient client = fixture.client();
        client.getList("stats:hero:list").add("a list, not a value");

        assertThatThrownBy(() -> store.get("hero:list")).isInstanceOf(AlienCacheDataException.class);

        assertThat(client.getBucket("stats:hero:list").isExists()).isFalse();
        assertThat(store.readsInFlight()).isZero();
        assertThat(store.callsInFlight()).isZero();
    }

    @Test
    void answersMinusOneQuicklyWhenRedisHasBeenKilled() {
        PrivateRedisServer server = PrivateRedisServer.start();
        cleanUp.add(server);
        RedisServerStats stats = connectedStats(server);

        server.kill();

        assertUnknownWithinBound(stats);
    }

    @Test
    void answersMinusOneWithinItsTimeoutWhenRedisHangs() {
        PrivateRedisServer server = PrivateRedisServer.start();
        cleanUp.add(server);
        RedisServerStats stats = connectedStats(server);

        server.freeze();
        try {
            assertUnknownWithinBound(stats);
        } finally {
            server.thaw();
        }
        awaitUntil("figures again once Redis answers", () -> stats.usedMemoryBytes() > 0);
    }

    @Test
    void answersMinusOneWhenRedisWasNeverThere() {
        PrivateRedisServer server = PrivateRedisServer.notStarted();
        cleanUp.add(server);
        RedisConfig config = server.config("stats:");
        RedissonClient client = RedisClientFactory.create(config);
        cleanUp.add(client::shutdown);

        assertUnknownWithinBound(new RedisServerStats(client, new RedissonCacheStore(client, config), config));
    }

    private RedisServerStats connectedStats(PrivateRedisServer server) {
        RedisConfig config = server.config("stats:");
        RedissonClient client = RedisClientFactory.create(config);
        cleanUp.add(client::shutdown);
        RedissonCacheStore store = new RedissonCacheStore(client, config);
        store.set("hero:1", "a", TTL);
        RedisServerStats stats = new RedisServerStats(client, store, config);
        assertThat(stats.usedMemoryBytes()).isPositive();
        assertThat(stats.countKeys("hero:*")).isEqualTo(1);
        return stats;
    }

    private static void assertUnknownWithinBound(RedisServerStats stats) {
        assertThat(timed(stats::usedMemoryBytes)).isEqualTo(-1);
        assertThat(timed(stats::evictedKeys)).isEqualTo(-1);
        assertThat(timed(() -> stats.countKeys("hero:*"))).isEqualTo(-1);
        assertThat(stats.poolInUse()).isZero();
        assertThat(stats.poolSize()).isEqualTo(RedisConfig.DEFAULT_MAX_CONNECTIONS);
    }

    private static long timed(LongSupplier figure) {
        Instant start = Instant.now();
        long value = figure.getAsLong();
        assertThat(Duration.between(start, Instant.now())).isLessThan(BOUND);
        return value;
    }

    private static void awaitUntil(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("timed out waiting until %s", what).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
