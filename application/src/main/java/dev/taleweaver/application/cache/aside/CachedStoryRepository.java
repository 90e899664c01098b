package dev.taleweaver.application.cache.aside;

import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.util.List;
import java.util.Optional;

/**
 * Stories behind the cache, including each child's list ({@code story:child:{child_id}}). Story views embed
 * their child's and hero's names, so this is also the {@link DependentViews} the hero and child repositories
 * notify: it finds the affected stories in the database and drops every cached view holding them.
 */
public final class CachedStoryRepository extends CachedRepository<StoryId, Story, StoryView>
        implements StoryRepository, DependentViews {
    private final StoryRepository base;

    public CachedStoryRepository(StoryRepository base, CacheStore store, StoryCacheStrategy strategy) {
        this(base, store, strategy, CacheOptions.defaults());
    }

    public CachedStoryRepository(StoryRepository base, CacheStore store, StoryCacheStrategy strategy,
                                 CacheOptions options) {
        super(base, store, strategy, options, id -> { });
        this.base = base;
    }

    @Override
    public List<StoryView> findByChild(ChildId childId) {
        return readList(new Listing.OfChild(childId, Optional.empty()));
    }

    /** Not cached: only used to find a hero's stories, which must come fresh from the database. */
    @Override
    public List<StoryView> findByHero(HeroId heroId) {
        return base.findByHero(heroId);
    }

    /** Not cached: guards deletes, so it must see the database as it is now. */
    @Override
    public boolean existsForChild(ChildId childId) {
        return base.existsForChild(childId);
    }

    /** Not cached: guards deletes, so it must see the database as it is now. */
    @Override
    public boolean existsForHero(HeroId heroId) {
        return base.existsForHero(heroId);
    }

    @Override
    public void heroChanged(HeroId hero) {
        invalidateViews(() -> base.findByHero(hero), "hero " + hero + " changed");
    }

    @Override
    public void childChanged(ChildId child) {
        invalidateViews(() -> base.findByChild(child), "child " + child + " changed");
    }
}
