package dev.taleweaver.adapter.redis;

import dev.taleweaver.application.cache.testing.InMemoryCacheStore;
import dev.taleweaver.application.port.out.AlienCacheDataException;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheCodec;
import dev.taleweaver.application.port.out.CacheCodecException;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ForwardingCacheStore;
import dev.taleweaver.application.port.out.LocalCacheStats;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The two-level store's rules, on an in-memory Redis and an in-memory channel with a hand-driven clock: instance
 * {@code a} writes, instance {@code b} reads; both share one "Redis" and one channel.
 */
class TwoLevelCacheStoreTest {
    private static final Duration TTL = Duration.ofHours(1);
    private static final L1Settings SETTINGS = L1Settings.defaults(L1Settings.DEFAULT_MAX_ENTRIES);
    private static final Duration WINDOW = SETTINGS.trustWindow();

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryCacheStore redis = new InMemoryCacheStore();
    private final InMemoryInvalidationHub channel = new InMemoryInvalidationHub();
    private final List<TwoLevelCacheStore> stores = new ArrayList<>();

    private final Instance a = new Instance(SETTINGS);
    private final Instance b = new Instance(SETTINGS);

    /** One service instance: its L1 store, the Redis calls it makes, its end of the channel. */
    private final class Instance {
        final InterceptedStore redisCalls = new InterceptedStore(redis);
        final InMemoryInvalidationHub.Endpoint endpoint = channel.endpoint();
        final TwoLevelCacheStore store;

        Instance(L1Settings settings) {
            store = new TwoLevelCacheStore(redisCalls, endpoint, settings, ticker);
            stores.add(store);
            store.subscribe();
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

        /** A writer's sequence: invalidate, then store the new value under the version read after it. */
        void write(String key, String value) {
            store.invalidate(List.of(key));
            store.setIfVersion(key, store.version(key), value, TTL);
        }
    }

    @AfterEach
    void close() {
        stores.forEach(TwoLevelCacheStore::close);
    }

    @Test
    void untilItsFirstHeartbeatIsBackEveryReadGoesToRedis() {
        redis.set("hero:1", "v1", TTL);

        assertThat(b.read("hero:1")).isEqualTo("v1");
        assertThat(b.answersFromL1("hero:1")).isFalse();
        assertThat(b.store.isTrusted()).isFalse();

        b.store.beat();

        assertThat(b.store.isTrusted()).isTrue();
        assertThat(b.answersFromL1("hero:1")).as("first read after trust fills the L1").isFalse();
        assertThat(b.answersFromL1("hero:1")).isTrue();
        assertThat(b.read("hero:1")).isEqualTo("v1");
        assertThat(b.store.l1Hits()).isEqualTo(2);
    }

    @Test
    void eachReadTheL1AnswersIsReportedWithItsKey() {
        List<String> l1Hits = new ArrayList<>();
        b.store.reportingL1HitsTo(new dev.taleweaver.application.port.out.CacheListener() {
            @Override
            public void onL1Hit(String key) {
                l1Hits.add(key);
            }
        });
        redis.set("hero:1", "v1", TTL);
        b.read("hero:1"); // untrusted: Redis
        b.store.beat();
        b.read("hero:1"); // fills the L1 from Redis
        b.read("hero:1"); // the L1
        b.store.get("hero:1"); // the L1, without a codec

        assertThat(l1Hits).containsExactly("hero:1", "hero:1");
    }

    @Test
    void caffeinesOwnStatisticsCountLookupsPutsAndEvictionsButNotExistsChecksOrBypasses() {
        Instance small = new Instance(L1Settings.defaults(10));
        redis.set("hero:0", "v0", TTL);
        small.read("hero:0"); // untrusted: bypasses the L1, which is not asked
        assertThat(small.store.localStats()).isEqualTo(LocalCacheStats.EMPTY);
        small.store.beat();

        small.read("hero:0"); // miss, then put
        small.read("hero:0"); // hit
        small.store.exists("hero:0"); // not a read
        for (int i = 1; i <= 30; i++) {
            small.store.set("hero:" + i, "v" + i, TTL); // puts beyond the bound of 10: evictions
        }

        LocalCacheStats stats = small.store.localStats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.puts()).isEqualTo(31);
        assertThat(stats.size()).isLessThanOrEqualTo(10).isPositive();
        assertThat(stats.evictions()).isEqualTo(31 - stats.size());
        assertThat(small.store.l1Misses()).as("the store's own count includes the bypass").isEqualTo(2);
    }

    @Test
    void aWriteOnOneInstanceIsForgottenByTheOthersL1AtOnce() {
        beatBoth();
        a.write("hero:1", "v1");
        b.read("hero:1");
        assertThat(b.answersFromL1("hero:1")).isTrue();

        a.write("hero:1", "v2");

        assertThat(b.read("hero:1")).isEqualTo("v2");
        assertThat(a.answersFromL1("hero:1")).as("the writer keeps what it wrote").isTrue();
    }

