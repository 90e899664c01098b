package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.out.Updated;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Updates and deletes report the state they really replaced, even when writers race: a cache that
 * invalidates "before" and "after" keys relies on it.
 */
class PostgresConcurrentWritesIT {
    private static final int WRITERS = 8;

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    private final PostgresHeroRepository heroes = new PostgresHeroRepository(POSTGRES.jdbi());

    @Test
    void racingUpdatesFormOneChainOfBeforeAndAfter() throws Exception {
        Hero original = heroes.save(Fixtures.captainWonder());
        List<Updated<Hero>> outcomes = race(IntStream.range(0, WRITERS)
                .mapToObj(i -> (Callable<Updated<Hero>>) () ->
                        heroes.update(Fixtures.renamed(original, "Writer " + i)).orElseThrow())
                .toList());

        // Serialised by the row lock, each update's "before" is the previous one's "after": one chain, no forks.
        Set<Hero> befores = new HashSet<>();
        Set<Hero> afters = new HashSet<>();
        outcomes.forEach(u -> {
            befores.add(u.before());
            afters.add(u.after());
        });
        assertThat(befores).as("no two updates saw the same before").hasSize(WRITERS);
        assertThat(befores).contains(original);
        Hero last = heroes.findById(original.id()).orElseThrow();
        Set<Hero> expectedBefores = new HashSet<>(afters);
        expectedBefores.remove(last);
        expectedBefores.add(original);
        assertThat(befores).isEqualTo(expectedBefores);
    }

    @Test
    void ofRacingDeletesExactlyOneRemovesTheEntity() throws Exception {
        Hero hero = heroes.save(Fixtures.captainWonder());
        List<Optional<Hero>> outcomes = race(IntStream.range(0, WRITERS)
                .mapToObj(i -> (Callable<Optional<Hero>>) () -> heroes.delete(hero.id()))
                .toList());
        assertThat(outcomes).filteredOn(Optional::isPresent).containsExactly(Optional.of(hero));
        assertThat(heroes.findById(hero.id())).isEmpty();
    }

    /** Runs the tasks at the same moment, each on its own thread; returns their results. */
    private static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
