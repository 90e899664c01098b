package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/caching.md's "Memory Limit Exceeded: Redis LRU eviction, continue operation, reduced hit rate": a Redis of the
 * test's own with a small maxmemory and allkeys-lru, filled far beyond it through the cached repositories. Keys are
 * evicted all the time, and every read must still equal the database.
 */
class RedisEvictionIT {
    private static final Logger log = LoggerFactory.getLogger(RedisEvictionIT.class);
    private static final String MAX_MEMORY = "2mb";
    private static final String PREFIX = "tw-evict:";
    private static final List<Language> LANGUAGES = List.of(Language.of("en"), Language.of("fr"), Language.of("de"));
    /**
     * About 3.5 KB of JSON each: 400 of them, cached one by one (~1.4 MB; lists are id lists, ADR 11), overflow the
     * ~1 MB a 2 MB Redis has left for data, while every single value still fits.
     */
    private static final int HEROES = 400;
    private static final int ROUNDS = 3;

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private final Database db = Database.postgres(POSTGRES.jdbi());
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private PrivateRedisServer redis;
    private RedisConfig config;
    private RedissonClient client;
    private RedisNode node;
    /** Stores made by a test, closed after it (their Jedis reads hold connections to the private Redis). */
    private final List<RedissonCacheStore> stores = new ArrayList<>();

