package dev.taleweaver.application.cache;

import ch.qos.logback.classic.Level;
import dev.taleweaver.application.cache.operations.CacheWarmer.Outcome;
import dev.taleweaver.application.cache.operations.CacheWarmer.Result;
import dev.taleweaver.application.cache.operations.CacheWarmer;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.application.port.out.ChildRepository;
import dev.taleweaver.application.port.out.HeroRepository;
import dev.taleweaver.application.port.out.StoryRepository;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Position;
import dev.taleweaver.domain.story.Story;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cache warming (docs/operations.md, "Cache warming"): what is cached after a warm-up, and the bounds that keep it short. */
class CacheWarmerTest {
    private static final Executor RIGHT_HERE = Runnable::run;
    private static final Duration A_MINUTE = Duration.ofMinutes(1);

    private final CachedWorld world = new CachedWorld();
    // created oldest first: every fixture gets a later created_at/updated_at than the one before
    private final Hero wonder = world.heroInDb("Captain Wonder", Fixtures.EN);
    private final Hero etoile = world.heroInDb("Étoile", Fixtures.FR);
    private final Hero nova = world.heroInDb("Nova", Fixtures.EN);
    private final Child mia = world.childInDb("Mia", Fixtures.EN);
    private final Story moon = world.storyInDb("The Moon", mia, wonder);

    private CacheWarmer warmer(int maxEntries, Duration maxDuration, Executor executor) {
        return new CacheWarmer(world.heroes, world.children, world.stories, maxEntries, maxDuration, world.clock,
                executor);
    }

    @Test
    void fillsEveryListEveryLanguageListAndEveryEntity() {
        Result result = warmer(100, A_MINUTE, RIGHT_HERE).warm().join();

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(result.lists()).isEqualTo(7);
        assertThat(result.entities()).isEqualTo(5);
        assertThat(world.store.keys()).containsExactlyInAnyOrder(
                "hero:all", "hero:lang:en", "hero:lang:fr",
                "hero:" + wonder.id(), "hero:" + etoile.id(), "hero:" + nova.id(),
                "child:all", "child:lang:en", "child:" + mia.id(),
                "story:all", "story:lang:en", "story:" + moon.id());
        assertThat(world.cached("hero:lang:fr")).as("an id list (ADR 11)")
                .contains(List.of(new Position(etoile.createdAt(), etoile.id().value())));
    }

    @Test
    void afterAWarmUpTheFirstReadsAreHits() {
        warmer(100, A_MINUTE, RIGHT_HERE).warm().join();
        world.resetCounters();

        world.heroes.listAll();
        world.heroes.findByLanguage(Fixtures.FR);
        world.stories.findById(moon.id());

        assertThat(world.events.eventsStartingWith("hit")).hasSize(3);
        assertThat(world.heroDb.calls("members") + world.heroDb.calls("findAllById")
                + world.storyDb.calls("findById")).isZero();
    }

    @Test
    void warmsOnlyTheMostRecentlyUpdatedEntitiesAcrossTypesUpToTheBound() {
        Result result = warmer(2, A_MINUTE, RIGHT_HERE).warm().join();

        assertThat(result.outcome()).isEqualTo(Outcome.ENTRY_BOUND_REACHED);
        assertThat(result.entities()).isEqualTo(2);
        assertThat(idKeys()).as("the story and the child are the two newest")
                .containsExactlyInAnyOrder("story:" + moon.id(), "child:" + mia.id());
        assertThat(world.store.keys()).contains("hero:all", "hero:lang:en", "hero:lang:fr", "child:all",
                "story:all");
    }

    @Test
    void aRecentUpdateMakesAnOldEntityOneOfTheFirstWarmed() {
        world.heroes.update(Fixtures.renamed(wonder, "Captain Wonder II")); // updated after everything else
        world.store.invalidate(world.store.keys());

        warmer(1, A_MINUTE, RIGHT_HERE).warm().join();

        assertThat(idKeys()).containsExactly("hero:" + wonder.id());
    }

    @Test
    void aBoundOfZeroEntitiesStillWarmsTheLists() {
        Result result = warmer(0, A_MINUTE, RIGHT_HERE).warm().join();

        assertThat(result.entities()).isZero();
        assertThat(result.lists()).isEqualTo(7);
        assertThat(idKeys()).isEmpty();
    }

