package dev.taleweaver.adapter.postgres;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A database failure told without a single bound value: the action, the SQLState, a fixed description of the
 * state's class, and the constraint, table and column the server names. It replaces the driver's and JDBI's
 * exceptions (whose messages may quote the row or the parameters) and carries their stack trace, not them, so a
 * log line or a problem detail built from it can never hold a child's name or a forged log line.
 */
public final class DatabaseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** SQLState classes (the first two characters) to a fixed description; PostgreSQL Appendix A. */
    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("08", "connection exception"),
            Map.entry("0A", "feature not supported"),
            Map.entry("22", "data exception"),
            Map.entry("23", "integrity constraint violation"),
            Map.entry("25", "invalid transaction state"),
            Map.entry("28", "invalid authorization"),
            Map.entry("40", "transaction rollback"),
            Map.entry("42", "syntax error or access rule violation"),
            Map.entry("53", "insufficient resources"),
            Map.entry("54", "program limit exceeded"),
            Map.entry("55", "object not in prerequisite state"),
            Map.entry("57", "operator intervention"),
            Map.entry("58", "system error"),
            Map.entry("XX", "internal error"));
    // Schema identifiers as this service names them; anything else is not repeated.
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    private static final Pattern SQL_STATE = Pattern.compile("[0-9A-Z]{5}");

    private final String sqlState;

    private DatabaseFailure(String message, String sqlState) {
        super(message, null, false, true);
        this.sqlState = sqlState;
    }

    /**
     * @param action  what was attempted, e.g. "save child" (a constant of the caller plus ids)
     * @param sql     the driver's exception that describes the failure
     * @param failure the exception as thrown, whose stack trace is kept
     */
    static DatabaseFailure of(String action, SQLException sql, Throwable failure) {
        String state = sql.getSQLState() != null && SQL_STATE.matcher(sql.getSQLState()).matches()
                ? sql.getSQLState() : null;
        String description = state == null ? "database error"
                : CLASSES.getOrDefault(state.substring(0, 2), "database error");
        String names = schemaNames(sql);
        DatabaseFailure safe = new DatabaseFailure(action + " failed: " + description
                + " (SQLState " + (state == null ? "unknown" : state) + (names.isEmpty() ? "" : ", " + names) + ")",
                state);
        safe.setStackTrace(failure.getStackTrace());
        return safe;
    }

    /** "constraint x, table y, column z" as far as the server named them; empty when it named none. */
    static String schemaNames(SQLException e) {
        if (!(e instanceof PSQLException p) || p.getServerErrorMessage() == null) {
            return "";
        }
        ServerErrorMessage server = p.getServerErrorMessage();
        List<String> names = new ArrayList<>(3);
        addName(names, "constraint", server.getConstraint());
        addName(names, "table", server.getTable());
        addName(names, "column", server.getColumn());
        return String.join(", ", names);
    }

    private static void addName(List<String> names, String kind, String name) {
        if (name != null && IDENTIFIER.matcher(name).matches()) {
            names.add(kind + " " + name);
        }
    }

    /** The five-character SQLState, or null when the driver gave none. */
    public String sqlState() {
        return sqlState;
    }
}
