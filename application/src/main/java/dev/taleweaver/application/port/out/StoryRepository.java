package dev.taleweaver.application.port.out;

import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.util.List;

/**
 * Where stories are kept. Reads return {@link StoryView}s carrying the child's and hero's names.
 *
 * <p>{@link #save} and {@link #update} throw {@link dev.taleweaver.application.port.in.UnknownParticipantsException} (and write nothing) when the
 * story's child or hero does not exist, checked inside the writing transaction.
 */
public interface StoryRepository extends EntityRepository<StoryId, Story, StoryView> {

    /** The stories of one child, oldest first. */
    List<StoryView> findByChild(ChildId childId);

    /** The stories featuring one hero, oldest first (a hero's change touches their views). */
    List<StoryView> findByHero(HeroId heroId);

    /** Whether any story belongs to this child (used to refuse deleting a child with stories). */
    boolean existsForChild(ChildId childId);

    /** Whether any story features this hero (used to refuse deleting a hero with stories). */
    boolean existsForHero(HeroId heroId);
}
