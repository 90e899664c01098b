package dev.taleweaver.domain.hero;

import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.common.Text;
import dev.taleweaver.domain.common.Timestamps;
import dev.taleweaver.domain.common.Violations;

import java.time.Instant;
import java.util.List;

/** A story hero: exactly the fields of docs/caching.md's entry example. Validates on construction. */
public record Hero(
        HeroId id,
        String name,
        int age,
        Gender gender,
        String appearance,
        List<String> personalityTraits,
        List<String> interests,
        List<String> strengths,
        Language language,
        Instant createdAt,
        Instant updatedAt) {

    public static final int NAME_MAX = 100;
    public static final int AGE_MIN = 0;
    public static final int AGE_MAX = 1000;
    public static final int APPEARANCE_MAX = 1000;
    public static final int LIST_MAX_ITEMS = 20;
    public static final int LIST_ITEM_MAX = 100;

    // appearance is a description and may hold tabs and line breaks; name and list items are one line (see Text)

    public Hero {
        Violations v = new Violations();
        v.required("id", id);
        name = v.text("name", name, 1, NAME_MAX);
        v.range("age", age, AGE_MIN, AGE_MAX);
        v.required("gender", gender);
        appearance = v.text("appearance", appearance, 0, APPEARANCE_MAX, Text.Lines.MULTI);
        personalityTraits = v.textList("personality_traits", personalityTraits, LIST_MAX_ITEMS, LIST_ITEM_MAX);
        interests = v.textList("interests", interests, LIST_MAX_ITEMS, LIST_ITEM_MAX);
        strengths = v.textList("strengths", strengths, LIST_MAX_ITEMS, LIST_ITEM_MAX);
        v.required("language", language);
        createdAt = Timestamps.normalise(v.required("created_at", createdAt));
        updatedAt = Timestamps.normalise(v.required("updated_at", updatedAt));
        v.throwIfAny();
    }
}
