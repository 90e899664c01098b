package dev.taleweaver.bootstrap.logging;

import dev.taleweaver.adapter.postgres.PostgresDatabase;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A real PostgreSQL error caused by a row whose text holds CR/LF/NUL and a forged log line, logged the way the
 * service logs an unexpected failure: in the text format it is one record whose lines are the record's own, and in
 * neither format does the row's text appear (PostgreSQL's "Failing row contains", JDBI's arguments).
 */
class DatabaseErrorLogIT {
    private static final String INSERT_CHILD = "INSERT INTO children (id, name, age, gender, interests, language,"
            + " created_at, updated_at) VALUES (:id, :name, :age, 'female', ARRAY[:interest], 'en', :now, :now)";
    private static TestSchema schema;
    private static PostgresDatabase database;

    @BeforeAll
    static void migratedSchema() {
        schema = TestPostgres.createSchema();
        database = new PostgresDatabase(schema.config());
        database.migrate();
    }

    @AfterAll
    static void dropSchema() {
        database.close();
        schema.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mia\r\n" + ServiceLogFormatTest.FORGED_LINE,
            "Mia\u0000\n" + ServiceLogFormatTest.FORGED_LINE})
    void theLoggedDatabaseErrorIsOneRecordWithoutTheRowsText(String name) throws Exception {
        Throwable failure = catchThrowable(() -> database.jdbi().useHandle(h -> h.createUpdate(INSERT_CHILD)
                .bind("id", UUID.randomUUID()).bind("name", name).bind("age", 99).bind("interest", "dragons")
                .bind("now", Instant.now()).execute()));
        assertThat(failure).isNotNull();

        try (ServiceLogFormat text = ServiceLogFormat.text(); ServiceLogFormat json = ServiceLogFormat.json()) {
            String record = text.render("dev.taleweaver.adapter.http.ProblemHandlers",
                    "Unexpected failure on POST /children (reference {})", failure, "r-1");
            ServiceLogFormatTest.assertOneRecord(record);
            assertThat(record).contains("INSERT INTO children");
            assertThat(record).doesNotContain("Mia").doesNotContain("forged").doesNotContain("admin logged in")
                    .doesNotContain("dragons").doesNotContain("Failing row");
            assertThat(json.render("dev.taleweaver.adapter.http.ProblemHandlers", "Unexpected failure", failure))
                    .doesNotContain("Mia").doesNotContain("admin logged in").doesNotContain("dragons");
        }
    }
}