    @Test
    void theL1HoldsNoMoreThanItsMaximumNumberOfEntries() {
        Instance small = new Instance(L1Settings.defaults(100));
        small.store.beat();

        for (int i = 0; i < 2_000; i++) {
            small.store.set("hero:" + i, "value " + i, TTL);
            small.read("hero:" + i);
        }

        assertThat(small.store.l1Size()).isLessThanOrEqualTo(100).isPositive();
        assertThat(IntStream.range(0, 2_000).mapToObj(i -> small.read("hero:" + i)))
                .as("evicted entries are read from Redis, never lost").allMatch(v -> v.startsWith("value "));
    }

    @Test
    void anInvalidationThatOvertakesARedisReadIsNotUndoneByTheOlderValue() {
        beatBoth();
        a.write("hero:1", "old");
        // b's GET has read "old" from Redis; before it returns, a writes "new" and b hears the invalidation
        b.redisCalls.afterNextGet(() -> a.write("hero:1", "new"));

        assertThat(b.read("hero:1")).as("the read itself happened before the write").isEqualTo("old");

        assertThat(b.read("hero:1")).as("but its old value was not kept").isEqualTo("new");
        assertThat(b.answersFromL1("hero:1")).isTrue();
        assertThat(b.read("hero:1")).isEqualTo("new");
    }

    @Test
    void anInvalidationThatOvertakesAnOwnWriteIsNotUndoneByIt() {
        beatBoth();
        b.redisCalls.afterNextSet(() -> a.write("hero:1", "newer"));

        b.store.set("hero:1", "older", TTL);

        assertThat(b.read("hero:1")).isEqualTo("newer");
    }

    @Test
    void anInvalidationStillInFlightIsServedStaleOnlyWithinTheTrustWindow() {
        beatBoth();
        a.write("hero:1", "v1");
        b.read("hero:1");
        channel.hold(); // a's invalidation (and every heartbeat) is in flight

        a.write("hero:1", "v2");
        b.store.beat();
        ticker.advance(WINDOW.minusMillis(1));

        assertThat(b.read("hero:1")).as("inside the window the L1 may still answer").isEqualTo("v1");

        ticker.advance(Duration.ofMillis(1));

        assertThat(b.read("hero:1")).as("past the window it must not").isEqualTo("v2");
        assertThat(b.store.isTrusted()).isFalse();
        assertThat(b.store.trustLapses()).isEqualTo(1);
    }

    @Test
    void aLateHeartbeatBypassesTheL1UntilHeartbeatsComeBackButKeepsWhatNoMessageChanged() {
        beatBoth();
        b.store.set("hero:1", "v1", TTL);
        b.store.set("hero:2", "v1", TTL);
        long clearsBefore = b.store.wholeClears();
        channel.hold(); // the channel is slow: a's invalidation and every heartbeat are late, none is lost
        a.write("hero:1", "v2");
        b.store.beat();

        ticker.advance(WINDOW);

        assertThat(b.read("hero:1")).as("untrusted: Redis answers").isEqualTo("v2");
        assertThat(b.answersFromL1("hero:2")).as("bypassed while untrusted").isFalse();
        assertThat(b.store.trustLapses()).isEqualTo(1);
        assertThat(b.store.wholeClears()).as("lateness loses no message: nothing to clear").isEqualTo(clearsBefore);

        channel.release(); // in order: the invalidation, then the (now too old) heartbeat sent after it
        b.store.beat();    // a fresh one

        assertThat(b.store.isTrusted()).isTrue();
        assertThat(b.read("hero:1")).as("the late invalidation was applied").isEqualTo("v2");
        assertThat(b.answersFromL1("hero:2")).as("kept through the lapse").isTrue();
        assertThat(b.read("hero:2")).isEqualTo("v1");
    }

    /**
     * Redis stalls as long as a Redis timeout: a's invalidation times out, so a never PUBLISHes it (its circuit
     * breaker replays it later); its script, queued in Redis, runs when Redis resumes. b's heartbeats then come back
     * in order, but they vouch only for what was published: b's L1 must be cleared before it is trusted again.
     */
    @Test
    void aLapseAsLongAsARedisTimeoutClearsTheL1BeforeTrustReturns() {
        beatBoth();
        b.store.set("hero:1", "v1", TTL);
        b.store.set("hero:2", "v1", TTL);
        channel.hold(); // Redis stalls: nothing comes back
        b.store.beat();
        ticker.advance(WINDOW.plus(SETTINGS.lossyLapse()));
        assertThat(b.store.isTrusted()).isFalse();
        redis.invalidate(List.of("hero:1")); // a's script, run late; its PUBLISH never happened

        channel.release();
        b.store.beat();

        assertThat(b.store.isTrusted()).isTrue();
        assertThat(b.read("hero:1")).as("never published, yet not answered from the L1").isNull();
        assertThat(b.answersFromL1("hero:2")).as("the whole L1 was cleared").isFalse();
    }

