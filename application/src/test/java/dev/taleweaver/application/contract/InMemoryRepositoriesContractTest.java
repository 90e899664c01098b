package dev.taleweaver.application.contract;

import dev.taleweaver.application.fake.InMemoryChildRepository;
import dev.taleweaver.application.fake.InMemoryHeroRepository;
import dev.taleweaver.application.fake.InMemoryStoryRepository;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import org.junit.jupiter.api.Nested;

/** The repository contracts against the in-memory fakes. */
class InMemoryRepositoriesContractTest {

    @Nested
    class Heroes extends HeroRepositoryContract {
        private final HeroRepository heroes = new InMemoryHeroRepository();

        @Override
        protected HeroRepository heroes() {
            return heroes;
        }
    }

    @Nested
    class Children extends ChildRepositoryContract {
        private final ChildRepository children = new InMemoryChildRepository();

        @Override
        protected ChildRepository children() {
            return children;
        }
    }

    @Nested
    class Stories extends StoryRepositoryContract {
        private final InMemoryChildRepository children = new InMemoryChildRepository();
        private final InMemoryHeroRepository heroes = new InMemoryHeroRepository();
        private final StoryRepository stories = new InMemoryStoryRepository(children, heroes);

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
