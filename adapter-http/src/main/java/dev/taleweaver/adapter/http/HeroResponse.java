package dev.taleweaver.adapter.http;

import dev.taleweaver.domain.hero.Hero;

import java.time.Instant;
import java.util.List;

/** A hero on the wire: exactly the fields of the hero in README's API and the OpenAPI document. */
record HeroResponse(
        String id,
        String name,
        int age,
        String gender,
        String appearance,
        List<String> personalityTraits,
        List<String> interests,
        List<String> strengths,
        String language,
        Instant createdAt,
        Instant updatedAt) {

    static HeroResponse of(Hero h) {
        return new HeroResponse(h.id().toString(), h.name(), h.age(), h.gender().wireName(), h.appearance(),
                h.personalityTraits(), h.interests(), h.strengths(), h.language().code(), h.createdAt(),
                h.updatedAt());
    }
}
