package dev.taleweaver.application.service;

import dev.taleweaver.application.port.in.EntityConflictException;
import dev.taleweaver.application.port.in.EntityNotFoundException;
import dev.taleweaver.application.port.in.HeroCommand;
import dev.taleweaver.application.port.in.ManageHeroes;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Hero use cases over the hero repository. */
public final class HeroService implements ManageHeroes {
    private static final String TYPE = "hero";

    private final HeroRepository heroes;
    private final StoryRepository stories;
    private final Clock clock;

    public HeroService(HeroRepository heroes, StoryRepository stories, Clock clock) {
        this.heroes = heroes;
        this.stories = stories;
        this.clock = clock;
    }

    @Override
    public Hero get(HeroId id) {
        return heroes.findById(id).orElseThrow(() -> new EntityNotFoundException(TYPE, id));
    }

    @Override
    public List<Hero> list(Optional<Language> language) {
        return language.map(heroes::findByLanguage).orElseGet(heroes::listAll);
    }

    @Override
    public Hero create(HeroCommand c) {
        Instant now = Clocks.now(clock);
        return heroes.save(toHero(HeroId.random(), c, now, now));
    }

    @Override
    public Hero replace(HeroId id, HeroCommand c) {
        // times come from the row locked by the write (ADR 4), never from a cached copy
        return heroes.update(id, locked -> toHero(id, c, locked.createdAt(), Clocks.after(clock, locked.updatedAt())))
                .map(Updated::after)
                .orElseThrow(() -> new EntityNotFoundException(TYPE, id));
    }

    @Override
    public void delete(HeroId id) {
        if (stories.existsForHero(id)) {
            throw new EntityConflictException("hero " + id + " still appears in stories; delete or reassign them first");
        }
        if (heroes.delete(id).isEmpty()) {
            throw new EntityNotFoundException(TYPE, id);
        }
    }

    private static Hero toHero(HeroId id, HeroCommand c, Instant createdAt, Instant updatedAt) {
        return new Hero(id, c.name(), c.age(), c.gender(), c.appearance(), c.personalityTraits(), c.interests(),
                c.strengths(), c.language(), createdAt, updatedAt);
    }
}
