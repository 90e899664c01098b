package dev.taleweaver.adapter.postgres;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import java.sql.SQLException;
import java.sql.Statement;

/**
 * Lifts the pool's statement and socket timeouts ({@link PostgresConfig#statementTimeout()}) on each connection
 * Flyway takes: a migration may rightly run longer than any request's statement (an index on a big table).
 * {@link PostgresDatabase} retires those connections after migrating, so no request gets one.
 */
final class UnboundedMigrationStatements implements Callback {

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_CONNECT;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("SET statement_timeout = 0");
            context.getConnection().setNetworkTimeout(Runnable::run, 0); // the pool restores it when given back
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lift the statement timeout for migrating: " + e.getMessage(), e);
        }
    }

    @Override
    public String getCallbackName() {
        return "unbounded migration statements";
    }
}
