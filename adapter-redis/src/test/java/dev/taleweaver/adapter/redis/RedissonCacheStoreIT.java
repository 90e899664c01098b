package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.HashSlots;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBatch;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store against the real Redis, each test under a key prefix of its own, its single-key reads through Jedis
 * (the default); {@link RedissonReadsCacheStoreIT} runs it all again with {@code REDIS_READ_CLIENT=redisson}.
 */
class RedissonCacheStoreIT {
    private static final Duration TTL = Duration.ofSeconds(60);

    private TestRedis redis;
    private RedissonCacheStore store;

    @BeforeEach
    void setUp() {
        redis = TestRedis.create();
        store = redis.store(readClient());
    }

    /** {@value RedisReadClient#SETTING} of the store under test. */
    RedisReadClient readClient() {
        return RedisReadClient.DEFAULT;
    }

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    private RedissonClient raw() {
        return redis.client();
    }

    private long pttl(String redisKey) {
        return raw().getBucket(redisKey, StringCodec.INSTANCE).remainTimeToLive();
    }

    @Test
    void storesAValueUnderThePrefixForItsTtl() {
        assertThat(store.get("hero:1")).isEmpty();

        store.set("hero:1", "{\"name\":\"Captain Wonder 🦸\"}", Duration.ofMillis(90_000));

        assertThat(store.get("hero:1")).contains("{\"name\":\"Captain Wonder 🦸\"}");
        assertThat(redis.keys()).containsExactly(redis.keyPrefix() + "hero:1");
        assertThat(pttl(redis.keyPrefix() + "hero:1")).isBetween(80_000L, 90_000L);
    }

