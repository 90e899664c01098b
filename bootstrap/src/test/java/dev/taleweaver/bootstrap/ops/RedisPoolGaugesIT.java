package dev.taleweaver.bootstrap.ops;

import dev.taleweaver.adapter.metrics.CacheServerGauges;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedisReadClient;
import dev.taleweaver.adapter.redis.RedisServerStats;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.adapter.redis.testing.PrivateRedisStore;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    private final PrivateRedisStore redis = new PrivateRedisStore();
    private ExecutorService callers;

    @AfterEach
    void close() {
        try {
            if (callers != null) {
                callers.shutdownNow();
            }
        } finally {
            redis.close();
        }
    }

    /** The service's gauges over a store on {@code config}'s private server. */
    private SimpleMeterRegistry gauges(RedisConfig config, RedissonCacheStore store) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CacheServerGauges(new RedisServerStats(redis.client(), store, config), Duration.ZERO, Clock.SYSTEM)
                .bindTo(registry);
        return registry;
    }

    @Test
    void jedisReadsHeldInFlightFillTheReadPoolAndTheUsageIsTheFullerPools() throws Exception {
        PrivateRedisServer server = redis.serve(PrivateRedisServer.start());
        RedisConfig config = server.config("gauges:").withMaxConnections(4).withReadConnections(5)
                .withReadClient(RedisReadClient.JEDIS).withTimeouts(PATIENCE, 0, Duration.ofMillis(100));
        RedissonCacheStore store = redis.connect(config);
        SimpleMeterRegistry registry = gauges(config, store);
        store.set("hero:1", "a", TTL);
        assertThat(store.get("hero:1")).contains("a");
        assertThat(gauge(registry, CacheServerGauges.POOL_SIZE)).isEqualTo(4);
        assertThat(gauge(registry, CacheServerGauges.READ_POOL_SIZE)).isEqualTo(5);
        assertThat(gauge(registry, CacheServerGauges.POOL_USAGE)).isZero();

        callers = Executors.newFixedThreadPool(5);
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
        PrivateRedisServer server = redis.serve(PrivateRedisServer.start());
        RedisConfig config = server.config("gauges:").withMaxConnections(4).withReadConnections(5)
                .withReadClient(RedisReadClient.REDISSON);
        SimpleMeterRegistry registry = gauges(config, redis.connect(config));

        assertThat(gauge(registry, CacheServerGauges.READ_POOL_SIZE)).as("REDIS_MAX_CONNECTIONS").isEqualTo(4);
        assertThat(gauge(registry, CacheServerGauges.READ_POOL_IN_USE)).isZero();
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    private static void awaitUntil(String what, BooleanSupplier condition) {
        Eventually.await(PATIENCE, () -> condition.getAsBoolean() ? null : what);
    }
}