    @Test
    void aLapseShorterThanTheLossyLapseKeepsTheL1() {
        beatBoth();
        b.store.set("hero:1", "v1", TTL);
        channel.hold();
        b.store.beat();
        ticker.advance(WINDOW.plus(SETTINGS.lossyLapse()).minusMillis(1));
        assertThat(b.store.isTrusted()).isFalse();

        channel.release();
        b.store.beat();

        assertThat(b.store.isTrusted()).isTrue();
        assertThat(b.answersFromL1("hero:1")).isTrue();
    }

    /**
     * A read that waited in a stalled Redis as long as a Redis timeout may be answered before an invalidation queued
     * behind it (a's, which timed out meanwhile and returned): that answer is a miss, whether the L1 is trusted or
     * not, and it is not kept.
     */
    @Test
    void aRedisAnswerThatTookTheLossyLapseIsAMiss() {
        beatBoth();
        redis.set("hero:1", "v1", TTL);
        b.redisCalls.afterNextGet(() -> ticker.advance(SETTINGS.lossyLapse()));

        assertThat(b.read("hero:1")).isNull();
        assertThat(b.store.lateRedisAnswers()).isEqualTo(1);

        b.store.beat();
        b.redisCalls.afterNextGet(() -> ticker.advance(SETTINGS.lossyLapse().minusMillis(1)));
        assertThat(b.read("hero:1")).as("a quicker answer is a hit").isEqualTo("v1");
        assertThat(b.store.lateRedisAnswers()).isEqualTo(1);
    }

    @Test
    void whenTrustRunsOutAndTheNextHeartbeatRevealsAGapTheL1IsCleared() {
        beatBoth();
        b.store.set("hero:1", "v1", TTL);
        long clearsBefore = b.store.wholeClears();
        b.endpoint.dropNext(2); // lost: a's invalidation and b's next heartbeat
        a.write("hero:1", "v2");
        b.store.beat();
        ticker.advance(WINDOW);

        assertThat(b.read("hero:1")).isEqualTo("v2");

        b.store.beat();

        assertThat(b.store.isTrusted()).isTrue();
        assertThat(b.store.wholeClears()).isGreaterThan(clearsBefore);
        assertThat(b.read("hero:1")).isEqualTo("v2");
    }

    @Test
    void aLostHeartbeatClearsTheL1EvenInsideTheTrustWindow() {
        beatBoth();
        b.store.set("hero:1", "v1", TTL);
        b.endpoint.dropNext(2); // the subscription loses an invalidation and one of b's heartbeats
        a.write("hero:1", "v2");
        b.store.beat();

        assertThat(b.read("hero:1")).as("not yet noticed: still within the window").isEqualTo("v1");

        b.store.beat(); // the next heartbeat arrives, its predecessor is missing

        assertThat(b.read("hero:1")).isEqualTo("v2");
        assertThat(b.store.isTrusted()).as("trusted again from the heartbeat that revealed the gap").isTrue();
        assertThat(b.store.trustLapses()).isEqualTo(1);
    }

    @Test
    void aRenewedSubscriptionClearsTheL1() {
        beatBoth();
        b.store.set("hero:1", "v1", TTL);
        redis.set("hero:1", "v2", TTL); // published while b's subscription was down

        b.endpoint.renewSubscription();

        assertThat(b.store.isTrusted()).isFalse();
        assertThat(b.read("hero:1")).isEqualTo("v2");
        b.store.beat();
        assertThat(b.store.isTrusted()).isTrue();
    }

    @Test
    void aHeartbeatThatComesBackTooLateGrantsNoTrust() {
        channel.hold();
        b.store.beat();
        ticker.advance(WINDOW);

        channel.release();

        assertThat(b.store.isTrusted()).isFalse();
        b.store.beat();
        assertThat(b.store.isTrusted()).isTrue();
    }

    @Test
    void aPatternDeleteForgetsExactlyTheMatchingKeysEverywhere() {
        beatBoth();
        for (String key : List.of("hero:1", "hero:2", "hero:lang:en", "child:1", "story:hero:1")) {
            a.store.set(key, "v", TTL);
            b.read(key);
        }

        a.store.deletePattern("hero:*");

        for (Instance instance : List.of(a, b)) {
            assertThat(instance.read("hero:1")).isNull();
            assertThat(instance.read("hero:lang:en")).isNull();
            assertThat(instance.answersFromL1("child:1")).isTrue();
            assertThat(instance.answersFromL1("story:hero:1")).isTrue();
        }
    }

    /** Alien data met (and replaced) by Redis does not stop the other instances from hearing of the invalidation. */
    @Test
    void anInvalidationThatMetAlienDataInRedisIsStillPublished() {
        beatBoth();
        a.store.set("hero:1", "v1", TTL);
        assertThat(b.read("hero:1")).isEqualTo("v1");
        TwoLevelCacheStore alienSide = new TwoLevelCacheStore(new ForwardingCacheStore(redis) {
            @Override
            public void invalidate(Collection<String> keys) {
                delegate.invalidate(keys);
                throw new AlienCacheDataException("a version key held no version", null);
            }
        }, channel.endpoint(), SETTINGS, ticker);
        stores.add(alienSide);

        assertThatThrownBy(() -> alienSide.invalidate(List.of("hero:1"))).isInstanceOf(AlienCacheDataException.class);

        assertThat(b.answersFromL1("hero:1")).as("b forgot the key").isFalse();
        assertThat(b.read("hero:1")).isNull();
    }

