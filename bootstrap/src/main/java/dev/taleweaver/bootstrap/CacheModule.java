package dev.taleweaver.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.taleweaver.adapter.postgres.PostgresChildRepository;
import dev.taleweaver.adapter.postgres.PostgresHeroRepository;
import dev.taleweaver.adapter.postgres.PostgresStoryRepository;
import dev.taleweaver.application.cache.CacheHealthProbe;
import dev.taleweaver.application.cache.CacheOptions;
import dev.taleweaver.application.cache.CachedChildRepository;
import dev.taleweaver.application.cache.CachedHeroRepository;
import dev.taleweaver.application.cache.CachedStoryRepository;
import dev.taleweaver.application.cache.ChildCacheStrategy;
import dev.taleweaver.application.cache.DependentViews;
import dev.taleweaver.application.cache.HeroCacheStrategy;
import dev.taleweaver.application.cache.StoryCacheStrategy;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HealthProbe;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;

import javax.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * The Redis adapter and the cache-aside decorators. Each repository port is bound exactly once: decorated
 * when caching is on, the plain PostgreSQL repository when {@code REDIS_ENABLED=false}.
 */
@Module
interface CacheModule {

    @Provides
    @Singleton
    static CacheLayer cacheLayer(Settings settings) {
        return CacheLayer.connect(settings);
    }

    @Provides
    @Singleton
    static CacheOptions cacheOptions(Clock clock) {
        return CacheOptions.defaults().withClock(clock);
    }

    @Provides
    @Singleton
    static Optional<CachedStoryRepository> cachedStories(CacheLayer cache, PostgresStoryRepository base,
                                                         Settings settings, CacheOptions options) {
        return cache.store().map(store -> new CachedStoryRepository(base, store,
                new StoryCacheStrategy(cache.codecs(), settings.ttls().story()), options));
    }

    @Provides
    static StoryRepository stories(Optional<CachedStoryRepository> cached, PostgresStoryRepository base) {
        return cached.<StoryRepository>map(c -> c).orElse(base);
    }

    /** Hero and child changes reach the cached story views that embed their names. */
    @Provides
    static DependentViews storyViews(Optional<CachedStoryRepository> cached) {
        return cached.<DependentViews>map(c -> c).orElse(DependentViews.NONE);
    }

    @Provides
    @Singleton
    static HeroRepository heroes(CacheLayer cache, PostgresHeroRepository base, Settings settings,
                                 CacheOptions options, DependentViews storyViews) {
        return cache.store().<HeroRepository>map(store -> new CachedHeroRepository(base, store,
                new HeroCacheStrategy(cache.codecs(), settings.ttls().hero()), options, storyViews)).orElse(base);
    }

    @Provides
    @Singleton
    static ChildRepository children(CacheLayer cache, PostgresChildRepository base, Settings settings,
                                    CacheOptions options, DependentViews storyViews) {
        return cache.store().<ChildRepository>map(store -> new CachedChildRepository(base, store,
                new ChildCacheStrategy(cache.codecs(), settings.ttls().child()), options, storyViews)).orElse(base);
    }

    @Provides
    @IntoSet
    static HealthProbe cacheProbe(CacheLayer cache) {
        return cache.store().<HealthProbe>map(CacheHealthProbe::new).orElseGet(CacheHealthProbe::disabled);
    }
}
