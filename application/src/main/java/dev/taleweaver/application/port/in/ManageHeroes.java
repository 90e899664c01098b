package dev.taleweaver.application.port.in;

import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.hero.HeroId;

/** Hero use cases. Deleting a hero that stories still feature is refused (409). */
public interface ManageHeroes extends ManageEntities<HeroId, HeroCommand, Hero> {
}
