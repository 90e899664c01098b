package dev.taleweaver.adapter.http;

import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryView;

import java.time.Instant;

/** A story on the wire, with its child's and hero's names; {@code rating} is null until the child rates it. */
record StoryResponse(
        String id,
        String title,
        String content,
        String childId,
        String heroId,
        String childName,
        String heroName,
        String language,
        Integer rating,
        Instant createdAt,
        Instant updatedAt) {

    static StoryResponse of(StoryView view) {
        Story s = view.story();
        return new StoryResponse(s.id().toString(), s.title(), s.content(), s.childId().toString(),
                s.heroId().toString(), view.childName(), view.heroName(), s.language().code(),
                s.rating().map(Rating::stars).orElse(null), s.createdAt(), s.updatedAt());
    }
}
