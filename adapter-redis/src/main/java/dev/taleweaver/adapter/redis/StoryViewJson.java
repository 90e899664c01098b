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

/** A story as readers see it, with its child's and hero's names; {@code rating} is null until rated. */
record StoryViewJson(
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

    static final WireMapping<StoryView, StoryViewJson> MAPPING =
            WireMapping.of(StoryViewJson.class, StoryViewJson::of, StoryViewJson::toStoryView);

    static StoryViewJson of(StoryView view) {
        Story s = view.story();
        return new StoryViewJson(s.id().toString(), s.title(), s.content(), s.childId().toString(),
                s.heroId().toString(), view.childName(), view.heroName(), s.language().code(),
                s.rating().map(Rating::stars).orElse(null), s.createdAt(), s.updatedAt());
    }

    StoryView toStoryView() {
        Story story = new Story(StoryId.parse(id), title, content, ChildId.parse("child_id", childId),
                HeroId.parse("hero_id", heroId), Language.of(language),
                rating == null ? Optional.empty() : Optional.of(new Rating(rating)), createdAt, updatedAt);
        return new StoryView(story, childName, heroName);
    }
}
