package dev.taleweaver.adapter.redis;

import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;

import java.time.Instant;
import java.util.List;

/** A child in a cache entry (snake_case names come from the mapper). */
record ChildJson(
        String id,
        String name,
        int age,
        String gender,
        List<String> interests,
        String language,
        Instant createdAt,
        Instant updatedAt) {

    static final WireMapping<Child, ChildJson> MAPPING =
            WireMapping.of(ChildJson.class, ChildJson::of, ChildJson::toChild);

    static ChildJson of(Child c) {
        return new ChildJson(c.id().toString(), c.name(), c.age(), c.gender().wireName(), c.interests(),
                c.language().code(), c.createdAt(), c.updatedAt());
    }

    Child toChild() {
        return new Child(ChildId.parse(id), name, age, Gender.parse(gender), interests, Language.of(language),
                createdAt, updatedAt);
    }
}
