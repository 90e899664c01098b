package dev.taleweaver.application.cache.aside;

import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.hero.HeroId;

/**
 * Cached views that embed a hero's or a child's data (story views carry their names). The hero and child
 * repositories call this after an update or delete, so they need not know who caches such views;
 * {@link CachedStoryRepository} implements it. Implementations must not throw.
 */
public interface DependentViews {

    /** Nobody embeds heroes or children. */
    DependentViews NONE = new DependentViews() {
        @Override
        public void heroChanged(HeroId hero) {
        }

        @Override
        public void childChanged(ChildId child) {
        }
    };

    void heroChanged(HeroId hero);

    void childChanged(ChildId child);
}
