package dev.taleweaver.application.fake;

import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

import java.time.Instant;

public class InMemoryHeroRepository extends InMemoryEntityRepository<HeroId, Hero, Hero> implements HeroRepository {
    @Override
    public HeroId idOf(Hero e) {
        return e.id();
    }

    @Override
    protected Language languageOf(Hero e) {
        return e.language();
    }

    @Override
    protected Instant createdAtOf(Hero e) {
        return e.createdAt();
    }

    @Override
    protected Hero view(Hero e) {
        return e;
    }
}