    @BeforeEach
    void startASmallRedis() {
        redis = PrivateRedisServer.start();
        config = redis.config(PREFIX);
        client = RedisClientFactory.create(config);
        node = client.getRedisNodes(RedisNodes.SINGLE).getInstance();
        node.setConfig("maxmemory", MAX_MEMORY);
        node.setConfig("maxmemory-policy", "allkeys-lru");
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        stores.forEach(RedissonCacheStore::close);
        if (client != null) {
            client.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private RedissonCacheStore store() {
        RedissonCacheStore store = new RedissonCacheStore(client, config);
        stores.add(store);
        return store;
    }

    @Test
    void whenRedisEvictsUnderMemoryPressureEveryReadStillEqualsTheDatabase() {
        CacheStack cached = CacheStack.over(db, store());
        List<Hero> heroes = new ArrayList<>();
        for (int i = 0; i < HEROES; i++) {
            heroes.add(db.heroes().save(bigHero(i)));
        }
        List<String> wrong = new ArrayList<>();
        int reads = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Hero> order = new ArrayList<>(heroes);
            Collections.shuffle(order);
            for (Hero hero : order) {
                reads += compare(wrong, "findById(" + hero.id() + ")", () -> cached.heroes().findById(hero.id()),
                        () -> db.heroes().findById(hero.id()));
            }
            reads += compare(wrong, "listAll()", () -> cached.heroes().listAll(), () -> db.heroes().listAll());
            for (Language language : LANGUAGES) {
                reads += compare(wrong, "findByLanguage(" + language.code() + ")",
                        () -> cached.heroes().findByLanguage(language), () -> db.heroes().findByLanguage(language));
            }
            // changes while entries come and go: renames and moves between languages
            for (int i = round; i < heroes.size(); i += 10) {
                Hero moved = moved(heroes.get(i), round);
                cached.heroes().update(moved).orElseThrow();
                heroes.set(i, moved);
            }
        }

        Map<String, String> stats = node.info(RedisNode.InfoSection.STATS);
        long evicted = Long.parseLong(stats.get("evicted_keys"));
        long hits = Long.parseLong(stats.get("keyspace_hits"));
        log.info("maxmemory {}: {} reads, {} keys evicted, keyspace hits {} misses {}, circuit {}", MAX_MEMORY, reads,
                evicted, hits, stats.get("keyspace_misses"), cached.breaker().state());

        assertThat(evicted).as("keys Redis evicted").isPositive();
        assertThat(hits).as("reads Redis answered from memory: the cache still works").isPositive();
        assertThat(wrong).as("reads that differ from the database").isEmpty();
        assertThat(new CacheAudit(client, PREFIX, db).staleEntries()).as("cached values that differ from the database")
                .isEmpty();
    }

    /**
     * Regression test of a bug fixed in RedissonCacheStore (a missing version key used to read as 0): a reader
     * takes the key's version and loads, a writer updates and invalidates (the version moves on), then Redis evicts
     * the version key, as allkeys-lru may do with any key. The reader's set-if-version must still be refused and
     * the next read must be fresh.
     */
    @Test
    void aVersionKeyEvictedWhileAReaderLoadsDoesNotLetTheReadersStaleValueIn() throws Exception {
        Hero hero = db.heroes().save(smallHero());
        Hero renamed = moved(hero, 0);
        PausedLoad<HeroRepository> paused = PausedLoad.firstCallOf(HeroRepository.class, db.heroes(), "findById");
        CacheStack cached = CacheStack.over(db.withHeroes(paused.repository()), store());
        String versionKey = PREFIX + "ver:{" + PREFIX + "hero:" + hero.id() + "}";

        Future<?> reader = threads.submit(() -> cached.heroes().findById(hero.id()));
        paused.awaitLoaded();
        Object before = client.getBucket(versionKey, StringCodec.INSTANCE).get();
        cached.heroes().update(renamed).orElseThrow();
        assertThat(client.getBucket(versionKey, StringCodec.INSTANCE).get()).as("the write moved the version on")
                .isNotNull().isNotEqualTo(before);
        evictUntilGone(versionKey);
        paused.release();
        reader.get(PausedLoad.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(cached.heroes().findById(hero.id())).contains(renamed);
    }

    /** Writes filler keys (newer than anything else, so LRU prefers older keys) until {@code key} is evicted. */
    private void evictUntilGone(String key) {
        String filler = "x".repeat(8 * 1024);
        for (int i = 0; i < 20_000 && client.getBucket(key, StringCodec.INSTANCE).isExists(); i++) {
            client.getBucket(PREFIX + "filler:" + i, StringCodec.INSTANCE).set(filler);
        }
        assertThat(client.getBucket(key, StringCodec.INSTANCE).isExists()).as("%s evicted", key).isFalse();
    }

    private static int compare(List<String> wrong, String read, Supplier<?> cached, Supplier<?> database) {
        Object fromCache = cached.get();
        Object fromDatabase = database.get();
        if (!Objects.equals(fromCache, fromDatabase) && wrong.size() < 10) {
            wrong.add(read + " returned " + fromCache + " but the database holds " + fromDatabase);
        }
        return 1;
    }

    private static Hero bigHero(int i) {
        Instant at = Instant.parse("2024-01-15T10:30:00Z").plus(i, ChronoUnit.SECONDS);
        List<String> items = IntStream.range(0, Hero.LIST_MAX_ITEMS)
                .mapToObj(n -> "item " + n + " of hero " + i + " " + ".".repeat(20)).toList();
        return new Hero(HeroId.random(), "Hero " + i, 12, Gender.FEMALE, "A".repeat(Hero.APPEARANCE_MAX), items,
                items, items, LANGUAGES.get(i % LANGUAGES.size()), at, at);
    }

    private static Hero smallHero() {
        Instant at = Instant.parse("2024-01-15T10:30:00Z");
        return new Hero(HeroId.random(), "Captain Wonder", 12, Gender.MALE, "Wears a blue cape", List.of("brave"),
                List.of("space"), List.of("flying"), LANGUAGES.get(0), at, at);
    }

    private static Hero moved(Hero h, int round) {
        return new Hero(h.id(), h.name() + " r" + round, h.age(), h.gender(), h.appearance(), h.personalityTraits(),
                h.interests(), h.strengths(), LANGUAGES.get((LANGUAGES.indexOf(h.language()) + 1) % LANGUAGES.size()),
                h.createdAt(), h.updatedAt().plusSeconds(1));
    }
}
