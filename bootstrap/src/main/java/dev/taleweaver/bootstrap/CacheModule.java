package dev.taleweaver.bootstrap;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import dev.taleweaver.adapter.metrics.CacheFenceMeters;
import dev.taleweaver.adapter.metrics.PrefetchMeters;
import dev.taleweaver.adapter.metrics.CacheServerGauges;
import dev.taleweaver.adapter.metrics.L1CacheMeters;
import dev.taleweaver.adapter.metrics.TaleweaverMetrics;
import dev.taleweaver.adapter.postgres.PostgresCacheFenceStore;
import dev.taleweaver.adapter.postgres.PostgresChildRepository;
import dev.taleweaver.adapter.postgres.PostgresDatabase;
import dev.taleweaver.adapter.postgres.PostgresHeroRepository;
import dev.taleweaver.adapter.postgres.PostgresStoryRepository;
import dev.taleweaver.application.cache.aside.CacheOptions;
import dev.taleweaver.application.cache.aside.CachedChildRepository;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.CachedStoryRepository;
import dev.taleweaver.application.cache.aside.RefreshAhead;
import dev.taleweaver.application.cache.prefetch.PrefetchingStoryRepository;
import dev.taleweaver.application.cache.aside.ChildCacheStrategy;
import dev.taleweaver.application.cache.aside.DependentViews;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.aside.StoryCacheStrategy;
import dev.taleweaver.application.cache.operations.CacheAdministration;
import dev.taleweaver.application.cache.operations.CacheHealthProbe;
import dev.taleweaver.application.cache.operations.CacheStatistics;
import dev.taleweaver.application.cache.operations.CacheWarmer;
import dev.taleweaver.application.port.in.FlushCache;
import dev.taleweaver.application.port.in.InspectCache;
import dev.taleweaver.application.port.out.CacheListener;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HealthProbe;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;

import java.time.Clock;
import java.util.Optional;
import javax.inject.Named;
import javax.inject.Singleton;

/**
 * The Redis adapter and the cache-aside decorators. Each repository port is bound exactly once: decorated
 * when caching is on, the plain PostgreSQL repository when {@code REDIS_ENABLED=false}.
 */
@Module
interface CacheModule {

    @Provides
    @Singleton
    static CacheLayer cacheLayer(Settings settings, @Named("cache") CacheListener listener, Clock clock,
                                 TaleweaverMetrics metrics, PostgresDatabase database) {
        CacheLayer layer = CacheLayer.connect(settings, listener, clock, new PostgresCacheFenceStore(database.jdbi()));
        layer.serverStats().ifPresent(stats -> new CacheServerGauges(stats).bindTo(metrics.registry()));
        layer.fence().ifPresent(fence -> CacheFenceMeters.bind(metrics.registry(), fence));
        layer.l1().ifPresent(l1 -> L1CacheMeters.bind(metrics.registry(), l1));
        layer.prefetch().ifPresent(prefetch -> PrefetchMeters.bind(metrics.registry(), prefetch));
        return layer;
    }

    @Provides
    @Singleton
    static CacheOptions cacheOptions(Clock clock, @Named("cache") CacheListener listener, CacheLayer cache,
                                     Settings settings) {
        // without the L1, a Redis hit by id is answered as the entry's entity JSON (ADR 13)
        return CacheOptions.defaults().withClock(clock).withListener(listener)
                .withRefreshAhead(cache.prefetch().<RefreshAhead>map(queue -> queue).orElse(RefreshAhead.NONE))
                .withJsonHits(!settings.l1().enabled());
    }

    @Provides
    @Singleton
    static CacheAdministration cacheAdministration(CacheLayer cache, CacheStatistics statistics) {
        return cache.store()
                .map(store -> new CacheAdministration(store, statistics, cache.serverStats().orElseThrow()))
                .orElseGet(CacheAdministration::disabled);
    }

    @Provides
    static InspectCache inspectCache(CacheAdministration administration) {
        return administration;
    }

    @Provides
    static FlushCache flushCache(CacheAdministration administration) {
        return administration;
    }

    @Provides
    @Singleton
    static Optional<CachedStoryRepository> cachedStories(CacheLayer cache, PostgresStoryRepository base,
                                                         Settings settings, CacheOptions options) {
        return cache.store().map(store -> new CachedStoryRepository(base, store,
                new StoryCacheStrategy(cache.codecs(), settings.ttls().story()), options));
    }

    /** With CACHE_PREFETCH, reads of stories warm what the next request needs (ADR 16). */
    @Provides
    @Singleton
    static StoryRepository stories(Optional<CachedStoryRepository> cached, PostgresStoryRepository base,
                                   CacheLayer cache, HeroRepository heroes, ChildRepository children) {
        if (cached.isPresent() && cache.prefetch().isPresent()
                && heroes instanceof CachedHeroRepository cachedHeroes
                && children instanceof CachedChildRepository cachedChildren) {
            return new PrefetchingStoryRepository(cached.get(), cachedHeroes, cachedChildren, cache.prefetch().get());
        }
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

    /** Cache warming at start-up (CACHE_WARMUP=true), over the cached repositories; absent otherwise. */
    @Provides
    @Singleton
    static Optional<CacheWarmer> warmer(Settings settings, CacheLayer cache, HeroRepository heroes,
                                        ChildRepository children, Optional<CachedStoryRepository> cachedStories,
                                        StoryRepository stories, Clock clock) {
        Settings.Operations ops = settings.operations();
        if (!ops.warmup() || cache.store().isEmpty()) {
            return Optional.empty();
        }
        // the undecorated cached stories: the warm-up reads every hero and child itself, so it needs no prefetching
        StoryRepository warmed = cachedStories.<StoryRepository>map(c -> c).orElse(stories);
        return Optional.of(new CacheWarmer(heroes, children, warmed, ops.warmupMaxEntries(), ops.warmupTimeout(),
                clock, CacheWarmer.backgroundThread()));
    }
}
