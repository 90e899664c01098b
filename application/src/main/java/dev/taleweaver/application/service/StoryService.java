package dev.taleweaver.application.service;

import dev.taleweaver.application.port.in.EntityNotFoundException;
import dev.taleweaver.application.port.in.ManageStories;
import dev.taleweaver.application.port.in.StoryCommand;
import dev.taleweaver.application.port.in.UnknownParticipantsException;
import dev.taleweaver.application.port.in.ValueOrJson;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.common.Violations;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.PageRequest;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Story use cases: a story's child and hero must exist. */
public final class StoryService implements ManageStories {
    private static final String TYPE = "story";

    private final StoryRepository stories;
    private final ChildRepository children;
    private final HeroRepository heroes;
    private final Clock clock;

    public StoryService(StoryRepository stories, ChildRepository children, HeroRepository heroes, Clock clock) {
        this.stories = stories;
        this.children = children;
        this.heroes = heroes;
        this.clock = clock;
    }

    @Override
    public StoryView get(StoryId id) {
        return stories.findById(id).orElseThrow(() -> new EntityNotFoundException(TYPE, id));
    }

    @Override
    public ValueOrJson<StoryView> heldValueOrJson(StoryId id) {
        return stories.heldValueOrJson(id);
    }

    /**
     * Only the whole list: a child's or a hero's stories ask first whether the child or hero exists, which is the
     * read {@link #page} makes.
     */
    @Override
    public Page<StoryView> heldPage(Listing listing, PageRequest request) {
        return listing instanceof Listing.All ? stories.heldPage(listing, request) : null;
    }

    @Override
    public List<StoryView> list(Optional<Language> language) {
        return language.map(stories::findByLanguage).orElseGet(stories::listAll);
    }

    /** A child's stories need the child, a hero's stories the hero (404 otherwise, as for the entity itself). */
    @Override
    public Page<StoryView> page(Listing listing, PageRequest request) {
        if (listing instanceof Listing.OfChild ofChild && children.findById(ofChild.child()).isEmpty()) {
            throw new EntityNotFoundException("child", ofChild.child());
        }
        if (listing instanceof Listing.OfHero ofHero && heroes.findById(ofHero.hero()).isEmpty()) {
            throw new EntityNotFoundException("hero", ofHero.hero());
        }
        return stories.page(listing, request);
    }

    @Override
    public List<StoryView> storiesOfChild(ChildId childId) {
        if (children.findById(childId).isEmpty()) {
            throw new EntityNotFoundException("child", childId);
        }
        return stories.findByChild(childId);
    }

    @Override
    public StoryView create(StoryCommand c) {
        Instant now = Clocks.now(clock);
        Story story = toStory(StoryId.random(), c, now, now);
        return withKnownParticipants(c, () -> stories.save(story));
    }

    @Override
    public StoryView replace(StoryId id, StoryCommand c, Consumer<? super StoryView> expected) {
        // times come from the row locked by the write (ADR 4); the repository checks the participants in the same
        // transaction. A rating is set through PUT /stories/{id}/rating: a replacement that does not send one keeps
        // the locked row's rating
        return withKnownParticipants(c, () -> stories.update(id, locked -> {
                    expected.accept(locked);
                    return toStory(id, c.rating().isPresent() ? c : withRating(c, locked.story().rating()),
                            locked.story().createdAt(), Clocks.after(clock, locked.story().updatedAt()));
                }))
                .map(Updated::after)
                .orElseThrow(() -> new EntityNotFoundException(TYPE, id));
    }

    @Override
    public StoryView rate(StoryId id, Rating rating, Consumer<? super StoryView> expected) {
        return stories.update(id, locked -> {
                    expected.accept(locked);
                    return locked.story().withRating(rating, Clocks.after(clock, locked.story().updatedAt()));
                })
                .map(Updated::after)
                .orElseThrow(() -> new EntityNotFoundException(TYPE, id));
    }

    @Override
    public void delete(StoryId id, Consumer<? super StoryView> expected) {
        if (stories.delete(id, expected).isEmpty()) {
            throw new EntityNotFoundException(TYPE, id);
        }
    }

    /** Runs a story write, turning the repository's refusal of unknown participants into field violations. */
    private static <T> T withKnownParticipants(StoryCommand c, Supplier<T> write) {
        try {
            return write.get();
        } catch (UnknownParticipantsException e) {
            Violations v = new Violations();
            if (e.childMissing()) {
                v.add("child_id", "no child with id " + c.childId());
            }
            if (e.heroMissing()) {
                v.add("hero_id", "no hero with id " + c.heroId());
            }
            v.throwIfAny();
            throw e;
        }
    }

    private static StoryCommand withRating(StoryCommand c, Optional<Rating> rating) {
        return new StoryCommand(c.title(), c.content(), c.childId(), c.heroId(), c.language(), rating);
    }

    private static Story toStory(StoryId id, StoryCommand c, Instant createdAt, Instant updatedAt) {
        return new Story(id, c.title(), c.content(), c.childId(), c.heroId(), c.language(), c.rating(),
                createdAt, updatedAt);
    }
}