    @Test
    void getBytesReadsTheValuesUtf8BytesAsGetReadsItsText() {
        assertThat(store.getBytes("hero:1")).isEmpty();
        store.set("hero:1", "{\"name\":\"Captain Wonder 🦸 é\"}", TTL);

        assertThat(store.getBytes("hero:1")).hasValueSatisfying(bytes -> assertThat(bytes)
                .isEqualTo("{\"name\":\"Captain Wonder 🦸 é\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void getBytesOfAValueOfAnotherTypeDeletesItAsGetDoes() {
        redis.client().getList(redis.keyPrefix() + "hero:3", StringCodec.INSTANCE).add("a list, not a value");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.getBytes("hero:3"))
                .isInstanceOf(dev.taleweaver.application.port.out.AlienCacheDataException.class);
        assertThat(redis.keys()).doesNotContain(redis.keyPrefix() + "hero:3");
    }

    @Test
    void getAllReadsSeveralKeysInOneMgetLeavingOutAbsentAndAlienOnes() {
        store.set("hero:1", "one", TTL);
        store.set("hero:2", "two 🦸", TTL);
        redis.client().getList(redis.keyPrefix() + "hero:3", StringCodec.INSTANCE).add("a list, not a value");

        assertThat(store.getAll(java.util.List.of("hero:1", "hero:2", "hero:3", "hero:4")))
                .containsOnly(java.util.Map.entry("hero:1", "one"), java.util.Map.entry("hero:2", "two 🦸"));
        assertThat(store.getAll(java.util.List.of())).isEmpty();
    }

    @Test
    void setReplacesTheValueAndItsTtl() {
        store.set("hero:1", "old", Duration.ofSeconds(600));
        store.set("hero:1", "new", Duration.ofSeconds(30));

        assertThat(store.get("hero:1")).contains("new");
        assertThat(pttl(redis.keyPrefix() + "hero:1")).isBetween(20_000L, 30_000L);
    }

    @Test
    void deleteAndExists() {
        store.set("child:1", "c", TTL);

        assertThat(store.exists("child:1")).isTrue();
        assertThat(store.delete("child:1")).isTrue();
        assertThat(store.exists("child:1")).isFalse();
        assertThat(store.get("child:1")).isEmpty();
        assertThat(store.delete("child:1")).as("already gone").isFalse();
    }

    @Test
    void storesWithDifferentPrefixesNeitherSeeNorDeleteEachOthersKeys() {
        try (TestRedis otherDeployment = TestRedis.create()) {
            RedissonCacheStore other = otherDeployment.store();
            store.set("hero:1", "mine", TTL);
            store.set("hero:2", "mine too", TTL);
            other.set("hero:1", "theirs", TTL);

            assertThat(other.get("hero:2")).isEmpty();
            assertThat(other.exists("hero:2")).isFalse();
            assertThat(other.delete("hero:2")).isFalse();
            assertThat(other.deletePattern("*")).isEqualTo(1);

            assertThat(store.get("hero:1")).contains("mine");
            assertThat(store.get("hero:2")).contains("mine too");
            assertThat(other.get("hero:1")).isEmpty();
        }
    }

    @Test
    void deletePatternRemovesOnlyMatchingKeysOfItsPrefix() {
        store.set("hero:1", "h", TTL);
        store.set("hero:lang:en", "h", TTL);
        store.set("hero:all", "h", TTL);
        store.set("child:1", "c", TTL);
        store.set("heroine", "x", TTL);

        assertThat(store.deletePattern("hero:*")).isEqualTo(3);

        assertThat(store.exists("hero:1")).isFalse();
        assertThat(store.exists("hero:all")).isFalse();
        assertThat(store.exists("child:1")).isTrue();
        assertThat(store.exists("heroine")).isTrue();
        assertThat(store.deletePattern("hero:*")).isZero();
    }

    @Test
    void deletePatternScansAndDeletesFiveThousandKeys() {
        RBatch batch = raw().createBatch();
        for (int i = 0; i < 5_000; i++) {
            batch.getBucket(redis.keyPrefix() + "story:" + i, StringCodec.INSTANCE).setAsync("s", TTL);
        }
        batch.getBucket(redis.keyPrefix() + "hero:keep", StringCodec.INSTANCE).setAsync("h", TTL);
        batch.execute();

        assertThat(store.deletePattern("story:*")).isEqualTo(5_000);

        assertThat(redis.keys()).containsExactly(redis.keyPrefix() + "hero:keep");
    }

    @Test
    void aFreshKeyGetsAStableRandomVersionAndStoresAtThatVersion() {
        long version = store.version("hero:1");
        assertThat(version).isPositive();
        assertThat(store.version("hero:1")).as("the version is created once, then read").isEqualTo(version);

        assertThat(store.setIfVersion("hero:1", version, "v0", Duration.ofSeconds(45))).isTrue();

        assertThat(store.get("hero:1")).contains("v0");
        assertThat(pttl(redis.keyPrefix() + "hero:1")).isBetween(35_000L, 45_000L);
    }

    @Test
    void invalidateBumpsTheVersionAndDeletesTheValue() {
        store.set("hero:1", "cached", TTL);

        store.invalidate(List.of("hero:1"));

        assertThat(store.version("hero:1")).isEqualTo(1);
        assertThat(store.get("hero:1")).isEmpty();
        store.invalidate(List.of("hero:1"));
        assertThat(store.version("hero:1")).isEqualTo(2);
    }

    @Test
    void aReaderThatLoadedBeforeAnInvalidationCannotStoreItsStaleValue() {
        long seenByReader = store.version("hero:1");       // reader misses and starts loading from the database
        store.invalidate(List.of("hero:1"));                // meanwhile a writer updates the hero

        boolean stored = store.setIfVersion("hero:1", seenByReader, "stale hero", TTL);

        assertThat(stored).isFalse();
        assertThat(store.get("hero:1")).isEmpty();
        long seenByNextReader = store.version("hero:1");
        assertThat(store.setIfVersion("hero:1", seenByNextReader, "fresh hero", TTL)).isTrue();
        assertThat(store.get("hero:1")).contains("fresh hero");
    }

    @Test
    void invalidatesManyKeysInBatches() {
        List<String> keys = IntStream.range(0, RedissonCacheStore.BATCH_SIZE * 2 + 7)
                .mapToObj(i -> "story:" + i).toList();
        keys.forEach(k -> store.set(k, "s", TTL));

        store.invalidate(keys);

        assertThat(keys).allSatisfy(k -> {
            assertThat(store.exists(k)).isFalse();
            assertThat(store.version(k)).isEqualTo(1);
        });
    }

    @Test
    void theVersionKeyLivesInTheValueKeysSlotInsideThePrefixAndExpires() {
        String valueKey = redis.keyPrefix() + "hero:550e8400-e29b-41d4-a716-446655440000";
        String versionKey = redis.keyPrefix() + "ver:{" + valueKey + "}";

        store.invalidate(List.of("hero:550e8400-e29b-41d4-a716-446655440000"));

        assertThat(redis.keys()).containsExactly(versionKey);
        assertThat(HashSlots.of(versionKey)).isEqualTo(HashSlots.of(valueKey));
        assertThat(pttl(versionKey)).isBetween(RedissonCacheStore.VERSION_TTL.minusMinutes(1).toMillis(),
                RedissonCacheStore.VERSION_TTL.toMillis());
    }

    @Test
    void hashSlotsAreComputedAsRedisDoes() {
        // values from the Redis Cluster specification and CLUSTER KEYSLOT
        assertThat(HashSlots.of("123456789")).isEqualTo(0x31C3 % HashSlots.SLOTS);
        assertThat(HashSlots.of("somekey")).isEqualTo(11058);
        assertThat(HashSlots.of("foo{hash_tag}")).isEqualTo(HashSlots.of("bar{hash_tag}")).isEqualTo(2515);
        assertThat(HashSlots.of("foo{bar}{zap}")).isEqualTo(HashSlots.of("bar"));
        assertThat(HashSlots.of("foo{{bar}}zap")).isEqualTo(HashSlots.of("{bar"));
        assertThat(HashSlots.of("foo{}{bar}")).isNotEqualTo(HashSlots.of("bar"));
    }

    @Test
    void deletePatternLeavesVersionsAloneSoAStaleReaderStaysRefused() {
        long seenByReader = store.version("hero:1");
        store.invalidate(List.of("hero:1"));

        store.deletePattern("*");

        assertThat(store.version("hero:1")).isEqualTo(seenByReader + 1);
        assertThat(store.setIfVersion("hero:1", seenByReader, "stale", TTL)).isFalse();
    }

    @Test
    void healthCheckAnswers() {
        assertThat(store.healthCheck()).isTrue();
    }

    @Test
    void testRedisRemovesEveryKeyOfItsPrefixOnClose() {
        TestRedis scratch = TestRedis.create();
        RedissonCacheStore scratchStore = scratch.store();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            scratchStore.set("k" + i, "v", TTL);
            keys.add("k" + i);
        }
        scratchStore.invalidate(keys.subList(0, 3));

        scratch.close();

        assertThat(scratch.keys()).isEmpty();
    }

