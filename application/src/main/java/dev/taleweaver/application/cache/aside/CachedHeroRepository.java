package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

/** Heroes behind the cache. A changed or deleted hero also drops the cached story views that name it. */
public final class CachedHeroRepository extends CachedRepository<HeroId, Hero, Hero> implements HeroRepository {

    public CachedHeroRepository(HeroRepository base, CacheStore store, CacheStrategy<HeroId, Hero> strategy) {
        this(base, store, strategy, CacheOptions.defaults(), DependentViews.NONE);
    }

    /** @param dependentViews usually the {@link CachedStoryRepository} */
    public CachedHeroRepository(HeroRepository base, CacheStore store, CacheStrategy<HeroId, Hero> strategy,
                                CacheOptions options, DependentViews dependentViews) {
        super(base, store, strategy, options, dependentViews::heroChanged);
    }
}