    @Test
    void stopsStartingReadsOnceTheTimeBoundHasPassed() {
        Duration perRead = Duration.ofSeconds(10);
        CacheWarmer slow = new CacheWarmer(slow(HeroRepository.class, world.heroes, perRead),
                slow(ChildRepository.class, world.children, perRead),
                slow(StoryRepository.class, world.stories, perRead), 100, Duration.ofSeconds(25), world.clock,
                RIGHT_HERE);

        Result result;
        try (LogCapture log = LogCapture.of(CacheWarmer.class, Level.INFO)) {
            result = slow.warm().join();
            assertThat(log.messages(Level.INFO)).last().asString()
                    .startsWith("Cache warm-up stopped at its time bound of 25 s: 2 list(s) and 0 entities in 30000 ms");
        }

        // hero:all costs two reads (its id list, then its entities in one query), hero:lang:en one
        assertThat(result).isEqualTo(new Result(Outcome.TIME_BOUND_REACHED, 2, 0, Duration.ofSeconds(30)));
        assertThat(world.store.keys()).containsExactlyInAnyOrder("hero:all", "hero:lang:en");
    }

    @Test
    void aFailingDatabaseEndsTheWarmUpWithAWarningAndNoException() {
        world.storyDb.failNextCall("members", new StorageUnavailableException("database down", null));

        Result result;
        try (LogCapture log = LogCapture.of(CacheWarmer.class, Level.INFO)) {
            result = warmer(100, A_MINUTE, RIGHT_HERE).warm().join();

            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("story:all", "database down", "warmed 5 list(s) and 0 entities");
        }

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(world.store.keys()).containsExactlyInAnyOrder("hero:all", "hero:lang:en", "hero:lang:fr",
                "child:all", "child:lang:en");
    }

    @Test
    void aFailingEntityReadEndsTheWarmUpAndTheWarningNamesItsKey() {
        world.heroDb.failNextCall("findById", new StorageUnavailableException("database down", null));

        Result result;
        try (LogCapture log = LogCapture.of(CacheWarmer.class, Level.INFO)) {
            result = warmer(100, A_MINUTE, RIGHT_HERE).warm().join();

            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .contains("hero:" + nova.id(), "database down", "warmed 7 list(s) and 2 entities");
        }

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(idKeys()).containsExactlyInAnyOrder("story:" + moon.id(), "child:" + mia.id());
    }

    @Test
    void logsItsStartEachTypeAndItsEnd() {
        try (LogCapture log = LogCapture.of(CacheWarmer.class, Level.INFO)) {
            warmer(100, A_MINUTE, RIGHT_HERE).warm().join();

            assertThat(log.messages(Level.INFO)).containsExactly(
                    "Cache warm-up started: lists of hero, child, story, then up to 100 most recently updated"
                            + " entities, within 60 s",
                    "Cache warm-up: hero: all and 2 language list(s) read, 3 entities listed",
                    "Cache warm-up: child: all and 1 language list(s) read, 1 entities listed",
                    "Cache warm-up: story: all and 1 language list(s) read, 1 entities listed",
                    "Cache warm-up finished: 7 list(s) and 5 entities in 0 ms");
        }
    }

    @Test
    void warmReturnsAtOnceAndTheWorkHappensOnTheExecutor() {
        List<Runnable> queued = new ArrayList<>();

        CompletableFuture<Result> handle = warmer(100, A_MINUTE, queued::add).warm();

        assertThat(handle).isNotDone();
        assertThat(world.store.keys()).as("nothing read on the caller's thread").isEmpty();
        queued.forEach(Runnable::run);
        assertThat(handle).isCompletedWithValueMatching(r -> r.outcome() == Outcome.COMPLETED);
        assertThat(world.store.keys()).hasSize(12);
    }

    @Test
    void runsOnABackgroundDaemonThread() throws Exception {
        Result result = warmer(100, A_MINUTE, CacheWarmer.backgroundThread()).warm().get(10, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED);
    }

    @Test
    void aCancelledWarmUpReadsNothingMore() {
        List<Runnable> queued = new ArrayList<>();
        CompletableFuture<Result> handle = warmer(100, A_MINUTE, queued::add).warm();

        handle.cancel(false);
        queued.forEach(Runnable::run);

        assertThat(world.store.keys()).isEmpty();
        assertThat(world.heroDb.calls("members")).isZero();
    }

    @Test
    void aRejectingExecutorIsReportedNotThrown() {
        Executor full = task -> {
            throw new java.util.concurrent.RejectedExecutionException("shutting down");
        };

        assertThat(warmer(100, A_MINUTE, full).warm()).isCompletedWithValueMatching(
                r -> r.outcome() == Outcome.FAILED);
    }

    @Test
    void rejectsMeaninglessBounds() {
        assertThatThrownBy(() -> warmer(-1, A_MINUTE, RIGHT_HERE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> warmer(1, Duration.ZERO, RIGHT_HERE)).isInstanceOf(IllegalArgumentException.class);
    }

    private List<String> idKeys() {
        return world.store.keys().stream().filter(k -> !k.endsWith(":all") && !k.contains(":lang:")).toList();
    }

    /** A repository each call of which takes {@code perCall} on the world's clock. */
    private <T> T slow(Class<T> type, T target, Duration perCall) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
            }
            world.clock.advance(perCall);
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
