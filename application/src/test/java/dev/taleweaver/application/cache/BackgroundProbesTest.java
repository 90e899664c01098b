package dev.taleweaver.application.cache;

import dev.taleweaver.application.cache.resilience.CircuitBreakingCacheStore;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CircuitState;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The breaker owns its prober thread: it closes an open circuit with no request, and stops on close(). */
class BackgroundProbesTest {
    private final CachedWorld world = new CachedWorld(CachedWorld.Setup.defaults().withBreaker());

    @Test
    void theBreakersOwnThreadClosesTheCircuitWithoutARequestAndStopsOnClose() throws Exception {
        Hero hero = world.heroInDb("Captain Wonder", Fixtures.EN);
        world.store.failWith(CacheStoreException.Kind.CONNECTION);
        for (int i = 0; i < CircuitBreakingCacheStore.DEFAULT_FAILURE_THRESHOLD; i++) {
            world.heroes.findById(hero.id());
        }
        assertThat(world.breaker.state()).isEqualTo(CircuitState.OPEN);
        world.store.recover();
        world.clock.advance(CachedWorld.PROBE_INTERVAL);

        try (CircuitBreakingCacheStore breaker = world.breaker.startBackgroundProbes()) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (breaker.state() != CircuitState.CLOSED && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
            assertThat(proberThreads()).isEqualTo(1);
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (proberThreads() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(proberThreads()).as("stopped by close()").isZero();
    }

    private static long proberThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("cache-circuit-prober") && t.isAlive())
                .count();
    }
}
