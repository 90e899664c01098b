package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.application.contract.ChildRepositoryContract;
import dev.taleweaver.application.contract.HeroRepositoryContract;
import dev.taleweaver.application.contract.StoryRepositoryContract;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared repository contracts against the PostgreSQL repositories; every test starts from empty tables. */
class PostgresRepositoriesContractIT {

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    @Nested
    class Heroes extends HeroRepositoryContract {
        private final HeroRepository heroes = new PostgresHeroRepository(POSTGRES.jdbi());

        @Override
        protected HeroRepository heroes() {
            return heroes;
        }
    }

    @Nested
    class Children extends ChildRepositoryContract {
        private final ChildRepository children = new PostgresChildRepository(POSTGRES.jdbi());

        @Override
        protected ChildRepository children() {
            return children;
        }
    }

    @Nested
    class Stories extends StoryRepositoryContract {
        private final ChildRepository children = new PostgresChildRepository(POSTGRES.jdbi());
        private final HeroRepository heroes = new PostgresHeroRepository(POSTGRES.jdbi());
        private final StoryRepository stories = new PostgresStoryRepository(POSTGRES.jdbi());

        @Override
        protected StoryRepository stories() {
            return stories;
        }

        @Override
        protected ChildRepository children() {
            return children;
        }

        @Override
        protected HeroRepository heroes() {
            return heroes;
        }
    }
}
