package dev.taleweaver.adapter.postgres;

import dev.taleweaver.adapter.postgres.testing.PostgresSchemaExtension;
import dev.taleweaver.application.fixtures.Fixtures;
import dev.taleweaver.application.port.in.EntityConflictException;
import dev.taleweaver.domain.child.Child;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A database error caused by a row holding a child's name never carries that name, nor its CR/LF/NUL, in any
 * message of any exception in its chain: not through PostgresErrors, and not even when JDBI is used directly
 * (the driver's and JDBI's message rendering are configured by PostgresDatabase).
 */
class DatabaseErrorValuesIT {
    private static final String FORGED = "Mia\r\n2026-12-04T21:00:00.000Z INFO  [main] d.t.forged - admin logged in";
    private static final String INSERT_CHILD = "INSERT INTO children (id, name, age, gender, interests, language,"
            + " created_at, updated_at) VALUES (:id, :name, :age, 'female', ARRAY[:interest], 'en', :now, :now)";

    @RegisterExtension
    static final PostgresSchemaExtension POSTGRES = new PostgresSchemaExtension();

    @Test
    void aCheckViolationNamesItsConstraintButNotTheRow() {
        Throwable failure = catchThrowable(() -> PostgresErrors.translate("save child",
                () -> insertChild(FORGED, 99, "dragons")));

        assertThat(failure).isInstanceOf(DatabaseFailure.class)
                .hasMessage("save child failed: integrity constraint violation (SQLState 23514,"
                        + " constraint children_age_check, table children)");
        assertNoValueIn(failure);
    }

    @Test
    void aNulByteIsRefusedWithoutEchoingTheText() {
        Throwable failure = catchThrowable(() -> PostgresErrors.translate("save child",
                () -> insertChild("Mia\u0000" + FORGED, 7, "secret\u0000hobby")));

        assertThat(failure).isInstanceOf(DatabaseFailure.class).hasMessageContaining("SQLState 22");
        assertNoValueIn(failure);
    }

    @Test
    void evenUntranslatedJdbiAndDriverMessagesHoldNoBoundValue() {
        Throwable failure = catchThrowable(() -> insertChild(FORGED, 99, "dragons"));

        assertThat(failure).isNotNull();
        assertThat(stackTraceOf(failure)).contains("children_age_check").contains("INSERT INTO children");
        assertNoValueIn(failure);
    }

    @Test
    void aConflictNamesTheTableNotTheKey() {
        Child mia = new PostgresChildRepository(POSTGRES.jdbi()).save(Fixtures.mia());

        Throwable failure = catchThrowable(() -> new PostgresChildRepository(POSTGRES.jdbi()).save(mia));

        assertThat(failure).isInstanceOf(EntityConflictException.class)
                .hasMessageContaining("already exists (constraint children_pkey, table children)");
        String rendered = stackTraceOf(failure);
        assertThat(rendered).doesNotContain("Key (id)").doesNotContain("Failing row");
        assertThat(rendered.replace("save child " + mia.id(), "")).doesNotContain(mia.id().toString());
    }

    private static int insertChild(String name, int age, String interest) {
        Instant now = Instant.now();
        return POSTGRES.jdbi().withHandle(h -> h.createUpdate(INSERT_CHILD)
                .bind("id", UUID.randomUUID()).bind("name", name).bind("age", age).bind("interest", interest)
                .bind("now", now).execute());
    }

    private static void assertNoValueIn(Throwable failure) {
        String rendered = stackTraceOf(failure);
        assertThat(rendered).doesNotContain("forged").doesNotContain("Mia").doesNotContain("dragons")
                .doesNotContain("hobby").doesNotContain("Failing row").doesNotContain("\r").doesNotContain("\u0000");
    }

    private static String stackTraceOf(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
