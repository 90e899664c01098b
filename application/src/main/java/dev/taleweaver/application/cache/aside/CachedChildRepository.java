package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;

/** Children behind the cache. A changed or deleted child also drops the cached story views that name it. */
public final class CachedChildRepository extends CachedRepository<ChildId, Child, Child> implements ChildRepository {

    public CachedChildRepository(ChildRepository base, CacheStore store, CacheStrategy<ChildId, Child> strategy) {
        this(base, store, strategy, CacheOptions.defaults(), DependentViews.NONE);
    }

    /** @param dependentViews usually the {@link CachedStoryRepository} */
    public CachedChildRepository(ChildRepository base, CacheStore store, CacheStrategy<ChildId, Child> strategy,
                                 CacheOptions options, DependentViews dependentViews) {
        super(base, store, strategy, options, dependentViews::childChanged);
    }
}
