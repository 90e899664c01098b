package dev.taleweaver.application.port.in;

import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.util.List;

/**
 * Story use cases. A story's child and hero must exist (a {@code ValidationException} on
 * {@code child_id} / {@code hero_id} otherwise).
 */
public interface ManageStories extends ManageEntities<StoryId, StoryCommand, StoryView> {

    /** @throws EntityNotFoundException when there is no such child */
    List<StoryView> storiesOfChild(ChildId childId);

    /** @throws EntityNotFoundException when there is no such story */
    StoryView rate(StoryId id, Rating rating);
}
