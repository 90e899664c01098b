package dev.taleweaver.application.cache.prefetch;

import dev.taleweaver.application.cache.aside.CachedChildRepository;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.CachedStoryRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.paging.Position;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The cached stories with prefetching (CACHE_PREFETCH=true, ADR 16). After answering, and without waiting, it offers
 * the {@link PrefetchQueue}:
 * <ul>
 *   <li>for a story read by id, the hero and the child the story embeds ({@code hero:{id}}, {@code child:{id}}): the
 *       reader's next requests are those two pages;</li>
 *   <li>for a page of a child's stories that has a next page, that next page's members ({@code story:{id}} of each):
 *       the page itself already assembled its members (ADR 11), so its "first stories" are cached by the read; what
 *       the next request needs and the cache may lack is the next page. At most one page ({@code limit} members,
 *       one query), and only when the child's id list is cached.</li>
 * </ul>
 * Every warm fills through the read miss's versioned compare-and-set and loads nothing for a key already cached.
 * Everything else is passed through untouched.
 */
public final class PrefetchingStoryRepository implements StoryRepository {
    private final CachedStoryRepository stories;
    private final CachedHeroRepository heroes;
    private final CachedChildRepository children;
    private final PrefetchQueue queue;

    public PrefetchingStoryRepository(CachedStoryRepository stories, CachedHeroRepository heroes,
                                      CachedChildRepository children, PrefetchQueue queue) {
        this.stories = Objects.requireNonNull(stories, "stories");
        this.heroes = Objects.requireNonNull(heroes, "heroes");
        this.children = Objects.requireNonNull(children, "children");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    @Override
    public Optional<StoryView> findById(StoryId id) {
        Optional<StoryView> found = stories.findById(id);
        found.ifPresent(this::warmEmbedded);
        return found;
    }

    private void warmEmbedded(StoryView view) {
        HeroId hero = view.story().heroId();
        ChildId child = view.story().childId();
        queue.submit("warm:hero:" + hero.value(), () -> heroes.warm(hero));
        queue.submit("warm:child:" + child.value(), () -> children.warm(child));
    }

    @Override
    public Page<StoryView> page(Listing listing, PageRequest request) {
        Page<StoryView> page = stories.page(listing, request);
        if (listing instanceof Listing.OfChild && page.next().isPresent()) {
            PageRequest next = new PageRequest(page.next(), request.limit());
            queue.submit("warm:page:" + listing.name() + ":" + page.next().get(),
                    () -> stories.warmPage(listing, next));
        }
        return page;
    }

    // ---- passed through --------------------------------------------------------------------------------------

    @Override
    public List<StoryView> listAll() {
        return stories.listAll();
    }

    @Override
    public List<StoryView> findByLanguage(Language language) {
        return stories.findByLanguage(language);
    }

    @Override
    public List<Position> members(Listing listing) {
        return stories.members(listing);
    }

    @Override
    public List<StoryView> findAllById(Collection<StoryId> ids) {
        return stories.findAllById(ids);
    }

    @Override
    public StoryView save(Story entity) {
        return stories.save(entity);
    }

    @Override
    public StoryId idOf(Story entity) {
        return stories.idOf(entity);
    }

    @Override
    public Optional<Updated<StoryView>> update(StoryId id, Function<? super StoryView, ? extends Story> change) {
        return stories.update(id, change);
    }

    @Override
    public Optional<StoryView> delete(StoryId id, Consumer<? super StoryView> check) {
        return stories.delete(id, check);
    }

    @Override
    public List<StoryView> findByChild(ChildId childId) {
        return stories.findByChild(childId);
    }

    @Override
    public List<StoryView> findByHero(HeroId heroId) {
        return stories.findByHero(heroId);
    }

    @Override
    public boolean existsForChild(ChildId childId) {
        return stories.existsForChild(childId);
    }

    @Override
    public boolean existsForHero(HeroId heroId) {
        return stories.existsForHero(heroId);
    }
}
