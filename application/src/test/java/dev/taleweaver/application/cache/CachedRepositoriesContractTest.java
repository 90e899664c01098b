package dev.taleweaver.application.cache;

import dev.taleweaver.application.contract.ChildRepositoryContract;
import dev.taleweaver.application.contract.HeroRepositoryContract;
import dev.taleweaver.application.contract.StoryRepositoryContract;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import org.junit.jupiter.api.Nested;

/**
 * The repository contracts against the cached decorators (over the in-memory fakes, an in-memory cache store
 * and the circuit breaker): caching must not change what any repository promises.
 */
class CachedRepositoriesContractTest {

    @Nested
    class Heroes extends HeroRepositoryContract {
        private final CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withBreaker());

        @Override
        protected HeroRepository heroes() {
            return world.heroes;
        }
    }

    @Nested
    class Children extends ChildRepositoryContract {
        private final CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withBreaker());

        @Override
        protected ChildRepository children() {
            return world.children;
        }
    }

    @Nested
    class Stories extends StoryRepositoryContract {
        private final CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withBreaker());

        @Override
        protected StoryRepository stories() {
            return world.stories;
        }

        @Override
        protected ChildRepository children() {
            return world.children;
        }

        @Override
        protected HeroRepository heroes() {
            return world.heroes;
        }
    }

    /** The same contracts with write-through off, where every refill comes from a reader. */
    @Nested
    class StoriesWithoutWriteThrough extends StoryRepositoryContract {
        private final CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withoutWriteThrough());

        @Override
        protected StoryRepository stories() {
            return world.stories;
        }

        @Override
        protected ChildRepository children() {
            return world.children;
        }

        @Override
        protected HeroRepository heroes() {
            return world.heroes;
        }
    }
}