    @Test
    void versionsOfSeveralKeysAreTheirOwnVersionsReadInOneBatch() {
        List<String> keys = IntStream.range(0, 700).mapToObj(i -> "hero:" + i).toList(); // two batches
        store.invalidate(List.of("hero:3", "hero:650"));

        java.util.Map<String, Long> versions = store.versions(keys);

        assertThat(versions).hasSize(keys.size());
        for (String key : List.of("hero:0", "hero:3", "hero:650", "hero:699")) {
            assertThat(versions.get(key)).as(key).isEqualTo(store.version(key));
        }
        store.invalidate(List.of("hero:3"));
        assertThat(store.versions(List.of("hero:3", "hero:4")).get("hero:3")).isEqualTo(versions.get("hero:3") + 1);
    }

    @Test
    void anAlienVersionAmongSeveralIsResetAndTheOthersAreStillAnswered() {
        store.set("hero:2", "{}", Duration.ofMinutes(1));
        long before = store.version("hero:1");
        String prefix = redis.keyPrefix();
        redis.client().getBucket(prefix + "ver:{" + prefix + "hero:2}", StringCodec.INSTANCE).set("notanumber");

        java.util.Map<String, Long> versions = store.versions(List.of("hero:1", "hero:2", "hero:3"));

        assertThat(versions).containsEntry("hero:1", before).containsKeys("hero:2", "hero:3");
        assertThat(versions.get("hero:2")).as("a fresh version").isEqualTo(store.version("hero:2"));
        assertThat(store.get("hero:2")).as("the value beside an alien version is deleted").isEmpty();
    }
}
