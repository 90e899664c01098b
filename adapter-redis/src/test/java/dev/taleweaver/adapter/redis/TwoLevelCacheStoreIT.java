package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service instances against one real Redis, each with its own Redisson client, sharing a key prefix: instance
 * {@code a} writes, instance {@code b} reads through its L1.
 */
class TwoLevelCacheStoreIT {
    private static final Logger log = LoggerFactory.getLogger(TwoLevelCacheStoreIT.class);
    private static final Duration STALENESS_BOUND = L1Settings.DEFAULT_STALENESS_BOUND;

    private TestRedis redis;
    private L1Instance a;
    private L1Instance b;

    @BeforeEach
    void start() {
        redis = TestRedis.create();
        a = new L1Instance(redis.config()).awaitTrusted();
        b = new L1Instance(redis.config()).awaitTrusted();
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
        redis.close();
    }

    /**
     * The cache issue's promise, measured: b holds the key in its L1; a invalidates it and writes the next value the
     * way a writer does; from the moment a's invalidate returns, b polls. Staleness is how long after that moment a
     * read of b could still begin and answer the old value. Many rounds, the worst must stay under the bound.
     */
    @Test
    void aWriteOnOneInstanceIsNeverServedStaleByTheOtherForLongerThanTheBound() {
        int rounds = 200;
        long[] staleNanos = new long[rounds];
        a.write("hero:1", "v0");
        for (int round = 0; round < rounds; round++) {
            String old = "v" + round;
            String next = "v" + (round + 1);
            b.holdInL1("hero:1");
            assertThat(b.read("hero:1")).isEqualTo(old);

            a.store.invalidate(List.of("hero:1"));
            long invalidated = System.nanoTime();
            a.store.setIfVersion("hero:1", a.store.version("hero:1"), next, L1Instance.TTL);

            staleNanos[round] = L1Instance.stalenessAfter(invalidated, () -> {
                String seen = b.read("hero:1");
                return old.equals(seen) ? 1 : next.equals(seen) ? 0 : -1;
            });
        }

        long[] sorted = staleNanos.clone();
        Arrays.sort(sorted);
        log.info("Staleness (how long after a's invalidate returned a read of b could still begin and answer the old "
                        + "value), {} rounds: median {} µs, p99 {} µs, max {} µs (bound {} ms); b's trust lapses: {}", rounds, sorted[rounds / 2] / 1_000,
                sorted[rounds * 99 / 100] / 1_000, sorted[rounds - 1] / 1_000, STALENESS_BOUND.toMillis(),
                b.store.trustLapses());
        assertThat(Duration.ofNanos(sorted[rounds - 1])).isLessThan(STALENESS_BOUND);
    }

    @Test
    void whileTheL1IsNotTrustedABigIdListIsDecodedOncePerVersion() {
        String big = "[" + "1,".repeat(VersionCheckedCopies.MIN_CHARS / 2) + "1]";
        a.write("hero:all", big);
        CountingTextCodec counting = new CountingTextCodec();
        b.store.close(); // no more heartbeats: within the staleness bound the L1 is no longer trusted
        Instant deadline = Instant.now().plusSeconds(10);
        while (b.store.isTrusted()) {
            assertThat(Instant.now()).isBefore(deadline);
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }

        for (int read = 0; read < 10; read++) {
            assertThat(b.store.get("hero:all", counting)).contains(big);
        }
        assertThat(counting.decodes()).as("the first read learns the entry is big, the second keeps a copy").hasValue(2);

        String next = big.replace("[1,", "[2,");
        a.write("hero:all", next);
        assertThat(b.store.get("hero:all", counting)).as("a's write moved the version on").contains(next);
    }

    @Test
    void anL1HitAsksRedisNothing() {
        a.write("hero:1", "v1");
        b.holdInL1("hero:1");
        int redisReads = b.redisCalls.gets();
        long hits = b.store.l1Hits();
        long misses = b.store.l1Misses();

        for (int i = 0; i < 1_000; i++) {
            assertThat(b.read("hero:1")).isEqualTo("v1");
        }

        long newHits = b.store.l1Hits() - hits;
        long newMisses = b.store.l1Misses() - misses;
        assertThat(newHits + newMisses).isEqualTo(1_000);
        assertThat(b.redisCalls.gets() - redisReads).as("only misses reach Redis").isEqualTo((int) newMisses);
        assertThat(newHits).as("a lapse may cost a few misses, no more").isGreaterThan(900);
    }

    /** The smoke number behind the "two-level hit ≥ 20 × faster than a Redis hit" (benchmarks measure it). */
    @Test
    void anL1HitIsMuchFasterThanARedisHit() {
        a.write("hero:1", "x".repeat(600)); // about one hero's JSON
        b.holdInL1("hero:1");
        int samples = 10_000;

        long l1 = medianNanos(samples, () -> b.store.get("hero:1").orElseThrow().length());
        long redisHit = medianNanos(samples, () -> b.redis.get("hero:1").orElseThrow().length());

        log.info("Median get of a 600-byte value over {} gets each: L1 hit {} ns, Redis hit {} ns ({}x)", samples, l1,
                redisHit, redisHit / Math.max(1, l1));
        assertThat(l1 * 10).isLessThan(redisHit);
    }

    @Test
    void aPatternDeleteOnOneInstanceClearsTheMatchingKeysFromTheOthersL1() {
        for (String key : List.of("hero:1", "hero:lang:en", "child:1")) {
            // straight into Redis: a.write would publish an invalidation that could reach B after B cached the key
            redis.store().set(key, "v1", L1Instance.TTL);
            b.holdInL1(key);
        }

        long clears = b.store.wholeClears();
        a.store.deletePattern("hero:*");
        long deleted = System.nanoTime();

        long stale = L1Instance.stalenessAfter(deleted, () -> {
            String one = b.read("hero:1");
            String lang = b.read("hero:lang:en");
            return one != null || lang != null ? 1 : 0;
        });
        assertThat(Duration.ofNanos(stale)).isLessThan(STALENESS_BOUND);
        // on a loaded machine a late heartbeat can leave the L1 untrusted (and cleared) for a moment
        L1Instance.awaitTrusted(b.store);
        boolean kept = b.answersFromL1("child:1");
        assertThat(kept || b.store.wholeClears() > clears)
                .as("keys outside the pattern stay in the L1 (unless the whole L1 was cleared meanwhile)").isTrue();
    }

    @Test
    void theProductionFactoryBuildsAnL1ThatAnswersWithoutRedis() {
        RedissonClient client = RedisClientFactory.create(redis.config());
        try (TwoLevelCacheStore store = TwoLevelCacheStore.create(client, new RedissonCacheStore(client,
                redis.config()), redis.config(), 100)) {
            L1Instance.awaitTrusted(store);
            store.set("hero:1", "v1", L1Instance.TTL);
            // removed behind every cache's back (no invalidation): only an L1 can still answer
            redis.client().getBucket(redis.keyPrefix() + "hero:1").delete();

            assertThat(store.get("hero:1")).contains("v1");
            assertThat(store.settings().maxEntries()).isEqualTo(100);
        } finally {
            client.shutdown();
        }
    }

    private static long medianNanos(int samples, LongSupplier call) {
        for (int i = 0; i < samples; i++) {
            call.getAsLong(); // warm-up
        }
        long[] nanos = new long[samples];
        long sink = 0;
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            sink += call.getAsLong();
            nanos[i] = System.nanoTime() - start;
        }
        assertThat(sink).isPositive();
        Arrays.sort(nanos);
        return nanos[samples / 2];
    }
}
