package dev.taleweaver.domain.child;

import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.common.Timestamps;
import dev.taleweaver.domain.common.Violations;

import java.time.Instant;
import java.util.List;

/** A child who listens to stories. Validates on construction. */
public record Child(
        ChildId id,
        String name,
        int age,
        Gender gender,
        List<String> interests,
        Language language,
        Instant createdAt,
        Instant updatedAt) {

    public static final int NAME_MAX = 100;
    public static final int AGE_MIN = 0;
    public static final int AGE_MAX = 17;
    public static final int LIST_MAX_ITEMS = 20;
    public static final int LIST_ITEM_MAX = 100;

    public Child {
        Violations v = new Violations();
        v.required("id", id);
        name = v.text("name", name, 1, NAME_MAX);
        v.range("age", age, AGE_MIN, AGE_MAX);
        v.required("gender", gender);
        interests = v.textList("interests", interests, LIST_MAX_ITEMS, LIST_ITEM_MAX);
        v.required("language", language);
        createdAt = Timestamps.normalise(v.required("created_at", createdAt));
        updatedAt = Timestamps.normalise(v.required("updated_at", updatedAt));
        v.throwIfAny();
    }
}
