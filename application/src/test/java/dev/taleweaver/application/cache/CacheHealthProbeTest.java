package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.operations.CacheHealthProbe;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.ComponentHealth.Status;
import dev.taleweaver.application.port.in.ComponentHealth;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheHealthProbeTest {
    private final CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withBreaker());
    private final CacheHealthProbe probe = new CacheHealthProbe(world.breaker);
    private final Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);

    @Test
    void upWhileTheCacheAnswersAndTheCircuitIsClosed() {
        ComponentHealth health = probe.probe();

        assertThat(probe.component()).isEqualTo("cache");
        assertThat(health.status()).isEqualTo(Status.UP);
        assertThat(health.critical()).isFalse();
        assertThat(health.detail()).contains("CLOSED");
    }

    @Test
    void downWhenTheCacheDoesNotAnswer() {
        world.store.failWith(CacheStoreException.Kind.CONNECTION);

        ComponentHealth health = probe.probe();

        assertThat(health.status()).isEqualTo(Status.DOWN);
        assertThat(health.critical()).isFalse();
        assertThat(health.detail()).contains("does not answer", "circuit CLOSED");
    }

    @Test
    void downWhileTheCircuitIsOpenEvenIfTheCacheAnswersAgain() {
        openTheCircuitDuringAWrite();
        world.store.recover();

        ComponentHealth health = probe.probe();

        assertThat(health.status()).isEqualTo(Status.DOWN);
        assertThat(health.detail()).contains("the cache answers", "circuit OPEN", "invalidation(s) pending");
    }

    @Test
    void aHealthPollClosesARecoveredCircuitOnceTheProbeIsDue() {
        openTheCircuitDuringAWrite();
        world.store.recover();
        world.clock.advance(CachedWorld.PROBE_INTERVAL);

        assertThat(probe.probe().status()).isEqualTo(Status.UP);
        assertThat(world.breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void disabledWhenCachingIsSwitchedOff() {
        ComponentHealth health = CacheHealthProbe.disabled().probe();

        assertThat(CacheHealthProbe.disabled().component()).isEqualTo("cache");
        assertThat(health.status()).isEqualTo(Status.DISABLED);
        assertThat(health.critical()).isFalse();
        assertThat(health.detail()).contains("REDIS_ENABLED=false");
    }

    private void openTheCircuitDuringAWrite() {
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        world.heroes.update(Fixtures.renamed(hero, "Captain Marvelous"));
        while (world.breaker.state() == CircuitState.CLOSED) {
            world.heroes.findById(hero.id());
        }
    }
}
