package dev.taleweaver.application.port.in;

import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Rating;

import java.util.Optional;

/**
 * The fields a client sets when creating or replacing a story; the service adds id and timestamps. An empty
 * {@code rating} creates an unrated story, and on a replacement keeps the rating the story has: no field changes
 * without the client sending it (a rating cannot be removed, only changed to another 1..5).
 */
public record StoryCommand(
        String title,
        String content,
        ChildId childId,
        HeroId heroId,
        Language language,
        Optional<Rating> rating) {
}
