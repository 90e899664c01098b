package dev.taleweaver.application.fake;

import dev.taleweaver.application.port.in.UnknownParticipantsException;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.time.Instant;
import java.util.List;

/** Joins names from the child and hero fakes at read time, as the SQL adapter joins tables. */
public final class InMemoryStoryRepository extends InMemoryEntityRepository<StoryId, Story, StoryView>
        implements StoryRepository {
    private final ChildRepository children;
    private final HeroRepository heroes;

    public InMemoryStoryRepository(ChildRepository children, HeroRepository heroes) {
        this.children = children;
        this.heroes = heroes;
    }

    @Override
    public List<StoryView> findByChild(ChildId childId) {
        return select(s -> s.childId().equals(childId));
    }

    @Override
    public List<StoryView> findByHero(HeroId heroId) {
        return select(s -> s.heroId().equals(heroId));
    }

    @Override
    protected boolean inListing(Story s, Listing listing) {
        if (listing instanceof Listing.OfChild ofChild) {
            return s.childId().equals(ofChild.child())
                    && ofChild.language().map(l -> l.equals(s.language())).orElse(true);
        }
        if (listing instanceof Listing.OfHero ofHero) {
            return s.heroId().equals(ofHero.hero());
        }
        return super.inListing(s, listing);
    }

    @Override
    public boolean existsForChild(ChildId childId) {
        return rows.values().stream().anyMatch(s -> s.childId().equals(childId));
    }

    @Override
    public boolean existsForHero(HeroId heroId) {
        return rows.values().stream().anyMatch(s -> s.heroId().equals(heroId));
    }

    @Override
    protected void beforeWrite(Story s) {
        boolean childMissing = children.findById(s.childId()).isEmpty();
        boolean heroMissing = heroes.findById(s.heroId()).isEmpty();
        if (childMissing || heroMissing) {
            throw new UnknownParticipantsException("save story " + s.id(), childMissing, heroMissing);
        }
    }

    @Override
    public StoryId idOf(Story e) {
        return e.id();
    }

    @Override
    protected Language languageOf(Story e) {
        return e.language();
    }

    @Override
    protected Instant createdAtOf(Story e) {
        return e.createdAt();
    }

    @Override
    protected StoryView view(Story s) {
        String child = children.findById(s.childId()).map(Child::name).orElseThrow();
        String hero = heroes.findById(s.heroId()).map(Hero::name).orElseThrow();
        return new StoryView(s, child, hero);
    }
}
