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
 * A story view as schema 1 writes it: the child's and hero's ids and names as four flat fields ({@code child_id},
 * {@code child_name}, …); {@code rating} is null until rated. Schema 2 ({@link StoryViewJson}) nests them. This
 * build still reads it ({@link #UPCAST}) and writes it while {@code CACHE_SCHEMA_WRITE_VERSION} is 1; its
 * {@link #MAPPING} is what the release before schema 2 used, kept to stand in for that release in tests.
 */
record StoryViewJsonV1(
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

    static final WireMapping<StoryView, StoryViewJsonV1> MAPPING =
            WireMapping.of(StoryViewJsonV1.class, StoryViewJsonV1::of, StoryViewJsonV1::toStoryView);

    /** Schema 1 to 2 (reading, {@code fromWire}) and back (writing schema 1, {@code toWire}); nothing is lost. */
    static final WireMapping<StoryViewJson, StoryViewJsonV1> UPCAST =
            WireMapping.of(StoryViewJsonV1.class, StoryViewJsonV1::downcast, StoryViewJsonV1::upcast);

    static StoryViewJsonV1 of(StoryView view) {
        Story s = view.story();
        return new StoryViewJsonV1(s.id().toString(), s.title(), s.content(), s.childId().toString(),
                s.heroId().toString(), view.childName(), view.heroName(), s.language().code(),
                s.rating().map(Rating::stars).orElse(null), s.createdAt(), s.updatedAt());
    }

    StoryView toStoryView() {
        Story story = new Story(StoryId.parse(id), title, content, ChildId.parse("child_id", childId),
                HeroId.parse("hero_id", heroId), Language.of(language),
                rating == null ? Optional.empty() : Optional.of(new Rating(rating)), createdAt, updatedAt);
        return new StoryView(story, childName, heroName);
    }

    StoryViewJson upcast() {
        return new StoryViewJson(id, title, content, new StoryViewJson.Embedded(childId, childName),
                new StoryViewJson.Embedded(heroId, heroName), language, rating, createdAt, updatedAt);
    }

    static StoryViewJsonV1 downcast(StoryViewJson v2) {
        return new StoryViewJsonV1(v2.id(), v2.title(), v2.content(), v2.child().id(), v2.hero().id(),
                v2.child().name(), v2.hero().name(), v2.language(), v2.rating(), v2.createdAt(), v2.updatedAt());
    }
}
