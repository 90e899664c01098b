package dev.taleweaver.application.contract;

import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.EntityRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

/** The hero repository contract; a subject supplies {@link #heroes()}. */
public abstract class HeroRepositoryContract extends EntityRepositoryContract<HeroId, Hero, Hero> {

    protected abstract HeroRepository heroes();

    @Override
    protected EntityRepository<HeroId, Hero, Hero> repository() {
        return heroes();
    }

    @Override
    protected Hero newEntity(Language language) {
        return Fixtures.hero("Hero " + Fixtures.nextInstant().toEpochMilli(), language);
    }

    @Override
    protected Hero changed(Hero e) {
        return Fixtures.renamed(e, e.name() + " the Bold");
    }

    @Override
    protected Hero inLanguage(Hero e, Language language) {
        return Fixtures.relanguaged(e, language);
    }

    @Override
    protected HeroId idOf(Hero e) {
        return e.id();
    }

    @Override
    protected Hero expectedView(Hero e) {
        return e;
    }
}
