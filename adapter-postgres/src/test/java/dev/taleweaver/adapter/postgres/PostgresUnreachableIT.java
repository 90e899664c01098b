package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.ComponentHealth;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;
import dev.taleweaver.domain.story.Story;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** With PostgreSQL gone, every call fails fast with "storage unavailable" (a 503), and nothing hangs. */
class PostgresUnreachableIT {
    /** The pool's connection timeout plus generous slack for a busy machine. */
    private static final Duration FAST = PostgresDatabase.CONNECTION_TIMEOUT.plusSeconds(7);

    private static PostgresDatabase database;

    @BeforeAll
    static void pointAtNothing() {
        PostgresConfig nowhere = TestPostgres.unreachableConfig();
        assertThatCode(() -> database = new PostgresDatabase(nowhere)).doesNotThrowAnyException();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void everyRepositoryMethodReportsStorageUnavailableQuickly() {
        var heroes = new PostgresHeroRepository(database.jdbi());
        var children = new PostgresChildRepository(database.jdbi());
        var stories = new PostgresStoryRepository(database.jdbi());
        Hero hero = Fixtures.captainWonder();
        Child child = Fixtures.mia();
        Story story = Fixtures.story("Lost", child, hero);

        Map<String, Executable> calls = new LinkedHashMap<>();
        calls.put("heroes.findById", () -> heroes.findById(hero.id()));
        calls.put("heroes.listAll", heroes::listAll);
        calls.put("heroes.findByLanguage", () -> heroes.findByLanguage(Fixtures.EN));
        calls.put("heroes.save", () -> heroes.save(hero));
        calls.put("heroes.update", () -> heroes.update(hero));
        calls.put("heroes.delete", () -> heroes.delete(hero.id()));
        calls.put("children.findById", () -> children.findById(child.id()));
        calls.put("children.listAll", children::listAll);
        calls.put("children.findByLanguage", () -> children.findByLanguage(Fixtures.EN));
        calls.put("children.save", () -> children.save(child));
        calls.put("children.update", () -> children.update(child));
        calls.put("children.delete", () -> children.delete(child.id()));
        calls.put("stories.findById", () -> stories.findById(story.id()));
        calls.put("stories.listAll", stories::listAll);
        calls.put("stories.findByLanguage", () -> stories.findByLanguage(Fixtures.EN));
        calls.put("stories.save", () -> stories.save(story));
        calls.put("stories.update", () -> stories.update(story));
        calls.put("stories.delete", () -> stories.delete(story.id()));
        calls.put("stories.findByChild", () -> stories.findByChild(child.id()));
        calls.put("stories.findByHero", () -> stories.findByHero(hero.id()));
        calls.put("stories.existsForChild", () -> stories.existsForChild(child.id()));
        calls.put("stories.existsForHero", () -> stories.existsForHero(hero.id()));

        // All at once, like concurrent requests: each waits at most the pool's connection timeout.
        ExecutorService requests = Executors.newFixedThreadPool(calls.size());
        try {
            Map<String, CompletableFuture<Throwable>> failures = new LinkedHashMap<>();
            calls.forEach((name, call) -> failures.put(name, CompletableFuture.supplyAsync(() -> {
                try {
                    call.execute();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }, requests)));
            assertTimeoutPreemptively(FAST, () -> CompletableFuture.allOf(
                    failures.values().toArray(CompletableFuture[]::new)).join());
            failures.forEach((name, failure) -> assertThat(failure.join())
                    .as(name)
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageStartingWith("the database is unavailable")
                    .hasMessageNotContaining("not-a-real-password"));
        } finally {
            requests.shutdownNow();
        }
    }

    @Test
    void healthProbeReportsDownWithoutThrowing() {
        PostgresHealthProbe probe = new PostgresHealthProbe(database.jdbi());
        ComponentHealth health = assertTimeoutPreemptively(FAST, probe::probe);
        assertThat(probe.component()).isEqualTo("database");
        assertThat(health.status()).isEqualTo(ComponentHealth.Status.DOWN);
        assertThat(health.critical()).isTrue();
        assertThat(health.detail()).isNotBlank().doesNotContain("not-a-real-password").doesNotContain("\tat ");
        // a second probe while the first check may still be waiting behaves the same
        assertThat(assertTimeoutPreemptively(FAST, probe::probe).status()).isEqualTo(ComponentHealth.Status.DOWN);
    }

    @Test
    void migrateFailsWithAClearMessage() {
        assertTimeoutPreemptively(FAST.multipliedBy(2), () -> assertThatThrownBy(database::migrate)
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("cannot migrate the database jdbc:postgresql://127.0.0.1:")
                .hasMessageContaining("unreachable")
                .hasMessageNotContaining("not-a-real-password"));
    }
}
