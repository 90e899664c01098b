package dev.taleweaver.adapter.redis;

import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

    /**
     * The entity JSON this record writes, as {@link EntityJsonShape} checks it: the id against the key's, gender and
     * language in their closed sets, age in the domain's range.
     */
    static EntityJsonShape shape() {
        return EntityJsonShape.of(HeroJson.class, Map.of(
                "id", EntityJsonShape.ID,
                "age", EntityJsonShape.range(Hero.AGE_MIN, Hero.AGE_MAX),
                "gender", EntityJsonShape.oneOf(Gender.WIRE_NAMES),
                "language", EntityJsonShape.oneOf(Language.CODES)));
    }

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
