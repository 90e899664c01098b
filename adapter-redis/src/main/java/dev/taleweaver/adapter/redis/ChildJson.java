package dev.taleweaver.adapter.redis;

import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.child.ChildId;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    /**
     * The entity JSON this record writes, as {@link EntityJsonShape} checks it: the id against the key's, gender and
     * language in their closed sets, age in the domain's range.
     */
    static EntityJsonShape shape() {
        return EntityJsonShape.of(ChildJson.class, Map.of(
                "id", EntityJsonShape.ID,
                "age", EntityJsonShape.range(Child.AGE_MIN, Child.AGE_MAX),
                "gender", EntityJsonShape.oneOf(Gender.WIRE_NAMES),
                "language", EntityJsonShape.oneOf(Language.CODES)));
    }

    static ChildJson of(Child c) {
        return new ChildJson(c.id().toString(), c.name(), c.age(), c.gender().wireName(), c.interests(),
                c.language().code(), c.createdAt(), c.updatedAt());
    }

    Child toChild() {
        return new Child(ChildId.parse(id), name, age, Gender.parse(gender), interests, Language.of(language),
                createdAt, updatedAt);
    }
}
