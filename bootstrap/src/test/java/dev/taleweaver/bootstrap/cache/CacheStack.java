package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.application.cache.aside.CacheOptions;
import dev.taleweaver.application.cache.aside.CachedChildRepository;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.CachedStoryRepository;
import dev.taleweaver.application.cache.aside.ChildCacheStrategy;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.aside.StoryCacheStrategy;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.port.out.CacheCodecs;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;

/**
 * The cached repositories composed exactly as bootstrap's CacheModule composes them: the story repository first,
 * then heroes and children with it as their DependentViews, all over ONE circuit breaker in front of the given
 * store (production: a RedissonCacheStore), with the production TTLs and options.
 */
final class CacheStack implements Repositories {
    /** One codec set for every test, as production has one. */
    static final CacheCodecs CODECS = new JacksonCacheCodecs();

    private final CircuitBreakingCacheStore store;
    private final CachedStoryRepository stories;
    private final CachedHeroRepository heroes;
    private final CachedChildRepository children;

    private CacheStack(Database db, CacheStore store) {
        this.store = new CircuitBreakingCacheStore(store);
        CacheOptions options = CacheOptions.defaults();
        this.stories = new CachedStoryRepository(db.stories(), this.store,
                new StoryCacheStrategy(CODECS, StoryCacheStrategy.DEFAULT_TTL), options);
        this.heroes = new CachedHeroRepository(db.heroes(), this.store,
                new HeroCacheStrategy(CODECS, HeroCacheStrategy.DEFAULT_TTL), options, stories);
        this.children = new CachedChildRepository(db.children(), this.store,
                new ChildCacheStrategy(CODECS, ChildCacheStrategy.DEFAULT_TTL), options, stories);
    }

    /** @param store the real store (or a test's wrapper of it); the stack puts the circuit breaker in front */
    static CacheStack over(Database db, CacheStore store) {
        return new CacheStack(db, store);
    }

    CircuitBreakingCacheStore breaker() {
        return store;
    }

    @Override
    public HeroRepository heroes() {
        return heroes;
    }

    @Override
    public ChildRepository children() {
        return children;
    }

    @Override
    public StoryRepository stories() {
        return stories;
    }
}
