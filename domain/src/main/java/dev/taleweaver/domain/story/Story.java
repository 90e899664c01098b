package dev.taleweaver.domain.story;

import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.common.Text;
import dev.taleweaver.domain.common.Timestamps;
import dev.taleweaver.domain.common.Violations;
import dev.taleweaver.domain.hero.HeroId;

import java.time.Instant;
import java.util.Optional;

/** A bedtime story told to one child about one hero; the rating is absent until the child rates it. */
public record Story(
        StoryId id,
        String title,
        String content,
        ChildId childId,
        HeroId heroId,
        Language language,
        Optional<Rating> rating,
        Instant createdAt,
        Instant updatedAt) {

    public static final int TITLE_MAX = 200;
    public static final int CONTENT_MAX = 20_000;

    // title is one line; content is prose and may hold tabs and line breaks (see Text)

    public Story {
        Violations v = new Violations();
        v.required("id", id);
        title = v.text("title", title, 1, TITLE_MAX);
        content = v.text("content", content, 1, CONTENT_MAX, Text.Lines.MULTI);
        v.required("child_id", childId);
        v.required("hero_id", heroId);
        v.required("language", language);
        rating = rating == null ? Optional.empty() : rating;
        createdAt = Timestamps.normalise(v.required("created_at", createdAt));
        updatedAt = Timestamps.normalise(v.required("updated_at", updatedAt));
        v.throwIfAny();
    }

    public Story withRating(Rating newRating, Instant now) {
        return new Story(id, title, content, childId, heroId, language, Optional.of(newRating), createdAt, now);
    }
}
