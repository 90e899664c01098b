package dev.taleweaver.bootstrap.ops;

import dev.taleweaver.adapter.metrics.CacheServerGauges;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedisReadClient;
import dev.taleweaver.adapter.redis.RedisServerStats;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool gauges as the service wires them (the real {@link RedisServerStats} under {@link CacheServerGauges}) while
 * calls are held in flight by a frozen private Redis: the Jedis reads fill their own pool (REDIS_READ_CONNECTIONS),
 * not Redisson's (REDIS_MAX_CONNECTIONS), and {@code taleweaver_redis_pool_usage} is the fuller pool's share.
 */
class RedisPoolGaugesIT {
    private static final Duration TTL = Duration.ofSeconds(60);
    /** The socket timeout: the held calls stay in flight at least this long, far beyond the polling below. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final List<AutoCloseable> cleanUp = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = cleanUp.size() - 1; i >= 0; i--) {
            cleanUp.get(i).close();
        }
    }

    @Test
    void jedisReadsHeldInFlightFillTheReadPoolAndTheUsageIsTheFullerPools() throws Exception {
        PrivateRedisServer server = PrivateRedisServer.start();
        cleanUp.add(server);
        RedisConfig config = server.config("gauges:").withMaxConnections(4).withReadConnections(5)
                .withReadClient(RedisReadClient.JEDIS).withTimeouts(PATIENCE, 0, Duration.ofMillis(100));
        RedissonClient client = RedisClientFactory.create(config);
        cleanUp.add(client::shutdown);
        RedissonCacheStore store = new RedissonCacheStore(client, config);
        cleanUp.add(store::close);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CacheServerGauges(new RedisServerStats(client, store, config), Duration.ZERO, Clock.SYSTEM)
                .bindTo(registry);
        store.set("hero:1", "a", TTL);
        assertThat(store.get("hero:1")).contains("a");
        assertThat(gauge(registry, CacheServerGauges.POOL_SIZE)).isEqualTo(4);
        assertThat(gauge(registry, CacheServerGauges.READ_POOL_SIZE)).isEqualTo(5);
        assertThat(gauge(registry, CacheServerGauges.POOL_USAGE)).isZero();

        ExecutorService callers = Executors.newFixedThreadPool(5);
        cleanUp.add(callers::shutdownNow);
        server.freeze();
        List<Future<?>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                calls.add(callers.submit(() -> store.get("hero:1")));
            }
            awaitUntil("4 reads in flight", () -> store.readsInFlight() == 4);
            assertThat(gauge(registry, CacheServerGauges.READ_POOL_IN_USE)).isEqualTo(4);
            assertThat(gauge(registry, CacheServerGauges.POOL_IN_USE)).as("Redisson's pool is idle").isZero();
            assertThat(gauge(registry, CacheServerGauges.POOL_USAGE)).as("the read pool's 4/5, not 4/4")
                    .isEqualTo(0.8);

            calls.add(callers.submit(() -> store.exists("hero:1")));
            awaitUntil("one Redisson call in flight", () -> store.callsInFlight() == 1);
            assertThat(gauge(registry, CacheServerGauges.POOL_IN_USE)).isEqualTo(1);
            assertThat(gauge(registry, CacheServerGauges.POOL_USAGE)).as("max(1/4, 4/5)").isEqualTo(0.8);
        } finally {
            server.thaw();
        }
        for (Future<?> call : calls) {
            call.get(PATIENCE.toSeconds() * 2, TimeUnit.SECONDS);
        }
        assertThat(gauge(registry, CacheServerGauges.READ_POOL_IN_USE)).isZero();
        assertThat(gauge(registry, CacheServerGauges.POOL_USAGE)).isZero();
    }

    @Test
    void withRedissonReadsTheReadPoolIsTheMainPool() {
        PrivateRedisServer server = PrivateRedisServer.start();
        cleanUp.add(server);
        RedisConfig config = server.config("gauges:").withMaxConnections(4).withReadConnections(5)
                .withReadClient(RedisReadClient.REDISSON);
        RedissonClient client = RedisClientFactory.create(config);
        cleanUp.add(client::shutdown);
        RedissonCacheStore store = new RedissonCacheStore(client, config);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CacheServerGauges(new RedisServerStats(client, store, config), Duration.ZERO, Clock.SYSTEM)
                .bindTo(registry);

        assertThat(gauge(registry, CacheServerGauges.READ_POOL_SIZE)).as("REDIS_MAX_CONNECTIONS").isEqualTo(4);
        assertThat(gauge(registry, CacheServerGauges.READ_POOL_IN_USE)).isZero();
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    private static void awaitUntil(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("timed out waiting until %s", what).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
