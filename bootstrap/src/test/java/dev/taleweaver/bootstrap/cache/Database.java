package dev.taleweaver.bootstrap.cache;

import dev.taleweaver.adapter.postgres.PostgresChildRepository;
import dev.taleweaver.adapter.postgres.PostgresHeroRepository;
import dev.taleweaver.adapter.postgres.PostgresStoryRepository;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import org.jdbi.v3.core.Jdbi;

/**
 * The plain PostgreSQL repositories: what the cached ones decorate, and the truth every cached value is checked
 * against. A test may swap one for a wrapper (e.g. one that pauses a load) with {@code with…}.
 */
record Database(HeroRepository heroes, ChildRepository children, StoryRepository stories) implements Repositories {

    static Database postgres(Jdbi jdbi) {
        return new Database(new PostgresHeroRepository(jdbi), new PostgresChildRepository(jdbi),
                new PostgresStoryRepository(jdbi));
    }

    Database withHeroes(HeroRepository other) {
        return new Database(other, children, stories);
    }

    Database withStories(StoryRepository other) {
        return new Database(heroes, children, other);
    }
}
