package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.adapter.redis.testing.PrivateRedisStore;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CacheStoreException.Kind;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cache must never take the service down with it: against a private Redis that is absent, killed or frozen,
 * every operation fails fast with a CacheStoreException, the health check says false, and the same client works
 * again once the server is back on its port.
 */
class RedisOutageIT {
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final Duration RECOVERY = Duration.ofSeconds(30);

    private static final Set<Kind> DEAD_SERVER_KINDS = EnumSet.of(Kind.CONNECTION, Kind.TIMEOUT);

    private final PrivateRedisStore redis = new PrivateRedisStore();
    private PrivateRedisServer server;

    @AfterEach
    void stop() {
        redis.close();
    }

    private RedissonCacheStore connect(RedisConfig config) {
        return redis.connect(config); // single-key reads through Jedis, the default
    }

    @Test
    void aClientCreatedWhileRedisIsDownStartsWorkingWhenRedisAppears() {
        server = redis.serve(PrivateRedisServer.notStarted());
        RedisConfig config = server.config("outage:");

        RedissonCacheStore store = connect(config);

        assertThat(store.healthCheck()).isFalse();
        assertFailsQuickly(config, Kind.CONNECTION, () -> store.get("hero:1"));

        server.restart();

        awaitHealthy(store);
        store.set("hero:1", "cached", TTL);
        assertThat(store.get("hero:1")).contains("cached");
    }

    @Test
    void everyOperationFailsFastWhileRedisIsDeadAndTheSameClientRecoversOnRestart() {
        server = redis.serve(PrivateRedisServer.start());
        RedisConfig config = server.config("outage:");
        RedissonCacheStore store = connect(config);
        store.set("hero:1", "before the crash", TTL);
        assertThat(store.setIfVersion("hero:2", store.version("hero:2"), "v", TTL)).isTrue(); // scripts now loaded
        store.invalidate(List.of("hero:3", "hero:4"));

        server.kill();

        assertFailsQuickly(config, Kind.CONNECTION, () -> store.get("hero:1"));
        // Redisson's operations: a command that waited for Redisson's reconnect (a loaded machine) is reported as a
        // TIMEOUT rather than CONNECTION. Either is a fast failure; the kind only labels the error metrics.
        assertFailsQuickly(config, DEAD_SERVER_KINDS, () -> store.set("hero:1", "v", TTL));
        assertFailsQuickly(config, DEAD_SERVER_KINDS, () -> store.delete("hero:1"));
        assertFailsQuickly(config, DEAD_SERVER_KINDS, () -> store.exists("hero:1"));
        assertFailsQuickly(config, DEAD_SERVER_KINDS, () -> store.deletePattern("hero:*"));
        assertFailsQuickly(config, DEAD_SERVER_KINDS, () -> store.version("hero:1"));
        assertFailsQuickly(config, DEAD_SERVER_KINDS, () -> store.setIfVersion("hero:1", 0, "v", TTL));
        assertFailsQuickly(config, DEAD_SERVER_KINDS, () -> store.invalidate(List.of("hero:1")));
        assertFailsQuickly(config, DEAD_SERVER_KINDS, () -> store.invalidate(List.of("hero:1", "hero:2")));
        Instant before = Instant.now();
        assertThat(store.healthCheck()).isFalse();
        assertThat(Duration.between(before, Instant.now())).isLessThan(budget(config));

        server.restart();

        awaitHealthy(store);
        assertThat(store.get("hero:1")).as("a restarted cache is empty").isEmpty();
        store.set("hero:1", "after the restart", TTL);
        assertThat(store.get("hero:1")).contains("after the restart");
        // the restarted server has forgotten the Lua scripts: they are loaded again transparently
        long five = store.version("hero:5");
        assertThat(store.setIfVersion("hero:5", five, "v", TTL)).isTrue();
        store.invalidate(List.of("hero:5", "hero:6"));
        assertThat(store.version("hero:5")).isEqualTo(five + 1);
        assertThat(store.version("hero:6")).as("invalidating a never-read key starts its counter").isEqualTo(1);
        assertThat(store.get("hero:5")).isEmpty();
    }

    @Test
    void aServerThatStopsAnsweringTimesOut() {
        server = redis.serve(PrivateRedisServer.start());
        RedisConfig config = server.config("outage:");
        RedissonCacheStore store = connect(config);
        store.set("hero:1", "cached", TTL);

        server.freeze();
        try {
            assertFailsQuickly(config, Kind.TIMEOUT, () -> store.get("hero:1"));
            assertThat(store.healthCheck()).isFalse();
        } finally {
            server.thaw();
        }

        awaitHealthy(store);
        assertThat(store.get("hero:1")).contains("cached");
    }

    /** One attempt per retry, each bounded by the socket timeout, plus the pauses between them and a margin. */
    private static Duration budget(RedisConfig config) {
        return config.socketTimeout().multipliedBy(config.retryAttempts() + 1L)
                .plus(config.retryInterval().multipliedBy(config.retryAttempts()))
                .plus(MARGIN);
    }

    private static void assertFailsQuickly(RedisConfig config, Kind kind, ThrowingCallable operation) {
        assertFailsQuickly(config, EnumSet.of(kind), operation);
    }

    private static void assertFailsQuickly(RedisConfig config, Set<Kind> kinds, ThrowingCallable operation) {
        Instant start = Instant.now();
        assertThatThrownBy(operation)
                .isInstanceOfSatisfying(CacheStoreException.class,
                        e -> assertThat(e.kind()).as(e.getMessage()).isIn(kinds));
        assertThat(Duration.between(start, Instant.now())).isLessThan(budget(config));
    }

    private static void awaitHealthy(RedissonCacheStore store) {
        Instant deadline = Instant.now().plus(RECOVERY);
        while (!store.healthCheck()) {
            assertThat(Instant.now()).as("Redis healthy again within %s", RECOVERY).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
