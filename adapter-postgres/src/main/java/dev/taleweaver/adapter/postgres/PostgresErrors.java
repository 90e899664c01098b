package dev.taleweaver.adapter.postgres;

import dev.taleweaver.application.port.in.EntityConflictException;
import dev.taleweaver.application.port.in.StorageUnavailableException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns database failures into the application's terms: an unreachable database becomes
 * {@link StorageUnavailableException} (HTTP 503), a broken foreign key or duplicate key becomes
 * {@link EntityConflictException} (HTTP 409). Any other database failure propagates as a {@link DatabaseFailure}
 * (a 500: a bug rather than a state the caller can act on); failures without a database error, unchanged.
 *
 * <p>Whatever leaves this class never renders a bound value: PostgreSQL's messages can quote them ("Failing row
 * contains (…)", "Key (name)=(…)", the parameter in a "Where:" context) and so can JDBI's statement rendering, and
 * a name with a newline in it would forge a log line. A failure with an {@link SQLException} in it is therefore
 * replaced by a {@link DatabaseFailure} that tells only the SQLState, a fixed description of its class, and the
 * constraint, table and column names the server reports (schema identifiers, never data); it keeps the original
 * stack trace but not the original exceptions.
 *
 * <p>JDBI, Hikari and Flyway wrap the driver's {@link SQLException}, so the whole cause chain is searched.
 */
final class PostgresErrors {
    static final String FOREIGN_KEY_VIOLATION = "23503";
    static final String UNIQUE_VIOLATION = "23505";
    private static final Set<String> SERVER_GOING_AWAY = Set.of(
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now (starting up, shutting down, in recovery)
            "53300", // too_many_connections
            "57014"); // query_canceled: the statement timeout (waiting for a lock, an overloaded server)
    private static final int MAX_DEPTH = 20;

    private PostgresErrors() {
    }

    /** Runs one repository operation; {@code action} (e.g. "delete hero") starts a conflict's message. */
    static <T> T translate(String action, Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            throw translated(action, e);
        }
    }

    /** The application-level exception for {@code failure}, or {@code failure} itself when none applies. */
    static RuntimeException translated(String action, RuntimeException failure) {
        if (failure instanceof StorageUnavailableException || failure instanceof EntityConflictException
                || failure instanceof DatabaseFailure) {
            return failure;
        }
        Optional<SQLException> unavailable = find(failure, PostgresErrors::meansUnavailable);
        if (unavailable.isPresent()) {
            return new StorageUnavailableException("the database is unavailable: " + shortMessage(unavailable.get()),
                    DatabaseFailure.of(action, unavailable.get(), failure));
        }
        Optional<SQLException> conflict = find(failure, PostgresErrors::meansConflict);
        if (conflict.isPresent()) {
            return new EntityConflictException(action + " refused: " + conflictReason(conflict.get()),
                    DatabaseFailure.of(action, conflict.get(), failure));
        }
        Optional<SQLException> other = find(failure, e -> true);
        return other.isPresent() ? DatabaseFailure.of(action, other.get(), failure) : failure;
    }

    static boolean meansUnavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true; // includes the pool's "connection is not available, request timed out"
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || SERVER_GOING_AWAY.contains(state));
    }

    private static boolean meansConflict(SQLException e) {
        return FOREIGN_KEY_VIOLATION.equals(e.getSQLState()) || UNIQUE_VIOLATION.equals(e.getSQLState());
    }

    private static String conflictReason(SQLException e) {
        String reason = FOREIGN_KEY_VIOLATION.equals(e.getSQLState())
                ? "it would break a reference between stories, children and heroes"
                : "an entry with the same id already exists";
        // Not the server's detail ("Key (id)=(…) is still referenced…"): it quotes values. Names only.
        String where = DatabaseFailure.schemaNames(e);
        return where.isEmpty() ? reason : reason + " (" + where + ")";
    }

    /** The first line of a driver message, short enough for a log line or a health detail. */
    static String shortMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        return message.length() > 160 ? message.substring(0, 160) + "…" : message;
    }

    /** Searches causes and suppressed exceptions (a failed rollback hides the original one there). */
    private static Optional<SQLException> find(Throwable failure, Predicate<SQLException> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return find(failure, test, seen, 0);
    }

    private static Optional<SQLException> find(Throwable t, Predicate<SQLException> test,
                                               Set<Throwable> seen, int depth) {
        if (t == null || depth > MAX_DEPTH || !seen.add(t)) {
            return Optional.empty();
        }
        if (t instanceof SQLException sql) {
            if (test.test(sql)) {
                return Optional.of(sql);
            }
            Optional<SQLException> next = find(sql.getNextException(), test, seen, depth + 1);
            if (next.isPresent()) {
                return next;
            }
        }
        Optional<SQLException> inCause = find(t.getCause(), test, seen, depth + 1);
        if (inCause.isPresent()) {
            return inCause;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            Optional<SQLException> inSuppressed = find(suppressed, test, seen, depth + 1);
            if (inSuppressed.isPresent()) {
                return inSuppressed;
            }
        }
        return Optional.empty();
    }
}