    @Test
    void aLargeInvalidationTravelsInSeveralMessagesAndReachesEveryKey() {
        beatBoth();
        List<String> keys = IntStream.range(0, 1_200).mapToObj(i -> "story:" + i).toList();
        keys.forEach(key -> {
            a.store.set(key, "v1", TTL);
            b.read(key);
        });
        keys.forEach(key -> redis.set(key, "v2", TTL)); // so a stale L1 answer would show

        a.store.invalidate(keys);

        assertThat(a.endpoint.publishedInvalidations()).hasSize(3);
        assertThat(keys).allMatch(key -> b.read(key) == null);
    }

    @Test
    void anL1ValueLivesNoLongerThanTheTtlItWasWrittenWith() {
        beatBoth();
        b.store.set("hero:1", "v1", Duration.ofSeconds(1));
        assertThat(b.answersFromL1("hero:1")).isTrue();

        ticker.advance(Duration.ofSeconds(1));
        b.store.beat();

        assertThat(b.answersFromL1("hero:1")).isFalse();
    }

    @Test
    void aClosedStoreSendsEveryCallToRedis() {
        beatBoth();
        b.store.set("hero:1", "v1", TTL);

        b.store.close();
        b.store.beat();

        assertThat(b.answersFromL1("hero:1")).isFalse();
        assertThat(b.store.isTrusted()).isFalse();
    }

    @Test
    void anUnreadableMessageClearsTheL1() {
        beatBoth();
        b.store.set("hero:1", "v1", TTL);
        redis.set("hero:1", "v2", TTL);

        a.endpoint.publish("X an invalidation from a newer version");

        assertThat(b.read("hero:1")).isEqualTo("v2");
    }

    /**
     * A message over the bound is not decoded at all: here a pattern message that, read, would forget only
     * child:*; instead the whole L1 is cleared, which is always safe.
     */
    @Test
    void anOversizedMessageIsNotDecodedAndClearsTheL1() {
        beatBoth();
        b.store.set("hero:1", "v1", TTL);
        redis.set("hero:1", "v2", TTL);
        long clearsBefore = b.store.wholeClears();

        a.endpoint.publish("Pchild:" + "*?".repeat(L1Message.MAX_LENGTH / 2));

        assertThat(b.store.wholeClears()).isGreaterThan(clearsBefore);
        assertThat(b.read("hero:1")).isEqualTo("v2");
        assertThatThrownBy(() -> L1Message.decode("K" + "x".repeat(L1Message.MAX_LENGTH)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over the bound");
    }

    /** Counts its decodes; decodes "bad" as a corrupt entry. */
    /**
     * Whether a hit's entry was of the previous schema version is asked of the codec once, on the decoding thread,
     * and kept with the value: a hit on another thread later still says so (the codec itself answers only on the
     * decoding thread, once), and no hit looks anything up for it.
     */
    @Test
    void anUpcastDecodedOnOneThreadIsReportedByEveryLaterHitOnAnyThread() throws Exception {
        JacksonCacheCodecs writingOne = new JacksonCacheCodecs(JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION);
        JacksonCacheCodecs writingTwo = new JacksonCacheCodecs(JacksonCacheCodecs.SCHEMA_VERSION);
        Hero hero = Fixtures.captainWonder();
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        redis.set("hero:old", writingOne.hero().encode(hero, now, TTL), TTL);
        redis.set("hero:new", writingTwo.hero().encode(hero, now, TTL), TTL);
        beatBoth(); // trusted: the L1 keeps what it decodes
        CacheCodec<Hero> codec = writingTwo.hero();

        assertThat(b.store.getDecoded("hero:old", codec).orElseThrow().upcast()).as("decoded here").isTrue();
        assertThat(b.store.getDecoded("hero:new", codec).orElseThrow().upcast()).isFalse();
        assertThat(b.answersFromL1("hero:old")).isTrue();

        CompletableFuture<List<Boolean>> elsewhere = CompletableFuture.supplyAsync(() -> List.of(
                b.store.getDecoded("hero:old", codec).orElseThrow().upcast(),
                b.store.getDecoded("hero:new", codec).orElseThrow().upcast()));
        assertThat(elsewhere.get(10, TimeUnit.SECONDS)).containsExactly(true, false);
        assertThat(b.store.getDecoded("hero:old", codec).orElseThrow().upcast()).as("asked again").isTrue();
        assertThat(b.store.get("hero:old", codec)).contains(hero);
    }

    private static final class CountingCodec implements CacheCodec<List<String>> {
        int decodes;

        @Override
        public String encode(List<String> value, Instant cachedAt, Duration ttl) {
            return String.join(",", value);
        }

        @Override
        public List<String> decode(String text) {
            decodes++;
            if (text.equals("bad")) {
                throw new IllegalStateException("corrupt");
            }
            return List.of(text.split(","));
        }
    }

    @Test
    void anL1HitHandsOutTheValueDecodedBeforeWithoutParsingAgain() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:all", "a,b", TTL);
        beatBoth();

        List<String> first = b.store.get("hero:all", codec).orElseThrow();
        List<String> second = b.store.get("hero:all", codec).orElseThrow();

        assertThat(second).isSameAs(first).containsExactly("a", "b");
        assertThat(codec.decodes).as("decoded once, when read from Redis").isEqualTo(1);
        assertThat(b.redisCalls.gets()).isEqualTo(1);
    }

    @Test
    void getAllAnswersFromTheL1WhatItHoldsAndAsksRedisOnceForTheRest() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:1", "a", TTL);
        redis.set("hero:2", "b,c", TTL);
        beatBoth();
        List<String> one = b.store.get("hero:1", codec).orElseThrow();
        int gets = b.redisCalls.gets();

        Map<String, List<String>> found = b.store.getAll(List.of("hero:1", "hero:2", "hero:3"), codec);

        assertThat(found).containsOnlyKeys("hero:1", "hero:2");
        assertThat(found.get("hero:1")).as("from the L1, decoded before").isSameAs(one);
        assertThat(b.redisCalls.gets() - gets).as("hero:2 and hero:3 only").isEqualTo(2);
        assertThat(b.store.getAll(List.of("hero:1", "hero:2"), codec).get("hero:2"))
                .as("kept in the L1 as one read keeps it").isSameAs(found.get("hero:2"));
        assertThat(b.redisCalls.gets() - gets).isEqualTo(2);

        a.write("hero:2", "d");
        assertThat(b.store.getAll(List.of("hero:2"), codec).get("hero:2")).as("invalidated by the other instance")
                .containsExactly("d");
    }

