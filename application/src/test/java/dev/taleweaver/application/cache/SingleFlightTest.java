package dev.taleweaver.application.cache;

import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Concurrent misses of one key cost the database one load, not one per caller. */
class SingleFlightTest {
    private static final int CALLERS = 8;
    private final Concurrently threads = new Concurrently();

    @AfterEach
    void stopThreads() {
        threads.close();
    }

    @Test
    void concurrentMissesOfOneKeyShareOneDatabaseLoad() throws Exception {
        CachedWorld world = new CachedWorld();
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        SpiedRepository.Gate database = world.heroDb.gate("findById");

        List<Future<Optional<Hero>>> readers = startReaders(() -> world.heroes.findById(hero.id()));
        database.awaitArrival();
        Concurrently.awaitUntil("every other reader waits for the first one's load",
                () -> world.heroes.readersWaitingForALoad() == CALLERS - 1);
        database.open();

        for (Future<Optional<Hero>> reader : readers) {
            assertThat(Concurrently.result(reader)).contains(hero);
        }
        assertThat(world.heroDb.calls("findById")).isEqualTo(1);
        assertThat(world.events.eventsStartingWith("load")).hasSize(1);
        assertThat(world.events.eventsStartingWith("miss")).hasSize(CALLERS);
    }

    @Test
    void aFailedLoadFailsEveryWaiterAndTheNextReadTriesAgain() throws Exception {
        CachedWorld world = new CachedWorld();
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        SpiedRepository.Gate database = world.heroDb.gate("findById");
        world.heroDb.failNextCall("findById", new IllegalStateException("database unavailable"));

        List<Future<Optional<Hero>>> readers = startReaders(() -> world.heroes.findById(hero.id()));
        database.awaitArrival();
        Concurrently.awaitUntil("every other reader waits for the first one's load",
                () -> world.heroes.readersWaitingForALoad() == CALLERS - 1);
        database.open();

        for (Future<Optional<Hero>> reader : readers) {
            assertThatThrownBy(() -> Concurrently.result(reader)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseInstanceOf(IllegalStateException.class).hasRootCauseMessage("database unavailable");
        }
        assertThat(world.heroes.findById(hero.id())).contains(hero);
        assertThat(world.heroDb.calls("findById")).isEqualTo(2);
    }

    @Test
    void aReadThatStartsAfterAWriteDoesNotShareALoadThatStartedBeforeIt() throws Exception {
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withoutWriteThrough());
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");
        SpiedRepository.Gate database = world.heroDb.gate("findById");

        Future<Optional<Hero>> before = threads.start(() -> world.heroes.findById(hero.id()));
        database.awaitArrival();
        world.heroes.update(renamed);
        Future<Optional<Hero>> after = threads.start(() -> world.heroes.findById(hero.id()));
        database.awaitArrival();
        database.open();

        Concurrently.result(before);
        assertThat(Concurrently.result(after)).contains(renamed);
        assertThat(world.heroDb.calls("findById")).as("the later read made its own load").isEqualTo(2);
        // Both loads are released together. When the later one finds the key being filled by the earlier one, it
        // leaves the fill to it (docs/caching.md, Reads), whose stale value the versioned set refuses:
        // the key may then be empty. What must never be cached is the state from before the write.
        assertThat(world.cached("hero:" + hero.id())).satisfiesAnyOf(
                cached -> assertThat(cached).isEmpty(),
                cached -> assertThat(cached).contains(renamed));
    }

    @Test
    void differentKeysLoadIndependently() throws Exception {
        CachedWorld world = new CachedWorld();
        Hero wonder = world.heroInDb("Captain Wonder", Fixtures.EN);
        Hero luna = world.heroInDb("Luna", Fixtures.FR);
        SpiedRepository.Gate database = world.heroDb.gate("findById");

        Future<Optional<Hero>> first = threads.start(() -> world.heroes.findById(wonder.id()));
        Future<Optional<Hero>> second = threads.start(() -> world.heroes.findById(luna.id()));
        database.awaitArrival();
        database.awaitArrival();
        database.open();

        assertThat(Concurrently.result(first)).contains(wonder);
        assertThat(Concurrently.result(second)).contains(luna);
        assertThat(world.heroDb.calls("findById")).isEqualTo(2);
    }

    private <T> List<Future<T>> startReaders(java.util.concurrent.Callable<T> read) {
        List<Future<T>> readers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            readers.add(threads.start(read));
        }
        return readers;
    }
}
