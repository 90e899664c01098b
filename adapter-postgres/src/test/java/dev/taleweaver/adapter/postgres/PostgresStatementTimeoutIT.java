package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.FreezableRelay;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.application.port.in.WriteOutcomeUnknownException;
import dev.taleweaver.domain.hero.Hero;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A statement PostgreSQL cannot answer (here: another session holds the table's lock, as a long migration or an
 * operator's {@code LOCK TABLE} would) fails after the statement timeout as "storage unavailable" (a 503) instead of
 * holding its request and its pool connection until the lock goes; a write that waited is rolled back, not half done.
 */
class PostgresStatementTimeoutIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Duration SLACK = Duration.ofSeconds(4);

    @Test
    void aStatementThatWaitsPastTheTimeoutIsStorageUnavailable() {
        try (TestSchema schema = TestPostgres.createSchema();
             PostgresDatabase database = new PostgresDatabase(schema.config().withStatementTimeout(TIMEOUT))) {
            database.migrate();
            var heroes = new PostgresHeroRepository(database.jdbi());
            Hero hero = heroes.save(Fixtures.captainWonder());

            try (Handle locker = database.jdbi().open()) {
                locker.begin();
                locker.execute("LOCK TABLE heroes IN ACCESS EXCLUSIVE MODE");

                assertTimeoutPreemptively(TIMEOUT.plus(SLACK), () -> {
                    assertThatThrownBy(() -> heroes.findById(hero.id()))
                            .isInstanceOf(StorageUnavailableException.class)
                            .hasMessageContaining("statement timeout");
                    assertThatThrownBy(() -> heroes.update(Fixtures.renamed(hero, "Captain Marvelous")))
                            .isInstanceOf(StorageUnavailableException.class);
                });
                locker.rollback();
            }

            assertThat(heroes.findById(hero.id())).as("the write that timed out left nothing behind").contains(hero);
        }
    }

    @Test
    void aServerThatStopsAnsweringIsStorageUnavailableAfterTheSocketTimeout() {
        try (TestSchema schema = TestPostgres.createSchema();
             FreezableRelay relay = FreezableRelay.toServerOf(schema.config());
             PostgresDatabase database = new PostgresDatabase(relay.through(
                     schema.config().withStatementTimeout(TIMEOUT)))) {
            database.migrate();
            var heroes = new PostgresHeroRepository(database.jdbi());
            Hero hero = heroes.save(Fixtures.captainWonder());

            relay.freeze();
            try {
                Duration bound = PostgresDatabase.socketTimeout(TIMEOUT).plus(SLACK);
                assertTimeoutPreemptively(bound, () -> assertThatThrownBy(() -> heroes.findById(hero.id()))
                        .as("no answer, not even the statement timeout's cancel")
                        .isInstanceOf(StorageUnavailableException.class));
            } finally {
                relay.thaw();
            }

            assertThat(heroes.findById(hero.id())).as("the pool recovers once the server answers").contains(hero);
        }
    }

    @Test
    void aWriteWhoseCommitIsNotAcknowledgedReportsTheStatesItMayHaveLeft() {
        try (TestSchema schema = TestPostgres.createSchema();
             FreezableRelay relay = FreezableRelay.toServerOf(schema.config());
             PostgresDatabase database = new PostgresDatabase(relay.through(schema.config()))) {
            database.migrate();
            var heroes = new PostgresHeroRepository(database.jdbi());
            Hero hero = heroes.save(Fixtures.captainWonder());
            Hero renamed = Fixtures.renamed(hero, "Captain Marvelous");

            relay.cutAfterNextCommit();
            assertThatThrownBy(() -> heroes.update(renamed))
                    .isInstanceOfSatisfying(WriteOutcomeUnknownException.class, e -> {
                        assertThat(e.before()).contains(hero);
                        assertThat(e.after()).hasValueSatisfying(after ->
                                assertThat(((Hero) after).name()).isEqualTo("Captain Marvelous"));
                    });

            assertThat(heroes.findById(hero.id())).as("it did commit").hasValueSatisfying(after ->
                    assertThat(after.name()).isEqualTo("Captain Marvelous"));
        }
    }

    @Test
    void theConnectionsMigrationsUsedWithoutTheTimeoutAreNotHandedOutAfter() {
        try (TestSchema schema = TestPostgres.createSchema();
             PostgresDatabase database = new PostgresDatabase(schema.config()
                     .withStatementTimeout(Duration.ofMillis(500)))) {
            assertThat(database.migrate()).isPositive();

            for (int i = 0; i < TestPostgres.POOL_SIZE + 1; i++) {
                try (Handle handle = database.jdbi().open()) {
                    assertThat(handle.createQuery("SHOW statement_timeout").mapTo(String.class).one())
                            .as("a pooled connection after the migration").isEqualTo("500ms");
                }
            }
        }
    }
}
