package dev.taleweaver.application.port.in;

import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.util.List;
import java.util.function.Consumer;

/**
 * Story use cases. A story's child and hero must exist (a {@code ValidationException} on
 * {@code child_id} / {@code hero_id} otherwise).
 */
public interface ManageStories extends ManageEntities<StoryId, StoryCommand, StoryView> {

    /** @throws EntityNotFoundException when there is no such child */
    List<StoryView> storiesOfChild(ChildId childId);

    /** @throws EntityNotFoundException when there is no such story */
    default StoryView rate(StoryId id, Rating rating) {
        return rate(id, rating, current -> { });
    }

    /** A conditional rating, {@code expected} judging the locked story as for {@link #replace(Object, Object, Consumer)}. */
    StoryView rate(StoryId id, Rating rating, Consumer<? super StoryView> expected);
}
