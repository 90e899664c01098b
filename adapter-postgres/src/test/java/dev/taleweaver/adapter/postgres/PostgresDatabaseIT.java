package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.ComponentHealth;
import dev.taleweaver.domain.hero.Hero;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Migrations, schema isolation and the health probe against the real server. */
class PostgresDatabaseIT {

    @Test
    void migratingTwiceChangesNothingAndKeepsTheData() {
        try (TestSchema schema = TestPostgres.createSchema();
             PostgresDatabase database = new PostgresDatabase(schema.config())) {
            assertThat(database.migrate()).isEqualTo(2);
            Hero hero = new PostgresHeroRepository(database.jdbi()).save(Fixtures.captainWonder());

            assertThat(database.migrate()).isZero();
            try (PostgresDatabase restarted = new PostgresDatabase(schema.config())) {
                assertThat(restarted.migrate()).isZero();
                assertThat(new PostgresHeroRepository(restarted.jdbi()).listAll()).containsExactly(hero);
            }
        }
    }

    @Test
    void migrationCreatesTheConfiguredSchemaAndKeepsTablesInside() {
        try (TestSchema schema = TestPostgres.createSchema()) {
            schema.executeAsAdmin("DROP SCHEMA " + schema.name()); // migrate must create it again
            try (PostgresDatabase database = new PostgresDatabase(schema.config())) {
                database.migrate();
                List<String> tables = database.jdbi().withHandle(h -> h.createQuery(
                                "SELECT table_name FROM information_schema.tables WHERE table_schema = :schema "
                                        + "AND table_type = 'BASE TABLE' ORDER BY table_name")
                        .bind("schema", schema.name())
                        .mapTo(String.class)
                        .list());
                assertThat(tables).contains("children", "heroes", "stories", "flyway_schema_history");
            }
        }
    }

    @Test
    void schemasDoNotSeeEachOthersData() {
        try (TestSchema first = TestPostgres.createSchema(); TestSchema second = TestPostgres.createSchema();
             PostgresDatabase one = new PostgresDatabase(first.config());
             PostgresDatabase two = new PostgresDatabase(second.config())) {
            one.migrate();
            two.migrate();
            new PostgresHeroRepository(one.jdbi()).save(Fixtures.captainWonder());
            assertThat(new PostgresHeroRepository(two.jdbi()).listAll()).isEmpty();
        }
    }

    @Test
    void healthProbeIsUpAgainstTheRealServer() {
        try (TestSchema schema = TestPostgres.createSchema();
             PostgresDatabase database = new PostgresDatabase(schema.config())) {
            PostgresHealthProbe probe = new PostgresHealthProbe(database.jdbi());
            ComponentHealth health = probe.probe();
            assertThat(probe.component()).isEqualTo("database");
            assertThat(health.status()).isEqualTo(ComponentHealth.Status.UP);
            assertThat(health.critical()).isTrue();
            assertThat(health.detail()).startsWith("PostgreSQL ").contains("answered in");
            if (schema.config().password() != null && !schema.config().password().isEmpty()) {
                assertThat(health.detail()).doesNotContain(schema.config().password());
            }
        }
    }

    @Test
    void theProbeReportsDownUntilMigratedAndWhenTheSchemaIsNotTheMigratedOne() {
        try (TestSchema schema = TestPostgres.createSchema();
             PostgresDatabase database = new PostgresDatabase(schema.config())) {
            PostgresHealthProbe probe = new PostgresHealthProbe(database.jdbi(), database::migratedVersion);
            ComponentHealth beforeMigrating = probe.probe();
            database.migrate();
            ComponentHealth migrated = probe.probe();
            ComponentHealth expectingNewer = new PostgresHealthProbe(database.jdbi(),
                    () -> java.util.Optional.of("999")).probe();

            assertThat(beforeMigrating.status()).isEqualTo(ComponentHealth.Status.DOWN);
            assertThat(beforeMigrating.detail()).isEqualTo("schema migrations not applied yet");
            assertThat(database.migratedVersion()).isPresent();
            assertThat(migrated.status()).isEqualTo(ComponentHealth.Status.UP);
            assertThat(expectingNewer.status()).isEqualTo(ComponentHealth.Status.DOWN);
            assertThat(expectingNewer.detail()).isEqualTo("schema at version " + database.migratedVersion().get()
                    + ", expected 999");
        }
    }
}
