package dev.taleweaver.application.service;

import dev.taleweaver.application.port.in.ChildCommand;
import dev.taleweaver.application.port.in.EntityConflictException;
import dev.taleweaver.application.port.in.EntityNotFoundException;
import dev.taleweaver.application.port.in.ManageChildren;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Child use cases over the child repository. */
public final class ChildService implements ManageChildren {
    private static final String TYPE = "child";

    private final ChildRepository children;
    private final StoryRepository stories;
    private final Clock clock;

    public ChildService(ChildRepository children, StoryRepository stories, Clock clock) {
        this.children = children;
        this.stories = stories;
        this.clock = clock;
    }

    @Override
    public Child get(ChildId id) {
        return children.findById(id).orElseThrow(() -> new EntityNotFoundException(TYPE, id));
    }

    @Override
    public List<Child> list(Optional<Language> language) {
        return language.map(children::findByLanguage).orElseGet(children::listAll);
    }

    @Override
    public Child create(ChildCommand c) {
        Instant now = Clocks.now(clock);
        return children.save(toChild(ChildId.random(), c, now, now));
    }

    @Override
    public Child replace(ChildId id, ChildCommand c) {
        // times come from the row locked by the write (ADR 4), never from a cached copy
        return children.update(id, locked -> toChild(id, c, locked.createdAt(), Clocks.after(clock, locked.updatedAt())))
                .map(Updated::after)
                .orElseThrow(() -> new EntityNotFoundException(TYPE, id));
    }

    @Override
    public void delete(ChildId id) {
        if (stories.existsForChild(id)) {
            throw new EntityConflictException("child " + id + " still has stories; delete them first");
        }
        if (children.delete(id).isEmpty()) {
            throw new EntityNotFoundException(TYPE, id);
        }
    }

    private static Child toChild(ChildId id, ChildCommand c, Instant createdAt, Instant updatedAt) {
        return new Child(id, c.name(), c.age(), c.gender(), c.interests(), c.language(), createdAt, updatedAt);
    }
}
