package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Operation;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Pause;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.HeroCommand;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.application.service.HeroService;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write path of docs/caching.md: an update is one read-modify-write on the locked row, never a read through the
 * cache, and the cache is written once, after the commit, at the version the write's own invalidation made.
 */
class WritePathTest {
    private final CachedWorld world = new CachedWorld();

    @Test
    void anUpdateReadsNeitherTheCacheNorTheDatabaseOutsideItsTransaction() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.resetCounters();

        Updated<Hero> updated = world.heroes.update(hero.id(), locked -> Fixtures.renamed(locked, "Captain Marvel"))
                .orElseThrow();

        assertThat(world.heroDb.calls("findById")).as("no read of the row outside the update").isZero();
        assertThat(world.store.calls(Operation.GET)).as("no cache read").isZero();
        assertThat(world.store.calls(Operation.VERSION)).as("before the transaction only").isEqualTo(1);
        assertThat(world.store.calls(Operation.SET_IF_VERSION)).as("one write-through, at that version + 1")
                .isEqualTo(1);
        assertThat(world.cached(world.heroStrategy.idKey(hero.id()))).contains(updated.after());
    }

    @Test
    void aColdPutCostsTheSameAsAWarmOne() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        HeroService service = new HeroService(world.heroes, world.stories, Clock.systemUTC());
        world.resetCounters();

        service.replace(hero.id(), command("Captain Marvel"));

        assertThat(world.heroDb.calls("findById")).isZero();
        assertThat(world.store.calls(Operation.GET)).isZero();
        assertThat(world.store.calls(Operation.SET_IF_VERSION)).isEqualTo(1);
    }

    @Test
    void timesAreStampedFromTheLockedRowNotFromACachedCopy() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.heroes.findById(hero.id()); // cached as it is now
        Hero newer = Fixtures.renamed(hero, "Captain Newer");
        world.heroDb.repository().update(newer); // behind the cache's back
        Instant old = Instant.parse("2000-01-01T00:00:00Z");
        HeroService service = new HeroService(world.heroes, world.stories, Clock.fixed(old, ZoneOffset.UTC));

        Hero replaced = service.replace(hero.id(), command("Captain Marvel"));

        assertThat(replaced.updatedAt()).isEqualTo(newer.updatedAt().plus(1, ChronoUnit.MICROS));
        assertThat(replaced.createdAt()).isEqualTo(hero.createdAt());
    }

    @Test
    void whatAChangeThrowsPropagatesUnchangedAndNothingIsWritten() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.resetCounters();
        IllegalStateException refused = new IllegalStateException("precondition failed");

        assertThatThrownBy(() -> world.heroes.update(hero.id(), locked -> {
            throw refused;
        })).isSameAs(refused);

        assertThat(world.heroDb.repository().findById(hero.id())).contains(hero);
        assertThat(world.store.calls(Operation.INVALIDATE)).isZero();
    }

    @Test
    void whatADeleteCheckThrowsPropagatesUnchangedAndNothingIsDeleted() {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        IllegalStateException refused = new IllegalStateException("precondition failed");

        assertThatThrownBy(() -> world.heroes.delete(hero.id(), locked -> {
            throw refused;
        })).isSameAs(refused);

        assertThat(world.heroes.findById(hero.id())).contains(hero);
        assertThat(world.heroes.delete(hero.id(), locked -> assertThat(locked).isEqualTo(hero))).contains(hero);
        assertThat(world.heroes.findById(hero.id())).isEmpty();
    }

    @Test
    void anOlderWritersWriteThroughNeverLandsOverANewerWrite() throws Exception {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        String key = world.heroStrategy.idKey(hero.id());
        Pause older = world.store.pauseNext(Operation.INVALIDATE);
        CompletableFuture<Updated<Hero>> first = CompletableFuture.supplyAsync(() -> world.heroes.update(
                hero.id(), locked -> Fixtures.renamed(locked, "Older")).orElseThrow());
        older.awaitArrival(); // committed, not yet invalidated

        Hero newer = world.heroes.update(hero.id(), locked -> Fixtures.renamed(locked, "Newer")).orElseThrow().after();
        assertThat(world.cached(key)).contains(newer);
        older.release();
        first.get();

        assertThat(world.cached(key)).as("the older writer stored nothing").isEmpty();
        assertThat(world.heroes.findById(hero.id())).contains(newer);
    }

    private static HeroCommand command(String name) {
        return new HeroCommand(name, 12, Fixtures.captainWonder().gender(), "Blue cape", java.util.List.of("brave"),
                java.util.List.of("space"), java.util.List.of("flying"), Fixtures.EN);
    }
}
