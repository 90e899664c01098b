package dev.taleweaver.adapter.http;

import dev.taleweaver.domain.child.Child;

import java.time.Instant;
import java.util.List;

/** A child on the wire. */
record ChildResponse(
        String id,
        String name,
        int age,
        String gender,
        List<String> interests,
        String language,
        Instant createdAt,
        Instant updatedAt) {

    static ChildResponse of(Child c) {
        return new ChildResponse(c.id().toString(), c.name(), c.age(), c.gender().wireName(), c.interests(),
                c.language().code(), c.createdAt(), c.updatedAt());
    }
}