    @Test
    void heldReadsAnswerWhatTheL1HoldsAndNeverAskRedis() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:1", "a", TTL);
        redis.set("hero:2", "b,c", TTL);
        beatBoth();

        assertThat(b.store.heldDecoded("hero:1", codec)).as("in Redis only: not held").isNull();
        assertThat(b.store.heldAll(List.of("hero:1", "hero:2"), codec)).isNull();
        assertThat(b.redisCalls.gets()).isZero();
        assertThat(b.store.l1Hits()).as("a held read that is not held counts nothing").isZero();

        List<String> one = b.store.get("hero:1", codec).orElseThrow();
        assertThat(b.store.heldDecoded("hero:1", codec).value()).isSameAs(one);
        assertThat(b.store.heldAll(List.of("hero:1", "hero:2"), codec)).as("hero:2 is not in the L1").isNull();

        b.store.getAll(List.of("hero:1", "hero:2"), codec); // hero:2 from Redis, into the L1
        Map<String, List<String>> both = b.store.getAll(List.of("hero:1", "hero:2"), codec); // kept: all from the L1
        int gets = b.redisCalls.gets();
        assertThat(b.store.heldAll(List.of("hero:1", "hero:2"), codec)).as("the answer kept").isSameAs(both);
        assertThat(b.redisCalls.gets()).isEqualTo(gets);

