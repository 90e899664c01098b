package dev.taleweaver.benchmarks.data;

import dev.taleweaver.adapter.postgres.PostgresDatabase;
import dev.taleweaver.benchmarks.BenchConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loader against the real PostgreSQL, on a private schema: a schema whose marker names the dataset is reused only
 * when its tables hold the dataset's rows too (a run killed mid-cleanup once left the marker over empty tables, and
 * Gatling then met a service holding 0 heroes).
 */
class DatasetLoaderIT {
    private static final int HEROES = 40;

    private final String schema = "tw_loader_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final Dataset dataset = Dataset.generate(HEROES, 7L);
    private BenchConfig config;
    private PostgresDatabase database;

    @BeforeEach
    void privateSchema() {
        config = BenchConfig.fromEnvironment().withSchema(schema).withHeroes(HEROES);
        database = new PostgresDatabase(config.postgres());
    }

    @AfterEach
    void dropIt() {
        new DatasetLoader(database).dropSchema();
        database.close();
    }

    /**
     * As {@code BenchStack.open} does it: a database (pool) of its own per run. One pool cannot migrate twice (the
     * V2 migration leaves its pg_temp functions in the pooled session), and every benchmark process opens its own.
     */
    private void ensure(Dataset wanted) {
        try (PostgresDatabase own = new PostgresDatabase(config.postgres())) {
            new DatasetLoader(own).ensure(wanted);
        }
    }

    @Test
    void aSchemaHoldingTheDatasetIsReusedAsItIs() throws SQLException {
        ensure(dataset);
        execute("CREATE TABLE " + schema + ".left_alone (x int)"); // gone if the schema were dropped and reloaded

        ensure(dataset);

        assertThat(count("left_alone")).isZero(); // the table is still there: nothing was reloaded
        assertRowsOfTheDataset();
    }

    @Test
    void aMarkerOverEmptyTablesIsReloaded() throws SQLException {
        ensure(dataset);
        execute("TRUNCATE " + schema + ".stories, " + schema + ".children, " + schema + ".heroes");

        ensure(dataset);

        assertRowsOfTheDataset();
    }

    @Test
    void aMarkerOverPartlyEmptiedTablesIsReloaded() throws SQLException {
        ensure(dataset);
        execute("DELETE FROM " + schema + ".stories");

        ensure(dataset);

        assertRowsOfTheDataset();
    }

    @Test
    void aMarkerOfAnotherDatasetIsReloaded() throws SQLException {
        ensure(Dataset.generate(HEROES * 2, 7L));

        ensure(dataset);

        assertRowsOfTheDataset();
    }

    private void assertRowsOfTheDataset() throws SQLException {
        assertThat(count("heroes")).isEqualTo(dataset.heroes().size());
        assertThat(count("children")).isEqualTo(dataset.children().size());
        assertThat(count("stories")).isEqualTo(dataset.stories().size());
    }

    private long count(String table) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + schema + "." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
