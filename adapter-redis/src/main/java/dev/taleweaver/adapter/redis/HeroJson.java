package dev.taleweaver.adapter.redis;

import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

import java.time.Instant;
import java.util.List;

/** A hero as docs/caching.md's entry-format example writes it (snake_case names come from the mapper). */
record HeroJson(
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

    static final WireMapping<Hero, HeroJson> MAPPING = WireMapping.of(HeroJson.class, HeroJson::of, HeroJson::toHero);

    static HeroJson of(Hero h) {
        return new HeroJson(h.id().toString(), h.name(), h.age(), h.gender().wireName(), h.appearance(),
                h.personalityTraits(), h.interests(), h.strengths(), h.language().code(), h.createdAt(),
                h.updatedAt());
    }

    Hero toHero() {
        return new Hero(HeroId.parse(id), name, age, Gender.parse(gender), appearance, personalityTraits, interests,
                strengths, Language.of(language), createdAt, updatedAt);
    }
}
