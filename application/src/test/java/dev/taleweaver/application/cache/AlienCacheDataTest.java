package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.aside.CacheOptions;
import dev.taleweaver.application.cache.aside.CachedHeroRepository;
import dev.taleweaver.application.cache.aside.DependentViews;
import dev.taleweaver.application.cache.aside.HeroCacheStrategy;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore;
import dev.taleweaver.application.cache.testing.RegistryCacheCodecs;
import dev.taleweaver.application.fake.InMemoryHeroRepository;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.AlienCacheDataException;
import dev.taleweaver.application.port.out.CacheErrorKind;
import dev.taleweaver.application.port.out.CacheStore;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.application.port.out.ForwardingCacheStore;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Position;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9, #5 and #13, at the decorator: an entry that does not belong under its key is corrupt, and alien data a
 * store met and removed ({@link AlienCacheDataException}) is a deserialization error — never a store failure that
 * opens the circuit or leaves an invalidation pending.
 */
class AlienCacheDataTest {

    @Test
    void anotherHerosEntryUnderAHerosKeyIsCorruptAndNeverServed() {
        CachedWorld world = new CachedWorld();
        Hero a = world.heroInDb("Alpha", Fixtures.EN);
        Hero b = world.heroInDb("Beta", Fixtures.EN);
        String key = "hero:" + a.id();
        world.store.plant(key, world.codecs.hero().encode(b, CachedWorld.START, HeroCacheStrategy.DEFAULT_TTL));

        assertThat(world.heroes.findById(a.id())).contains(a);

        assertThat(world.cached(key)).contains(a);
        assertThat(world.events.events()).contains("error hero DESERIALIZATION", "invalidation hero CORRUPT_ENTRY 1",
                "miss hero find_by_id CORRUPT");
    }

    @Test
    void aLanguageListHoldingAHeroOfAnotherLanguageIsCorrupt() {
        CachedWorld world = new CachedWorld();
        Hero english = world.heroInDb("Alpha", Fixtures.EN);
        Hero french = world.heroInDb("Beta", Fixtures.FR);
        world.store.plant("hero:lang:en", world.codecs.members().encode(List.of(position(english), position(french)),
                CachedWorld.START, HeroCacheStrategy.DEFAULT_TTL));

        assertThat(world.heroes.findByLanguage(Fixtures.EN)).as("the member that does not belong is left out")
                .containsExactly(english);
        assertThat(world.store.invalidatedKeys()).contains("hero:lang:en");
        assertThat(world.events.events()).contains("error hero DESERIALIZATION");

        assertThat(world.heroes.findByLanguage(Fixtures.EN)).containsExactly(english);
        assertThat(world.cached("hero:lang:en")).contains(List.of(position(english)));
    }

    @Test
    void anIdListOutOfListOrderIsCorruptAndLoadedAgain() {
        CachedWorld world = new CachedWorld();
        Hero first = world.heroInDb("Alpha", Fixtures.EN);
        Hero second = world.heroInDb("Beta", Fixtures.EN);
        List<Position> inOrder = List.of(position(first), position(second));
        assertThat(inOrder.get(0)).isLessThan(inOrder.get(1));
        world.store.plant("hero:all", world.codecs.members().encode(List.of(position(second), position(first)),
                CachedWorld.START, HeroCacheStrategy.DEFAULT_TTL));

        assertThat(world.heroes.listAll()).as("the database's order, not the entry's").containsExactly(first, second);
        assertThat(world.store.invalidatedKeys()).contains("hero:all");
        assertThat(world.events.events()).contains("error hero DESERIALIZATION", "miss hero list_all CORRUPT");
        assertThat(world.cached("hero:all")).contains(inOrder);
    }

    private static Position position(Hero hero) {
        return new Position(hero.createdAt(), hero.id().value());
    }

    @Test
    void alienDataTheStoreRemovedNeverOpensTheCircuitNorStaysPending() {
        RecordingCacheListener events = new RecordingCacheListener();
        AlienStore alien = new AlienStore(new InMemoryCacheStore());
        CircuitBreakingCacheStore breaker = new CircuitBreakingCacheStore(alien, Duration.ofSeconds(5),
                Clock.systemUTC(), events);
        InMemoryHeroRepository db = new InMemoryHeroRepository();
        CachedHeroRepository heroes = new CachedHeroRepository(db, breaker,
                new HeroCacheStrategy(new RegistryCacheCodecs()),
                CacheOptions.defaults().withListener(events), DependentViews.NONE);
        Hero hero = db.save(Fixtures.captainWonder());

        alien.alien.set(true);
        for (int i = 0; i < CircuitBreakingCacheStore.DEFAULT_FAILURE_THRESHOLD + 2; i++) {
            assertThat(heroes.findById(hero.id())).contains(hero);
            hero = Fixtures.renamed(hero, "Captain " + i);
            assertThat(heroes.update(hero)).isPresent();
        }

        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.pendingInvalidations()).isZero();
        assertThat(events.eventsStartingWith("error")).isNotEmpty().containsOnly("error hero DESERIALIZATION");
        assertThat(events.eventsStartingWith("circuit")).isEmpty();

        alien.alien.set(false);
        assertThat(heroes.findById(hero.id())).contains(hero);
        assertThat(heroes.findById(hero.id())).contains(hero);
        assertThat(events.eventsStartingWith("hit")).isNotEmpty();
    }

    @Test
    void anAlienReplyIsADeserializationErrorNotAConnectionProblem() {
        assertThat(CacheErrorKind.of(new AlienCacheDataException("a list under hero:1", null)))
                .isEqualTo(CacheErrorKind.DESERIALIZATION);
    }

    /** A store that, while {@link #alien} is set, meets alien data: it does the work, then says so. */
    private static final class AlienStore extends ForwardingCacheStore {
        final AtomicBoolean alien = new AtomicBoolean();

        AlienStore(CacheStore delegate) {
            super(delegate);
        }

        @Override
        public long version(String key) {
            long version = delegate.version(key);
            if (alien.get()) {
                throw new AlienCacheDataException("the version key of " + key + " held no version", null);
            }
            return version;
        }

        @Override
        public void invalidate(Collection<String> keys) {
            delegate.invalidate(keys);
            if (alien.get()) {
                throw new AlienCacheDataException("a version key held no version", null);
            }
        }
    }
}
