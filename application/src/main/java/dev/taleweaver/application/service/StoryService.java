package dev.taleweaver.application.service;

import dev.taleweaver.application.port.in.EntityNotFoundException;
import dev.taleweaver.application.port.in.ManageStories;
import dev.taleweaver.application.port.in.StoryCommand;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.common.Violations;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
    public List<StoryView> list(Optional<Language> language) {
        return language.map(stories::findByLanguage).orElseGet(stories::listAll);
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
        requireParticipants(c);
        Instant now = Clocks.now(clock);
        return stories.save(toStory(StoryId.random(), c, now, now));
    }

    @Override
    public StoryView replace(StoryId id, StoryCommand c) {
        Story existing = get(id).story();
        requireParticipants(c);
        // a rating is set through PUT /stories/{id}/rating, by the child: a replacement that does not send one keeps it
        StoryCommand kept = c.rating().isPresent() ? c : withRating(c, existing.rating());
        Story replaced = toStory(id, kept, existing.createdAt(), Clocks.after(clock, existing.updatedAt()));
        return stories.update(replaced).map(Updated::after).orElseThrow(() -> new EntityNotFoundException(TYPE, id));
    }

    @Override
    public StoryView rate(StoryId id, Rating rating) {
        Story existing = get(id).story();
        Story rated = existing.withRating(rating, Clocks.after(clock, existing.updatedAt()));
        return stories.update(rated).map(Updated::after).orElseThrow(() -> new EntityNotFoundException(TYPE, id));
    }

    @Override
    public void delete(StoryId id) {
        if (stories.delete(id).isEmpty()) {
            throw new EntityNotFoundException(TYPE, id);
        }
    }

    private void requireParticipants(StoryCommand c) {
        Violations v = new Violations();
        if (c.childId() != null && children.findById(c.childId()).isEmpty()) {
            v.add("child_id", "no child with id " + c.childId());
        }
        if (c.heroId() != null && heroes.findById(c.heroId()).isEmpty()) {
            v.add("hero_id", "no hero with id " + c.heroId());
        }
        v.throwIfAny();
    }

    private static StoryCommand withRating(StoryCommand c, Optional<Rating> rating) {
        return new StoryCommand(c.title(), c.content(), c.childId(), c.heroId(), c.language(), rating);
    }

    private static Story toStory(StoryId id, StoryCommand c, Instant createdAt, Instant updatedAt) {
        return new Story(id, c.title(), c.content(), c.childId(), c.heroId(), c.language(), c.rating(),
                createdAt, updatedAt);
    }
}
