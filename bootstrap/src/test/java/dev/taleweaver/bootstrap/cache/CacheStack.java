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
import dev.taleweaver.application.port.out.CacheListener;
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

    private CacheStack(Database db, CacheStore store, CacheCodecs codecs, CacheListener listener) {
        this.store = new CircuitBreakingCacheStore(store);
        CacheOptions options = CacheOptions.defaults().withListener(listener);
        this.stories = new CachedStoryRepository(db.stories(), this.store,
                new StoryCacheStrategy(codecs, StoryCacheStrategy.DEFAULT_TTL), options);
        this.heroes = new CachedHeroRepository(db.heroes(), this.store,
                new HeroCacheStrategy(codecs, HeroCacheStrategy.DEFAULT_TTL), options, stories);
        this.children = new CachedChildRepository(db.children(), this.store,
                new ChildCacheStrategy(codecs, ChildCacheStrategy.DEFAULT_TTL), options, stories);
    }

    /** @param store the real store (or a test's wrapper of it); the stack puts the circuit breaker in front */
    static CacheStack over(Database db, CacheStore store) {
        return new CacheStack(db, store, CODECS, CacheListener.NOOP);
    }

    /** A stack of one service instance with its own codecs (e.g. another cache schema write version). */
    static CacheStack over(Database db, CacheStore store, CacheCodecs codecs, CacheListener listener) {
        return new CacheStack(db, store, codecs, listener);
    }

    CircuitBreakingCacheStore breaker() {
        return store;
    }

    /** The decorators themselves, for prefetching (ADR 16), which warms through them. */
    CachedStoryRepository cachedStories() {
        return stories;
    }

    CachedHeroRepository cachedHeroes() {
        return heroes;
    }

    CachedChildRepository cachedChildren() {
        return children;
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
