package dev.taleweaver.adapter.postgres.testing;

import dev.taleweaver.adapter.postgres.PostgresConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One private schema for one test class (or one end-to-end run). {@link #config()} points a
 * {@code PostgresDatabase} at it; {@link #close()} drops it with everything in it.
 */
public final class TestSchema implements AutoCloseable {
    private final TestPostgres.Server server;
    private final String name;
    private Connection admin;

    TestSchema(TestPostgres.Server server, String name) {
        this.server = server;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Settings for this schema (pool of {@link TestPostgres#POOL_SIZE}). Run migrations before using tables. */
    public PostgresConfig config() {
        return server.config(name);
    }

    public TestPostgres.Server server() {
        return server;
    }

    /** Empties the three tables, so the next test starts from nothing. Needs the migrations applied. */
    public synchronized void truncateTables() {
        executeAsAdmin("TRUNCATE " + name + ".stories, " + name + ".children, " + name + ".heroes");
    }

    /** Runs SQL on this schema outside the application's pool, e.g. to bypass the repositories. */
    public synchronized void executeAsAdmin(String sql) {
        try {
            if (admin == null || admin.isClosed()) {
                admin = server.connect();
                admin.setSchema(name);
            }
            try (Statement statement = admin.createStatement()) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed in schema " + name + ": " + sql + " (" + e.getMessage()
                    + ")", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (admin != null) {
                admin.close();
            }
        } catch (SQLException ignored) {
            // the schema is dropped over a fresh connection below
        }
        TestPostgres.execute(server, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
        TestPostgres.dropped(name);
    }

    @Override
    public String toString() {
        return "schema " + name + " on " + server;
    }
}
