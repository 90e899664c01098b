package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.aside.CacheOptions;
import dev.taleweaver.application.cache.aside.CachePolicy;
import dev.taleweaver.application.cache.aside.CachedChildRepository;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.CachedStoryRepository;
import dev.taleweaver.application.cache.aside.ChildCacheStrategy;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.aside.RefreshAhead;
import dev.taleweaver.application.cache.aside.StoryCacheStrategy;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore;
import dev.taleweaver.application.cache.testing.ReusingAnswersStore;
import dev.taleweaver.application.cache.testing.MutableClock;
import dev.taleweaver.application.cache.testing.RegistryCacheCodecs;
import dev.taleweaver.application.fake.InMemoryChildRepository;
import dev.taleweaver.application.fake.InMemoryHeroRepository;
import dev.taleweaver.application.fake.InMemoryStoryRepository;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.story.Story;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The three cached repositories wired as bootstrap wires them, over in-memory "databases" that count their
 * calls and an {@link InMemoryCacheStore}, optionally behind a {@link CircuitBreakingCacheStore}.
 */
final class CachedWorld {
    static {
        LogCapture.quietCacheLogs();
    }

    static final Instant START = Instant.parse("2024-01-20T14:22:10Z");
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);

    /** How a world is built; the defaults are production's. */
    record Setup(boolean breaker, boolean cacheOnWrite, int maxPendingKeys, boolean jsonHits, boolean reusedAnswers) {
        static Setup defaults() {
            return new Setup(false, true, CircuitBreakingCacheStore.DEFAULT_MAX_PENDING_KEYS, false, false);
        }

        Setup withBreaker() {
            return new Setup(true, cacheOnWrite, maxPendingKeys, jsonHits, reusedAnswers);
        }

        Setup withoutWriteThrough() {
            return new Setup(breaker, false, maxPendingKeys, jsonHits, reusedAnswers);
        }

        Setup withMaxPendingKeys(int max) {
            return new Setup(breaker, cacheOnWrite, max, jsonHits, reusedAnswers);
        }

        /** Hits by id answered as entity JSON where the codec offers it (ADR 13: the L1 is off). */
        Setup withJsonHits() {
            return new Setup(breaker, cacheOnWrite, maxPendingKeys, true, reusedAnswers);
        }

        /** Multi-key answers handed out again until a write, as an L1 does ({@link ReusingAnswersStore}). */
        Setup withReusedAnswers() {
            return new Setup(breaker, cacheOnWrite, maxPendingKeys, jsonHits, true);
        }
    }

    final MutableClock clock = new MutableClock(START);
    final InMemoryCacheStore store = new InMemoryCacheStore(clock);
    final RegistryCacheCodecs codecs = new RegistryCacheCodecs();
    final RecordingCacheListener events = new RecordingCacheListener();

    private final InMemoryHeroRepository heroRows = new InMemoryHeroRepository();
    private final InMemoryChildRepository childRows = new InMemoryChildRepository();
    final SpiedRepository<HeroRepository> heroDb = SpiedRepository.spy(HeroRepository.class, heroRows);
    final SpiedRepository<ChildRepository> childDb = SpiedRepository.spy(ChildRepository.class, childRows);
    final SpiedRepository<StoryRepository> storyDb =
            SpiedRepository.spy(StoryRepository.class, new InMemoryStoryRepository(childRows, heroRows));

    final CircuitBreakingCacheStore breaker;
    final HeroCacheStrategy heroStrategy;
    final ChildCacheStrategy childStrategy;
    final StoryCacheStrategy storyStrategy;
    final CachedStoryRepository stories;
    final CachedHeroRepository heroes;
    final CachedChildRepository children;

    CachedWorld() {
        this(Setup.defaults());
    }

    CachedWorld(Setup setup) {
        this(setup, RefreshAhead.NONE);
    }

    /** A world whose repositories offer sampled hits to {@code refreshAhead} (ADR 16). */
    CachedWorld(Setup setup, RefreshAhead refreshAhead) {
        CacheStore below = setup.reusedAnswers() ? new ReusingAnswersStore(store) : store;
        breaker = new CircuitBreakingCacheStore(below, CircuitBreakingCacheStore.DEFAULT_FAILURE_THRESHOLD,
                PROBE_INTERVAL, setup.maxPendingKeys(), clock, events);
        CacheStore cache = setup.breaker() ? breaker : below;
        CacheOptions options = CacheOptions.defaults().withListener(events).withClock(clock)
                .withRefreshAhead(refreshAhead)
                .withJsonHits(setup.jsonHits());
        heroStrategy = new HeroCacheStrategy(codecs, policy(HeroCacheStrategy.DEFAULT_TTL, setup));
        childStrategy = new ChildCacheStrategy(codecs, policy(ChildCacheStrategy.DEFAULT_TTL, setup));
        storyStrategy = new StoryCacheStrategy(codecs, policy(StoryCacheStrategy.DEFAULT_TTL, setup));
        stories = new CachedStoryRepository(storyDb.repository(), cache, storyStrategy, options);
        heroes = new CachedHeroRepository(heroDb.repository(), cache, heroStrategy, options, stories);
        children = new CachedChildRepository(childDb.repository(), cache, childStrategy, options, stories);
    }

    private static CachePolicy policy(Duration ttl, Setup setup) {
        return new CachePolicy(ttl, true, setup.cacheOnWrite());
    }

    /** A hero put straight into the database, bypassing the cache. */
    Hero heroInDb(String name, Language language) {
        return heroRows.save(Fixtures.hero(name, language));
    }

    Child childInDb(String name, Language language) {
        return childRows.save(Fixtures.child(name, language));
    }

    /** A story put straight into the database; its language is the child's. */
    Story storyInDb(String title, Child child, Hero hero) {
        Story story = Fixtures.story(title, child, hero);
        storyDb.repository().save(story);
        return story;
    }

    /** The value cached under {@code key}, decoded, if any. */
    Optional<Object> cached(String key) {
        return store.peek(key).flatMap(codecs::written).map(RegistryCacheCodecs.Written::value);
    }

    /** Forgets calls and history so a test's assertions see only what comes next. */
    void resetCounters() {
        heroDb.resetCalls();
        childDb.resetCalls();
        storyDb.resetCalls();
        store.resetCalls();
        store.clearHistory();
        events.clear();
    }
}