        a.write("hero:2", "d");
        assertThat(b.store.heldAll(List.of("hero:1", "hero:2"), codec)).as("invalidated by the other instance")
                .isNull();
        assertThat(b.store.heldDecoded("hero:1", codec)).isNotNull();
    }

    @Test
    void nothingIsHeldWhileTheL1IsNotTrusted() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:1", "a", TTL);
        beatBoth();
        b.store.getAll(List.of("hero:1"), codec);
        assertThat(b.store.heldAll(List.of("hero:1"), codec)).isNotNull();
        channel.hold();
        b.store.beat();

        ticker.advance(WINDOW);

        assertThat(b.store.heldDecoded("hero:1", codec)).isNull();
        assertThat(b.store.heldAll(List.of("hero:1"), codec)).isNull();
        channel.release();
    }

    @Test
    void anEntryTheCodecCannotReadIsNotHeld() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:1", "a", TTL);
        beatBoth();
        b.store.get("hero:1");
        redis.set("hero:bad", "bad", TTL);
        b.store.get("hero:bad");

        assertThat(b.store.heldDecoded("hero:bad", codec)).isNull();
        assertThat(b.store.heldAll(List.of("hero:1", "hero:bad"), codec)).isNull();
    }

    @Test
    void aWriteOnAnotherInstanceDropsTheDecodedValueToo() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:all", "a,b", TTL);
        beatBoth();
        b.store.get("hero:all", codec);

        a.write("hero:all", "c");

        assertThat(b.store.get("hero:all", codec)).contains(List.of("c"));
    }

    @Test
    void aValueWrittenThroughThisInstanceIsDecodedOnItsFirstHitOnly() {
        CountingCodec codec = new CountingCodec();
        beatBoth();
        b.write("hero:all", "a,b");

        assertThat(b.store.get("hero:all", codec)).contains(List.of("a", "b"));
        assertThat(b.store.get("hero:all", codec)).contains(List.of("a", "b"));
        assertThat(codec.decodes).isEqualTo(1);
        assertThat(b.redisCalls.gets()).as("answered by the L1").isZero();
    }

    @Test
    void anUnreadableEntryIsReportedAsACodecFailureAndNotKept() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:all", "bad", TTL);
        beatBoth();

        assertThatThrownBy(() -> b.store.get("hero:all", codec)).isInstanceOf(CacheCodecException.class);
        assertThatThrownBy(() -> b.store.get("hero:all", codec)).isInstanceOf(CacheCodecException.class);
        assertThat(b.redisCalls.gets()).as("not kept in the L1: read from Redis each time").isEqualTo(2);
    }

    @Test
    void untrustedReadsDecodeWhatRedisHolds() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:all", "a,b", TTL);

        assertThat(b.store.get("hero:all", codec)).contains(List.of("a", "b"));
        assertThat(b.store.get("hero:all", codec)).contains(List.of("a", "b"));
        assertThat(codec.decodes).isEqualTo(2);
    }

    @Test
    void pastItsLifetimeAnEntryIsReadFromRedisAgainAndRenewedWhenRedisHoldsTheSameText() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:all", "a,b", TTL);
        beatBoth();
        List<String> first = b.store.get("hero:all", codec).orElseThrow();

        liveThroughTheLifetime();
        List<String> renewed = b.store.get("hero:all", codec).orElseThrow();

        assertThat(b.redisCalls.gets()).as("past its lifetime the entry does not answer: Redis is read").isEqualTo(2);
        assertThat(renewed).as("the same text: the same decoded instance, not a new one").isSameAs(first);
        assertThat(codec.decodes).isEqualTo(1);
        assertThat(b.store.get("hero:all", codec).orElseThrow()).as("renewed for a new lifetime").isSameAs(first);
        assertThat(b.redisCalls.gets()).isEqualTo(2);
    }

    @Test
    void pastItsLifetimeAnEntryWhoseTextChangedInRedisIsDecodedAnew() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:all", "a,b", TTL);
        beatBoth();
        b.store.get("hero:all", codec);
        redis.set("hero:all", "a,b,c", TTL); // changed behind the L1's back (as if its invalidation were lost)

        assertThat(b.store.get("hero:all", codec)).as("within the lifetime: the L1's value").contains(List.of("a", "b"));
        liveThroughTheLifetime();

        assertThat(b.store.get("hero:all", codec)).contains(List.of("a", "b", "c"));
        assertThat(codec.decodes).isEqualTo(2);
        assertThat(b.store.get("hero:all")).as("the text path too").contains("a,b,c");
    }

    @Test
    void pastItsLifetimeAnEntryGoneFromRedisIsAMissAndIsNotServedAgain() {
        redis.set("hero:1", "v1", TTL);
        beatBoth();
        b.read("hero:1");
        redis.delete("hero:1");

        liveThroughTheLifetime();

        assertThat(b.read("hero:1")).isNull();
        assertThat(b.store.exists("hero:1")).isFalse();
        assertThat(b.answersFromL1("hero:1")).isFalse();
    }

    @Test
    void getAllRenewsWhatItReadsAgainUnchangedAndCountsTheReadsPastTheLifetimeAsMisses() {
        CountingCodec codec = new CountingCodec();
        redis.set("hero:1", "a", TTL);
        redis.set("hero:2", "b,c", TTL);
        beatBoth();
        Map<String, List<String>> first = b.store.getAll(List.of("hero:1", "hero:2"), codec);
        redis.set("hero:2", "d", TTL);

        liveThroughTheLifetime();
        Map<String, List<String>> again = b.store.getAll(List.of("hero:1", "hero:2"), codec);

        assertThat(again.get("hero:1")).as("unchanged in Redis: renewed").isSameAs(first.get("hero:1"));
        assertThat(again.get("hero:2")).as("changed in Redis: decoded anew").containsExactly("d");
        assertThat(codec.decodes).isEqualTo(3);
        LocalCacheStats stats = b.store.localStats();
        assertThat(stats.hits()).isZero();
        assertThat(stats.misses()).isEqualTo(4);
        assertThat(stats.puts()).as("two fills, one renewal, one replacement").isEqualTo(4);
        assertThat(stats.evictions()).isZero();
    }

    // ---- a multi-key read answered whole by the L1, asked again (RepeatedAnswers) --------------------------

    private static final List<String> PAGE = List.of("hero:1", "hero:2", "hero:3");

    /**
     * Puts the page's three entries in Redis and in b's L1, and has b answer the page whole from its L1, then twice
     * again: once checking each entry (and noting that they stood), once without looking at them (RepeatedAnswers),
     * so that the tests below start from an answer that is given again unchecked.
     */
    private Map<String, List<String>> pageAnsweredWholeByTheL1(CountingCodec codec) {
        redis.set("hero:1", "a", TTL);
        redis.set("hero:2", "b", TTL);
        redis.set("hero:3", "c", TTL);
        beatBoth();
        b.store.getAll(PAGE, codec); // from Redis, into the L1
        Map<String, List<String>> whole = b.store.getAll(PAGE, codec);
        assertThat(b.redisCalls.gets()).as("the second read from the L1").isEqualTo(3);
        assertThat(b.store.getAll(PAGE, codec)).as("each entry checked, found standing").isSameAs(whole);
        assertThat(b.store.getAll(PAGE, codec)).as("nothing retired since: unchecked").isSameAs(whole);
        return whole;
    }

    @Test
    void theSameKeysAnsweredWholeByTheL1AreAnsweredAgainWithTheSameMapCountedAsHits() {
        CountingCodec codec = new CountingCodec();
        Map<String, List<String>> whole = pageAnsweredWholeByTheL1(codec);
        long hits = b.store.localStats().hits();

        Map<String, List<String>> again = b.store.getAll(new ArrayList<>(PAGE), codec); // equal keys, another list

        assertThat(again).isSameAs(whole).containsOnlyKeys(PAGE);
        assertThat(again.get("hero:2")).containsExactly("b");
        assertThat(b.store.localStats().hits() - hits).as("each key a hit, as a look-up would count it").isEqualTo(3);
        assertThat(b.redisCalls.gets()).isEqualTo(3);
        assertThatThrownBy(() -> again.put("hero:4", List.of())).as("shared: unmodifiable")
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void whatAReaderKeptWithAnAnswerComesBackWithItUntilTheAnswerIsNoMore() {
        CountingCodec codec = new CountingCodec();
        Map<String, List<String>> whole = pageAnsweredWholeByTheL1(codec);
        Object reader = new Object();
        assertThat(whole).isInstanceOf(CacheStore.ReusedAnswer.class);
        ((CacheStore.ReusedAnswer) whole).keep(reader, "made of it");

        CacheStore.ReusedAnswer again = (CacheStore.ReusedAnswer) b.store.getAll(PAGE, codec);
        assertThat(again.keptBy(reader)).isEqualTo("made of it");
        assertThat(again.keptBy(new Object())).as("only for the reader that kept it").isNull();

        a.write("hero:1", "x");
        b.store.getAll(PAGE, codec); // from the L1 again, whole: a new answer
        assertThat(b.store.getAll(PAGE, codec)).isInstanceOfSatisfying(CacheStore.ReusedAnswer.class,
                fresh -> assertThat(fresh.keptBy(reader)).isNull());
    }

    @Test
    void otherKeysOrAnotherCodecAreNotAnsweredWithTheKeptMap() {
        CountingCodec codec = new CountingCodec();
        Map<String, List<String>> whole = pageAnsweredWholeByTheL1(codec);

        assertThat(b.store.getAll(List.of("hero:1", "hero:2"), codec)).isNotSameAs(whole)
                .containsOnlyKeys("hero:1", "hero:2");
        assertThat(b.store.getAll(List.of("hero:1", "hero:3", "hero:2"), codec)).isNotSameAs(whole);
        Map<String, List<String>> other = b.store.getAll(PAGE, new CountingCodec());
        assertThat(other).isNotSameAs(whole).isEqualTo(whole);
        assertThat(b.store.getAll(PAGE)).as("no codec: the texts").containsEntry("hero:1", "a");
    }

    @Test
    void aKeptAnswerIsNotGivenAgainOnceAnyOfItsEntriesWasInvalidatedHereOrElsewhere() {
        CountingCodec codec = new CountingCodec();
        Map<String, List<String>> whole = pageAnsweredWholeByTheL1(codec);

        a.write("hero:2", "x"); // heard by b on the channel
        assertThat(b.store.getAll(PAGE, codec).get("hero:2")).containsExactly("x");

        Map<String, List<String>> rebuilt = b.store.getAll(PAGE, codec);
        b.write("hero:3", "y"); // this instance: invalidated, then filled with the new value
        Map<String, List<String>> afterOwnWrite = b.store.getAll(PAGE, codec);
        assertThat(afterOwnWrite).isNotSameAs(rebuilt);
        assertThat(afterOwnWrite.get("hero:3")).containsExactly("y");
        assertThat(whole.get("hero:2")).as("a kept map never changes").containsExactly("b");
    }

    @Test
    void aKeptAnswerIsNotGivenAgainAfterADeleteAPatternDeleteOrAFillOfANewValue() {
        CountingCodec codec = new CountingCodec();
        pageAnsweredWholeByTheL1(codec);

        b.store.delete("hero:1");
        assertThat(b.store.getAll(PAGE, codec)).containsOnlyKeys("hero:2", "hero:3");

        redis.set("hero:1", "a", TTL);
        b.store.getAll(PAGE, codec);
        b.store.getAll(PAGE, codec);
        b.store.deletePattern("hero:*");
        assertThat(b.store.getAll(PAGE, codec)).isEmpty();

        b.store.set("hero:1", "p", TTL);
        b.store.set("hero:2", "q", TTL);
        b.store.set("hero:3", "r", TTL);
        b.store.getAll(PAGE, codec);
        b.store.set("hero:2", "s", TTL); // replaces the L1's entry without an invalidation
        assertThat(b.store.getAll(PAGE, codec).get("hero:2")).containsExactly("s");
    }

    @Test
    void aKeptAnswerIsNotGivenAgainPastAnEntrysLifetimeOrWhileTheL1IsNotTrustedOrAfterItWasCleared() {
        CountingCodec codec = new CountingCodec();
        pageAnsweredWholeByTheL1(codec);
        redis.set("hero:1", "changed behind the L1's back", TTL);

        liveThroughTheLifetime();
        assertThat(b.store.getAll(PAGE, codec).get("hero:1")).as("past the lifetime Redis is read")
                .containsExactly("changed behind the L1's back");

        b.store.getAll(PAGE, codec); // kept again
        ticker.advance(WINDOW.plusMillis(1)); // no heartbeat back in time: not trusted
        int gets = b.redisCalls.gets();
        b.store.getAll(PAGE, codec);
        assertThat(b.redisCalls.gets() - gets).as("an untrusted L1 is bypassed, kept answers too").isEqualTo(3);

        beatBoth();
        b.store.getAll(PAGE, codec);
        b.store.getAll(PAGE, codec); // kept again
        channel.hold();
        b.store.beat();
        ticker.advance(WINDOW.plus(SETTINGS.lossyLapse()));
        redis.invalidate(List.of("hero:3")); // a lost invalidation: the lapse clears the whole L1
        channel.release();
        b.store.beat();
        assertThat(b.store.isTrusted()).isTrue();
        assertThat(b.store.getAll(PAGE, codec)).as("cleared: nothing kept answers")
                .containsOnlyKeys("hero:1", "hero:2");
    }

    @Test
    void aKeptAnswerIsNotGivenAgainOnceOneOfItsEntriesWasEvicted() {
        CountingCodec codec = new CountingCodec();
        Instance small = new Instance(L1Settings.defaults(3));
        redis.set("hero:1", "a", TTL);
        redis.set("hero:2", "b", TTL);
        redis.set("hero:3", "c", TTL);
        small.store.beat();
        small.store.getAll(PAGE, codec);
        Map<String, List<String>> whole = small.store.getAll(PAGE, codec);
        assertThat(small.store.getAll(PAGE, codec)).isSameAs(whole);

        for (int i = 4; i < 40; i++) { // pushes some of the page out of an L1 of three entries
            redis.set("hero:" + i, "v" + i, TTL);
            small.read("hero:" + i);
            small.read("hero:" + i);
        }
        small.store.l1Size(); // pending evictions run

        int gets = small.redisCalls.gets();
        assertThat(small.store.getAll(PAGE, codec)).isNotSameAs(whole).isEqualTo(whole);
        assertThat(small.redisCalls.gets()).as("what was evicted is read from Redis").isGreaterThan(gets);
    }

    @Test
    void readersRacingWritersEndWithTheLastValuesOnceWritesStop() throws Exception {
        CountingCodec codec = new CountingCodec();
        pageAnsweredWholeByTheL1(codec);
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20_000; i++) {
                b.store.getAll(PAGE, codec);
            }
        });
        for (int round = 0; round < 2_000; round++) {
            b.write("hero:" + (1 + round % 3), "w" + round);
            a.write("hero:" + (1 + (round + 1) % 3), "z" + round);
        }
        reader.get(30, TimeUnit.SECONDS);

        Map<String, String> last = b.store.getAll(PAGE);
        assertThat(b.store.getAll(PAGE, codec)).as("every entry as Redis holds it")
                .containsEntry("hero:1", List.of(redis.get("hero:1").orElseThrow()))
                .containsEntry("hero:2", List.of(redis.get("hero:2").orElseThrow()))
                .containsEntry("hero:3", List.of(redis.get("hero:3").orElseThrow()));
        assertThat(last).containsEntry("hero:1", redis.get("hero:1").orElseThrow());
    }

    /** Lets the L1's lifetime pass with heartbeats all along (a lapse that long would clear the whole L1). */
    private void liveThroughTheLifetime() {
        Duration step = WINDOW.dividedBy(2);
        for (Duration passed = Duration.ZERO; passed.compareTo(SETTINGS.maxLifetime()) < 0; passed = passed.plus(step)) {
            ticker.advance(step);
            beatBoth();
        }
        assertThat(b.store.isTrusted()).isTrue();
    }

    private void beatBoth() {
        a.store.beat();
        b.store.beat();
    }
}
