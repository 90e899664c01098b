package dev.taleweaver.application.service;

import dev.taleweaver.application.port.in.ChildCommand;
import dev.taleweaver.application.port.in.ManageChildren;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;

import java.time.Clock;
import java.time.Instant;

/** Child use cases over the child repository: the {@link EntityService} with child types. */
public final class ChildService extends EntityService<ChildId, ChildCommand, Child> implements ManageChildren {

    public ChildService(ChildRepository children, StoryRepository stories, Clock clock) {
        super("child", children, stories::existsForChild, "still has stories; delete them first",
                ChildService::toChild, Child::createdAt, Child::updatedAt, ChildId::random, clock);
    }

    private static Child toChild(ChildId id, ChildCommand c, Instant createdAt, Instant updatedAt) {
        return new Child(id, c.name(), c.age(), c.gender(), c.interests(), c.language(), createdAt, updatedAt);
    }
}
