package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.HeroCommand;
import dev.taleweaver.application.port.in.ManageHeroes;
import dev.taleweaver.domain.common.Gender;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

/** {@code /heroes}. */
final class HeroRoutes extends EntityRoutes<HeroId, HeroCommand, Hero, HeroRequest> {

    HeroRoutes(ManageHeroes heroes, JsonBody body, boolean rememberRenderings) {
        super("/heroes", heroes, HeroRequest.class, body, rememberRenderings);
    }

    @Override
    protected HeroId parseId(String raw) {
        return HeroId.parse(raw);
    }

    @Override
    protected HeroCommand toCommand(HeroRequest r, InputCheck check) {
        Integer age = check.required("age", r.age());
        return new HeroCommand(r.name(), age == null ? Hero.AGE_MIN : age,
                check.parse("gender", r.gender(), Gender::parse, Gender.UNSPECIFIED), r.appearance(),
                r.personalityTraits(), r.interests(), r.strengths(),
                check.parse("language", r.language(), Language::of, PLACEHOLDER_LANGUAGE));
    }

    @Override
    protected void applyDomainRules(HeroCommand c) {
        new Hero(HeroId.random(), c.name(), c.age(), c.gender(), c.appearance(), c.personalityTraits(),
                c.interests(), c.strengths(), c.language(), PLACEHOLDER_TIME, PLACEHOLDER_TIME);
    }

    @Override
    protected Object toResponse(Hero hero) {
        return HeroResponse.of(hero);
    }

    @Override
    protected String idOf(Hero hero) {
        return hero.id().toString();
    }
}
