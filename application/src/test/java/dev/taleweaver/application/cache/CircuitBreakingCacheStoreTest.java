package dev.taleweaver.application.cache;

import ch.qos.logback.classic.Level;
import dev.taleweaver.application.cache.aside.CachedRepository;
import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Operation;
import dev.taleweaver.application.cache.testing.InMemoryCacheStore.Pause;
import dev.taleweaver.application.cache.testing.RegistryCacheCodecs;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.domain.common.Language;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.paging.Listing;
import dev.taleweaver.domain.paging.PageRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** An outage costs no timeout per request, is logged once, and leaves nothing stale behind. */
class CircuitBreakingCacheStoreTest {
    private static final int THRESHOLD = CircuitBreakingCacheStore.DEFAULT_FAILURE_THRESHOLD;

    private final CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withBreaker());
    private final Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
    private final Concurrently threads = new Concurrently();

    @AfterEach
    void stopThreads() {
        threads.close();
    }

    @Test
    void afterTheThresholdTheStoreIsNotCalledAtAll() {
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        for (int i = 0; i < THRESHOLD; i++) {
            assertThat(world.heroes.findById(hero.id())).contains(hero);
        }
        assertThat(world.breaker.state()).isEqualTo(CircuitState.OPEN);

        world.store.resetCalls();
        for (int i = 0; i < 10; i++) {
            assertThat(world.heroes.findById(hero.id())).contains(hero);
            assertThat(world.heroes.listAll()).containsExactly(hero);
        }
        Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");
        assertThat(world.heroes.update(renamed)).isPresent();

        assertThat(world.store.calls()).isZero();
        assertThat(world.events.eventsStartingWith("circuit")).containsExactly("circuit OPEN");
        assertThat(world.events.events()).contains("miss hero find_by_id CIRCUIT_OPEN");
    }

    @Test
    void aTimeoutOpensTheCircuitAtOnceSoAPageWaitsForOneCallAtMost() {
        world.heroInDb("Luna Star", Fixtures.EN);
        world.store.failWith(CacheStoreException.Kind.TIMEOUT);
        world.store.resetCalls();

        assertThat(world.heroes.page(Listing.ALL, PageRequest.first(2)).items()).hasSize(2);

        assertThat(world.store.calls()).as("the id list's read timed out; nothing after it waited").isEqualTo(1);
        assertThat(world.breaker.state()).isEqualTo(CircuitState.OPEN);
        world.heroes.findById(hero.id());
        assertThat(world.store.calls()).isEqualTo(1);
    }

    @Test
    void withBackgroundProbesARequestNeverWaitsForAProbe() throws Exception {
        openTheCircuit();
        world.breaker.startBackgroundProbes();
        world.clock.advance(CachedWorld.PROBE_INTERVAL);
        Pause probe = world.store.pauseNext(Operation.HEALTH_CHECK);

        Future<Optional<Hero>> read = threads.start(() -> world.heroes.findById(hero.id()));

        try {
            assertThat(Concurrently.result(read)).as("answered while the probe is due").contains(hero);
        } finally {
            probe.release();
            world.breaker.close();
        }
    }

    @Test
    void unreadableEntriesAreNotStoreFailuresAndNeverOpenTheCircuit() {
        String key = "hero:" + hero.id();
        for (int i = 0; i < THRESHOLD + 2; i++) {
            world.store.plant(key, RegistryCacheCodecs.corruptEntry());
            assertThat(world.heroes.findById(hero.id())).contains(hero);
        }

        assertThat(world.breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(world.events.eventsStartingWith("circuit")).isEmpty();
        assertThat(world.events.events()).contains("miss hero find_by_id CORRUPT");
    }

    @Test
    void onlyConsecutiveFailuresCount() {
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        readTimes(THRESHOLD - 1);
        world.store.recover();
        readTimes(1);
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        readTimes(THRESHOLD - 1);

        assertThat(world.breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void theProbeWaitsForTheIntervalThenClosesTheCircuit() {
        openTheCircuit();
        world.store.recover();
        world.store.resetCalls();

        world.clock.advance(CachedWorld.PROBE_INTERVAL.minusMillis(1));
        world.heroes.findById(hero.id());
        assertThat(world.store.calls()).isZero();
        assertThat(world.breaker.state()).isEqualTo(CircuitState.OPEN);

        world.clock.advance(Duration.ofMillis(1));
        assertThat(world.heroes.findById(hero.id())).contains(hero);

        assertThat(world.store.calls(Operation.HEALTH_CHECK)).isEqualTo(1);
        assertThat(world.breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(world.cached("hero:" + hero.id())).as("the probing read used the cache again").contains(hero);
        assertThat(world.events.eventsStartingWith("circuit"))
                .containsExactly("circuit OPEN", "circuit HALF_OPEN", "circuit CLOSED");
    }

    @Test
    void aFailedProbeKeepsTheCircuitOpenForAnotherInterval() {
        openTheCircuit();
        world.clock.advance(CachedWorld.PROBE_INTERVAL);
        world.store.resetCalls();

        assertThat(world.heroes.findById(hero.id())).contains(hero);
        assertThat(world.store.calls()).isEqualTo(1);
        assertThat(world.store.calls(Operation.HEALTH_CHECK)).isEqualTo(1);
        assertThat(world.breaker.state()).isEqualTo(CircuitState.OPEN);

        readTimes(5);
        assertThat(world.store.calls()).isEqualTo(1);
        world.clock.advance(CachedWorld.PROBE_INTERVAL);
        readTimes(1);
        assertThat(world.store.calls(Operation.HEALTH_CHECK)).isEqualTo(2);
    }

    @Test
    void whileOneCallerProbesTheOthersSkipTheCache() throws Exception {
        openTheCircuit();
        world.store.recover();
        world.clock.advance(CachedWorld.PROBE_INTERVAL);
        Pause probe = world.store.pauseNext(Operation.HEALTH_CHECK);

        Future<Optional<Hero>> prober = threads.start(() -> world.heroes.findById(hero.id()));
        probe.awaitArrival();
        world.store.resetCalls();
        assertThat(world.heroes.findById(hero.id())).contains(hero);
        assertThat(world.breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(world.store.calls()).isZero();
        probe.release();

        assertThat(Concurrently.result(prober)).contains(hero);
        assertThat(world.breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void invalidationsMissedDuringTheOutageAreReplayedBeforeTheCircuitCloses() {
        String key = "hero:" + hero.id();
        world.heroes.findById(hero.id());
        world.heroes.listAll();
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");
        world.heroes.update(renamed);
        readTimes(THRESHOLD);
        assertThat(world.breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(world.breaker.pendingInvalidations()).as("a rename invalidates only its own key (ADR 11)").isEqualTo(1);

        world.store.recover();
        assertThat(world.store.keys()).as("the old entry survived the outage in the store").contains(key);
        assertThat(world.heroes.findById(hero.id())).as("but is not served while open").contains(renamed);
        List<Set<String>> cachedWhenClosing = new ArrayList<>();
        world.events.whenCircuitChanges(state -> {
            if (state == CircuitState.CLOSED) {
                cachedWhenClosing.add(world.store.keys());
            }
        });

        world.clock.advance(CachedWorld.PROBE_INTERVAL);
        assertThat(world.heroes.findById(hero.id())).contains(renamed);

        assertThat(cachedWhenClosing).hasSize(1);
        assertThat(cachedWhenClosing.get(0)).doesNotContain(key);
        assertThat(world.heroes.listAll()).containsExactly(renamed);
        assertThat(world.breaker.pendingInvalidations()).isZero();
    }

    @Test
    void tooManyMissedInvalidationsFlushTheWholeCacheOnRecovery() {
        CachedWorld small = new CachedWorld(CachedWorld.Setup.defaults().withBreaker().withMaxPendingKeys(2));
        Hero smallHero = small.heroInDb("Luna", Fixtures.FR);
        small.heroes.findById(smallHero.id());
        small.heroes.findByLanguage(Fixtures.FR);
        small.store.failWith(CacheStoreException.Kind.CONNECTION);
        small.heroes.update(Fixtures.renamed(smallHero, "Luna Star"));
        small.heroes.save(Fixtures.hero("Sol", Language.of("de"))); // hero:{id}, hero:all, hero:lang:de
        for (int i = 0; i < THRESHOLD; i++) {
            small.heroes.findById(smallHero.id());
        }
        assertThat(small.breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(small.breaker.pendingInvalidations()).isEqualTo(-1);

        small.store.recover();
        small.clock.advance(CachedWorld.PROBE_INTERVAL);
        assertThat(small.breaker.probeIfDue()).isTrue();

        assertThat(small.store.deletedPatterns()).containsExactly("*");
        assertThat(small.store.keys()).isEmpty();
        assertThat(small.heroes.findByLanguage(Fixtures.FR)).extracting(Hero::name).containsExactly("Luna Star");
    }

    @Test
    void aMissedInvalidationBelowTheThresholdIsReplayedOnTheNextCall() {
        world.heroes.findById(hero.id());
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");
        world.heroes.update(renamed);
        world.store.recover();
        assertThat(world.breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(world.store.keys()).contains("hero:" + hero.id());

        assertThat(world.heroes.findById(hero.id())).contains(renamed);
        assertThat(world.breaker.pendingInvalidations()).isZero();
    }

    @Test
    void theBackgroundProbeReplaysAMissedInvalidationOfAnIdleInstance() {
        String key = "hero:" + hero.id();
        world.heroes.findById(hero.id());
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        world.heroes.update(Fixtures.renamed(hero, "Captain Marvelous"));
        world.store.recover();
        assertThat(world.breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(world.store.keys()).as("other instances would read the old entry").contains(key);

        // no further call on this instance: only its background prober runs
        assertThat(world.breaker.probeIfDue()).isTrue();

        assertThat(world.store.keys()).doesNotContain(key);
        assertThat(world.breaker.pendingInvalidations()).isZero();
    }

    @Test
    void aBackgroundReplayThatFailsStaysPendingForTheNextAttempt() {
        world.heroes.findById(hero.id());
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        world.heroes.update(Fixtures.renamed(hero, "Captain Marvelous"));

        world.breaker.probeIfDue(); // fails like the write did, and counts towards opening the circuit
        assertThat(world.breaker.pendingInvalidations()).as("a rename invalidates only its own key (ADR 11)").isEqualTo(1);

        world.store.recover();
        world.clock.advance(CachedWorld.PROBE_INTERVAL);
        assertThat(world.breaker.probeIfDue()).isTrue();
        assertThat(world.breaker.pendingInvalidations()).isZero();
    }

    @Test
    void whileAReplayIsUnderWayTheStaleEntryIsNotServed() throws Exception {
        Hero other = world.heroInDb("Luna", Fixtures.EN);
        world.heroes.findById(hero.id());
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");
        world.heroes.update(renamed);
        world.store.recover();
        Pause replay = world.store.pauseNext(Operation.INVALIDATE);

        Future<Optional<Hero>> replaying = threads.start(() -> world.heroes.findById(other.id()));
        replay.awaitArrival();
        assertThat(world.store.keys()).as("the stale entry is still in the store").contains("hero:" + hero.id());
        assertThat(world.heroes.findById(hero.id())).contains(renamed);
        replay.release();

        assertThat(Concurrently.result(replaying)).contains(other);
        assertThat(world.heroes.findById(hero.id())).contains(renamed);
        assertThat(world.breaker.pendingInvalidations()).isZero();
    }

    @Test
    void aReplayThatFailsKeepsTheCircuitOpen() {
        world.heroes.findById(hero.id());
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        world.heroes.update(Fixtures.renamed(hero, "Captain Marvelous"));
        readTimes(THRESHOLD);
        world.store.recover();
        world.clock.advance(CachedWorld.PROBE_INTERVAL);
        Pause replay = world.store.pauseNext(Operation.INVALIDATE);
        Future<Boolean> prober = threads.start(world.breaker::probeIfDue);
        replay.awaitArrival();
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        replay.release();

        try {
            assertThat(Concurrently.result(prober)).isFalse();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(world.breaker.state()).isEqualTo(CircuitState.OPEN);
        assertThat(world.breaker.pendingInvalidations()).as("a rename invalidates only its own key (ADR 11)").isEqualTo(1);
    }

    @Test
    void anOutageIsLoggedOnceNotPerRequest() {
        try (LogCapture breakerLog = LogCapture.of(CircuitBreakingCacheStore.class, Level.DEBUG);
             LogCapture repositoryLog = LogCapture.of(CachedRepository.class, Level.DEBUG)) {
            world.store.failWith(CacheStoreException.Kind.CONNECTION);
            readTimes(20);

            assertThat(breakerLog.messages(Level.ERROR)).singleElement().asString()
                    .contains("OPEN", "3 consecutive failures", "CONNECTION");
            assertThat(breakerLog.messages(Level.WARN)).hasSize(1);
            assertThat(repositoryLog.messages(Level.ERROR)).isEmpty();

            world.store.recover();
            world.clock.advance(CachedWorld.PROBE_INTERVAL);
            readTimes(1);
            assertThat(breakerLog.messages(Level.INFO)).singleElement().asString().contains("CLOSED");
        }
    }

    private void openTheCircuit() {
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        readTimes(THRESHOLD);
        assertThat(world.breaker.state()).isEqualTo(CircuitState.OPEN);
    }

    private void readTimes(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(world.heroes.findById(hero.id())).isPresent();
        }
    }
}
