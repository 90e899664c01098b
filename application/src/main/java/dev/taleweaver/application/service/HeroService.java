package dev.taleweaver.application.service;

import dev.taleweaver.application.port.in.HeroCommand;
import dev.taleweaver.application.port.in.ManageHeroes;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

import java.time.Clock;
import java.time.Instant;

/** Hero use cases over the hero repository: the {@link EntityService} with hero types. */
public final class HeroService extends EntityService<HeroId, HeroCommand, Hero> implements ManageHeroes {

    public HeroService(HeroRepository heroes, StoryRepository stories, Clock clock) {
        super("hero", heroes, stories::existsForHero, "still appears in stories; delete or reassign them first",
                HeroService::toHero, Hero::createdAt, Hero::updatedAt, HeroId::random, clock);
    }

    private static Hero toHero(HeroId id, HeroCommand c, Instant createdAt, Instant updatedAt) {
        return new Hero(id, c.name(), c.age(), c.gender(), c.appearance(), c.personalityTraits(), c.interests(),
                c.strengths(), c.language(), createdAt, updatedAt);
    }
}
