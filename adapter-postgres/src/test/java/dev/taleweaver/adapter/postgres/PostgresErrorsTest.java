package dev.taleweaver.adapter.postgres;

import dev.taleweaver.application.port.in.EntityConflictException;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How driver failures, however deeply wrapped, reach the application. */
class PostgresErrorsTest {

    @Test
    void aPoolTimeoutMeansTheStorageIsUnavailable() {
        RuntimeException wrapped = new ConnectionException(
                new SQLTransientConnectionException("taleweaver-db - Connection is not available",
                        "08001", new java.net.ConnectException("Connection refused")));
        assertThatThrownBy(() -> PostgresErrors.translate("read hero", () -> {
            throw wrapped;
        })).isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("Connection refused")
                .cause().isInstanceOf(DatabaseFailure.class)
                .hasMessage("read hero failed: connection exception (SQLState 08001)")
                .hasNoCause();
    }

    @ParameterizedTest
    @ValueSource(strings = {"08001", "08003", "08006", "57P01", "57P02", "57P03", "57014"})
    void connectionAndShutdownStatesMeanUnavailable(String state) {
        RuntimeException failure = new IllegalStateException("jdbi", new SQLException("gone", state));
        assertThat(PostgresErrors.translated("read hero", failure)).isInstanceOf(StorageUnavailableException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23503", "23505"})
    void keyViolationsAreConflicts(String state) {
        RuntimeException failure = new IllegalStateException("jdbi", new SQLException("violation", state));
        assertThat(PostgresErrors.translated("delete hero 42", failure))
                .isInstanceOf(EntityConflictException.class)
                .hasMessageStartingWith("delete hero 42 refused: ");
    }

    @Test
    void aFailedRollbackStillRevealsTheLostConnection() {
        RuntimeException rollbackFailure = new IllegalStateException("rollback failed");
        rollbackFailure.addSuppressed(new SQLException("I/O error", "08006"));
        assertThat(PostgresErrors.translated("update hero", rollbackFailure))
                .isInstanceOf(StorageUnavailableException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"23514", "22001", "42P01"})
    void otherDatabaseFailuresKeepOnlyTheirStateAndStackTrace(String state) {
        RuntimeException failure = new IllegalStateException("jdbi [arguments: Mia]",
                new SQLException("Failing row contains (Mia)", state));
        RuntimeException translated = PostgresErrors.translated("save hero", failure);
        assertThat(translated).isInstanceOf(DatabaseFailure.class)
                .hasMessageStartingWith("save hero failed: ")
                .hasMessageEndingWith("(SQLState " + state + ")")
                .hasNoCause()
                .hasNoSuppressedExceptions();
        assertThat(translated.getMessage()).doesNotContain("Mia");
        assertThat(translated.getStackTrace()).isEqualTo(failure.getStackTrace());
        assertThat(((DatabaseFailure) translated).sqlState()).isEqualTo(state);
    }

    @Test
    void failuresWithoutADatabaseErrorPropagateUnchanged() {
        IllegalArgumentException noSql = new IllegalArgumentException("not a database problem");
        assertThat(PostgresErrors.translated("save hero", noSql)).isSameAs(noSql);
    }
}
