package dev.taleweaver.application.port.out;

import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

/** Where heroes are kept. */
public interface HeroRepository extends EntityRepository<HeroId, Hero, Hero> {
}
