package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Operation;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Pause;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader that loaded before a write but stores after it must not put the old data back: the classic
 * cache-aside race, closed by versioned invalidation. Each test stops a call just before its cache write,
 * lets a writer run, then lets the call finish.
 */
class StaleSetRaceTest {
    private final Concurrently threads = new Concurrently();

    @AfterEach
    void stopThreads() {
        threads.close();
    }

    @Test
    void aSlowReadersStaleEntryIsRefusedAndTheNextReadSeesTheWrite() throws Exception {
        CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withoutWriteThrough());
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");
        Pause beforeCaching = world.store.pauseNext(Operation.SET_IF_VERSION);

        Future<Optional<Hero>> reader = threads.start(() -> world.heroes.findById(hero.id()));
        beforeCaching.awaitArrival();
        world.heroes.update(renamed);
        beforeCaching.release();

        assertThat(Concurrently.result(reader)).contains(hero);
        assertThat(world.store.keys()).doesNotContain("hero:" + hero.id());
        assertThat(world.heroes.findById(hero.id())).contains(renamed);
    }

    @Test
    void withWriteThroughTheWritersFreshValueStaysCached() throws Exception {
        CachedWorld world = new CachedWorld();
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");
        Pause beforeCaching = world.store.pauseNext(Operation.SET_IF_VERSION);

        Future<Optional<Hero>> reader = threads.start(() -> world.heroes.findById(hero.id()));
        beforeCaching.awaitArrival();
        world.heroes.update(renamed);
        beforeCaching.release();
        Concurrently.result(reader);

        assertThat(world.cached("hero:" + hero.id())).contains(renamed);
        assertThat(world.heroes.findById(hero.id())).contains(renamed);
    }

    @Test
    void aSlowListReaderCannotHideANewEntity() throws Exception {
        CachedWorld world = new CachedWorld();
        Hero first = world.heroInDb("Captain Wonder", Fixtures.EN);
        Pause beforeCaching = world.store.pauseNext(Operation.SET_IF_VERSION);

        Future<List<Hero>> reader = threads.start(() -> world.heroes.findByLanguage(Fixtures.EN));
        beforeCaching.awaitArrival();
        Hero second = world.heroes.save(Fixtures.hero("Luna", Fixtures.EN));
        beforeCaching.release();

        assertThat(Concurrently.result(reader)).containsExactly(first);
        assertThat(world.heroes.findByLanguage(Fixtures.EN)).containsExactly(first, second);
    }

    @Test
    void aLoadThatFindsItsKeyBeingFilledByAnOlderLoadAnswersWithoutEncodingItAgain() throws Exception {
        CachedWorld world = new CachedWorld();
        Hero first = world.heroInDb("Captain Wonder", Fixtures.EN);
        Pause olderFill = world.store.pauseNext(Operation.SET_IF_VERSION);

        Future<List<Hero>> older = threads.start(() -> world.heroes.findByLanguage(Fixtures.EN));
        olderFill.awaitArrival();
        Hero second = world.heroes.save(Fixtures.hero("Luna", Fixtures.EN)); // a new version of hero:lang:en

        // a load at the new version is not joined to the older flight: it reads the database itself, but leaves
        // the fill to the load already filling the key instead of encoding the list a second time
        assertThat(world.heroes.findByLanguage(Fixtures.EN)).containsExactly(first, second);
        assertThat(world.store.keys()).doesNotContain("hero:lang:en");

        olderFill.release();
        assertThat(Concurrently.result(older)).containsExactly(first);
        assertThat(world.store.keys()).as("the older fill is refused: its version is gone")
                .doesNotContain("hero:lang:en");
        assertThat(world.heroes.findByLanguage(Fixtures.EN)).containsExactly(first, second);
        assertThat(world.store.keys()).as("with no fill in progress the next load fills the key")
                .contains("hero:lang:en");
    }

    @Test
    void anEarlierWritersWriteThroughCannotOverwriteALaterWrite() throws Exception {
        CachedWorld world = new CachedWorld();
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        Hero first = Fixtures.renamed(hero, "Captain First");
        Hero second = Fixtures.renamed(first, "Captain Second");
        Pause beforeCaching = world.store.pauseNext(Operation.SET_IF_VERSION);

        Future<?> firstWriter = threads.start(() -> world.heroes.update(first));
        beforeCaching.awaitArrival();
        world.heroes.update(second);
        beforeCaching.release();
        Concurrently.result(firstWriter);

        assertThat(world.cached("hero:" + hero.id())).contains(second);
        assertThat(world.heroes.findById(hero.id())).contains(second);
    }
}
