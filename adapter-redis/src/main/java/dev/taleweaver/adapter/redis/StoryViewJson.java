package dev.taleweaver.adapter.redis;

import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.HeroId;
import dev.taleweaver.domain.story.Rating;
import dev.taleweaver.domain.story.Story;
import dev.taleweaver.domain.story.StoryId;
import dev.taleweaver.domain.story.StoryView;

import java.time.Instant;
import java.util.Optional;

/**
 * A story view as schema 2 writes it: what the view copies from its child and its hero is nested under
 * {@code child} and {@code hero} ({@code {"id": …, "name": …}}) instead of schema 1's four flat fields
 * ({@link StoryViewJsonV1}), so the entry says which of its fields are copies of another entity. {@code rating} is
 * null until rated.
 */
record StoryViewJson(
        String id,
        String title,
        String content,
        Embedded child,
        Embedded hero,
        String language,
        Integer rating,
        Instant createdAt,
        Instant updatedAt) {

    static final WireMapping<StoryView, StoryViewJson> MAPPING =
            WireMapping.of(StoryViewJson.class, StoryViewJson::of, StoryViewJson::toStoryView);

    /** The id and name of the child or hero a story view embeds. */
    record Embedded(String id, String name) {
    }

    static StoryViewJson of(StoryView view) {
        Story s = view.story();
        return new StoryViewJson(s.id().toString(), s.title(), s.content(),
                new Embedded(s.childId().toString(), view.childName()),
                new Embedded(s.heroId().toString(), view.heroName()), s.language().code(),
                s.rating().map(Rating::stars).orElse(null), s.createdAt(), s.updatedAt());
    }

    StoryView toStoryView() {
        if (child == null || hero == null) {
            throw new IllegalArgumentException("a story view without its " + (child == null ? "child" : "hero"));
        }
        Story story = new Story(StoryId.parse(id), title, content, ChildId.parse("child.id", child.id()),
                HeroId.parse("hero.id", hero.id()), Language.of(language),
                rating == null ? Optional.empty() : Optional.of(new Rating(rating)), createdAt, updatedAt);
        return new StoryView(story, child.name(), hero.name());
    }
}
