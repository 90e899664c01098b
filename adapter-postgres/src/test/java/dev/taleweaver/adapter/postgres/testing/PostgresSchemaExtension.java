package dev.taleweaver.adapter.postgres.testing;

import dev.taleweaver.adapter.postgres.PostgresDatabase;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated private schema for one test class, emptied before every test and dropped after the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();
 * ... new PostgresHeroRepository(POSTGRES.jdbi()) ...
 * }</pre>
 *
 * <p>JUnit calls class-level callbacks again for each {@code @Nested} class; a nesting count keeps one schema
 * for the whole outer class.
 */
public final class PostgresSchemaExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private int depth;
    private TestSchema schema;
    private PostgresDatabase database;

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (depth++ > 0) {
            return;
        }
        schema = TestPostgres.createSchema();
        database = new PostgresDatabase(schema.config());
        database.migrate();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (--depth > 0) {
            return;
        }
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            if (schema != null) {
                schema.close();
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        schema.truncateTables();
    }

    public PostgresDatabase database() {
        return database;
    }

    public Jdbi jdbi() {
        return database.jdbi();
    }

    public TestSchema schema() {
        return schema;
    }
}
