package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.cache.aside.CacheOptions;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.DependentViews;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.fake.InMemoryHeroRepository;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.AlienCacheDataException;
import dev.taleweaver.application.port.out.CacheErrorKind;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RType;
import org.redisson.client.codec.StringCodec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Data the service never writes, put under its keys by someone else (issue 9, #5 and #13): each case is healed in the
 * same script or operation, counted as a deserialization error, answered from the database, and the circuit stays
 * CLOSED — end to end through the cached hero repository on the real Redis.
 */
class AlienCacheDataIT {
    private static final JacksonCacheCodecs CODECS = new JacksonCacheCodecs();

    private final TestRedis redis = TestRedis.create();
    private final String p = redis.keyPrefix();
    private final Map<CacheErrorKind, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final CacheListener listener = new CacheListener() {
        @Override
        public void onError(String entityType, CacheErrorKind kind) {
            errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }
    };
    private final RedissonCacheStore store = redis.store();
    private final CircuitBreakingCacheStore breaker = new CircuitBreakingCacheStore(store, Duration.ofSeconds(5),
            Clock.systemUTC(), listener);
    private final InMemoryHeroRepository db = new InMemoryHeroRepository();
    private final CachedHeroRepository heroes = new CachedHeroRepository(db, breaker, new HeroCacheStrategy(CODECS),
            CacheOptions.defaults().withListener(listener), DependentViews.NONE);
    private final Hero a = db.save(Fixtures.hero("Alpha", Fixtures.EN));
    private final Hero b = db.save(Fixtures.hero("Beta", Fixtures.FR));

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    private String versionKey(String key) {
        return p + "ver:{" + p + key + "}";
    }

    private void setRaw(String redisKey, String value) {
        redis.client().getBucket(redisKey, StringCodec.INSTANCE).set(value);
    }

    private String raw(String redisKey) {
        return redis.client().<String>getBucket(redisKey, StringCodec.INSTANCE).get();
    }

    private RType typeOf(String redisKey) {
        return redis.client().getKeys().getType(redisKey);
    }

    private void assertHealedAndCounted() {
        assertThat(breaker.state()).as("the circuit").isEqualTo(CircuitState.CLOSED);
        assertThat(errors.get(CacheErrorKind.DESERIALIZATION)).as("deserialization errors").isNotNull()
                .hasPositiveValue();
        assertThat(errors).as("no store failure was counted").containsOnlyKeys(CacheErrorKind.DESERIALIZATION);
    }

    @Test
    void aVersionThatIsNoNumberIsResetWhenAHeroIsUpdated() {
        heroes.findById(a.id());
        setRaw(versionKey("hero:" + a.id()), "notanumber");

        Hero renamed = Fixtures.renamed(a, "Alpha Prime");
        assertThat(heroes.update(renamed)).isPresent();

        assertThat(Long.parseLong(raw(versionKey("hero:" + a.id())))).as("a fresh version").isPositive();
        assertThat(heroes.findById(a.id())).contains(renamed);
        assertThat(raw(p + "hero:" + a.id())).as("written through again").contains("Alpha Prime");
        assertHealedAndCounted();
    }

    @Test
    void aVersionThatIsNoNumberIsResetWhenAHeroIsRead() {
        setRaw(versionKey("hero:" + a.id()), "12abc");

        assertThat(heroes.findById(a.id())).contains(a);
        assertThat(heroes.findById(a.id())).contains(a);

        assertThat(raw(versionKey("hero:" + a.id()))).matches("[0-9]+");
        assertThat(raw(p + "hero:" + a.id())).as("cached again").contains("Alpha");
        assertHealedAndCounted();
    }

    @Test
    void aVersionKeyOfAnotherTypeIsReplaced() {
        redis.client().getList(versionKey("hero:" + a.id()), StringCodec.INSTANCE).add("x");

        assertThat(heroes.update(Fixtures.renamed(a, "Alpha Two"))).isPresent();
        assertThat(heroes.findById(a.id())).hasValueSatisfying(h -> assertThat(h.name()).isEqualTo("Alpha Two"));

        assertThat(typeOf(versionKey("hero:" + a.id()))).isEqualTo(RType.OBJECT);
        assertHealedAndCounted();
    }

    @Test
    void aHeroKeyHoldingAListIsDeletedAndFilledAgain() {
        redis.client().getList(p + "hero:" + a.id(), StringCodec.INSTANCE).add("alien");

        assertThat(heroes.findById(a.id())).contains(a);

        assertThat(typeOf(p + "hero:" + a.id())).isEqualTo(RType.OBJECT);
        assertThat(raw(p + "hero:" + a.id())).contains("Alpha");
        assertHealedAndCounted();
    }

    @Test
    void theListOfAllHeroesHoldingAListOrAHashIsHealed() {
        redis.client().getList(p + "hero:all", StringCodec.INSTANCE).add("alien");
        assertThat(heroes.listAll()).containsExactlyInAnyOrder(a, b);
        assertThat(typeOf(p + "hero:all")).isEqualTo(RType.OBJECT);

        redis.client().getKeys().delete(p + "hero:all");
        redis.client().getMap(p + "hero:all", StringCodec.INSTANCE).put("field", "alien");
        assertThat(heroes.listAll()).containsExactlyInAnyOrder(a, b);
        assertThat(typeOf(p + "hero:all")).isEqualTo(RType.OBJECT);
        assertThat(heroes.listAll()).as("a hit now").containsExactlyInAnyOrder(a, b);

        assertThat(errors.get(CacheErrorKind.DESERIALIZATION)).hasValue(2);
        assertHealedAndCounted();
    }

    @Test
    void anotherHerosEntryUnderAHerosKeyIsNeverServed() {
        setRaw(p + "hero:" + a.id(), CODECS.hero().encode(b, Instant.now(), Duration.ofHours(1)));

        assertThat(heroes.findById(a.id())).contains(a);

        assertThat(raw(p + "hero:" + a.id())).contains("Alpha").doesNotContain("Beta");
        assertHealedAndCounted();
    }

    @Test
    void aLanguageListHoldingAHeroOfAnotherLanguageIsNeverServed() {
        setRaw(p + "hero:lang:en", CODECS.heroes().encode(List.of(b), Instant.now(), Duration.ofHours(1)));

        assertThat(heroes.findByLanguage(Fixtures.EN)).containsExactly(a);

        // read again from the database at once; the id list is refilled by the next read (ADR 11)
        assertThat(heroes.findByLanguage(Fixtures.EN)).containsExactly(a);
        assertThat(raw(p + "hero:lang:en")).contains(a.id().toString()).doesNotContain(b.id().toString());
        assertHealedAndCounted();
    }

    @Test
    void aValueOverTheSizeBoundIsDeletedWithoutBeingRead() {
        setRaw(p + "hero:" + b.id(), "x".repeat(RedissonCacheStore.MAX_VALUE_BYTES + 1));
        assertThatThrownBy(() -> store.get("hero:" + b.id())).as("never sent to the service")
                .isInstanceOf(AlienCacheDataException.class).hasMessageContaining("over the bound");
        assertThat(typeOf(p + "hero:" + b.id())).as("deleted by the same script").isNull();

        setRaw(p + "hero:" + a.id(), "x".repeat(RedissonCacheStore.MAX_VALUE_BYTES + 1));

        assertThat(heroes.findById(a.id())).contains(a);

        assertThat(raw(p + "hero:" + a.id())).hasSizeLessThan(10_000).contains("Alpha");
        assertHealedAndCounted();
    }
}
