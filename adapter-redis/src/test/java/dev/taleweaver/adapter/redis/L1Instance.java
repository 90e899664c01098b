package dev.taleweaver.adapter.redis;

import com.github.benmanes.caffeine.cache.Ticker;
import org.redisson.api.RedissonClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One service instance for the integration tests: a Redisson client of its own (its own connections and
 * subscription), the Redis store, a call counter, and the two-level store in front, heartbeat running.
 */
final class L1Instance implements AutoCloseable {
    static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration TRUST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL_DEADLINE = Duration.ofSeconds(5);

    final RedissonClient client;
    final RedissonCacheStore redis;
    final InterceptedStore redisCalls;
    final TwoLevelCacheStore store;

    /** Built as {@link TwoLevelCacheStore#create} builds it, with a call counter between the two levels. */
    L1Instance(RedisConfig config) {
        client = RedisClientFactory.create(config);
        redis = new RedissonCacheStore(client, config);
        redisCalls = new InterceptedStore(redis);
        store = TwoLevelCacheStore.over(redisCalls,
                new RedisInvalidationTopic(client, TwoLevelCacheStore.channelOf(config.keyPrefix())),
                L1Settings.defaults(L1Settings.DEFAULT_MAX_ENTRIES, config.socketTimeout()), Ticker.systemTicker())
                .start();
    }

    /** The value, or null when there is none. */
    String read(String key) {
        return store.get(key).orElse(null);
    }

    /** Reads the key and tells whether the answer came from the L1 (no Redis read). */
    boolean answersFromL1(String key) {
        int before = redisCalls.gets();
        store.get(key);
        return redisCalls.gets() == before;
    }

    /** A writer's sequence, as CachedRepository runs it: invalidate, then store under the version read after. */
    void write(String key, String value) {
        store.invalidate(List.of(key));
        store.setIfVersion(key, store.version(key), value, TTL);
    }

    /** Waits (polling) until the L1 answers again, e.g. after start or after an outage. */
    L1Instance awaitTrusted() {
        awaitTrusted(store);
        return this;
    }

    static void awaitTrusted(TwoLevelCacheStore store) {
        Instant deadline = Instant.now().plus(TRUST_TIMEOUT);
        while (!store.isTrusted()) {
            assertThat(Instant.now()).as("the L1 trusted within %s", TRUST_TIMEOUT).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    /** Reads until the key sits in the L1 (a lapse may clear it between two reads on a busy machine). */
    void holdInL1(String key) {
        for (int attempt = 0; attempt < 100; attempt++) {
            awaitTrusted();
            store.get(key);
            if (answersFromL1(key)) {
                return;
            }
        }
        throw new AssertionError(key + " never stayed in the L1");
    }

    /**
     * Polls {@code observe} (1 = stale, 0 = fresh, -1 = neither yet, e.g. a miss before the writer stored the new
     * value) until it sees fresh; returns how long after {@code since} the last read that answered stale BEGAN (0 if
     * none did). The promise is about reads that begin after the bound: a thread descheduled in the middle of a read
     * can always deliver an answer later than it was decided.
     */
    static long stalenessAfter(long since, LongSupplier observe) {
        long deadline = since + POLL_DEADLINE.toNanos();
        long lastStale = since;
        while (true) {
            long started = System.nanoTime();
            long seen = observe.getAsLong();
            if (seen == 1) {
                lastStale = Math.max(started, since);
            } else if (seen == 0) {
                return lastStale - since;
            }
            long now = System.nanoTime();
            assertThat(now - deadline).as("fresh value seen within %s", POLL_DEADLINE).isNegative();
            LockSupport.parkNanos(20_000); // leave the CPU to the thread delivering the invalidation
        }
    }

    @Override
    public void close() {
        store.close();
        redis.close();
        client.shutdown();
    }
}
