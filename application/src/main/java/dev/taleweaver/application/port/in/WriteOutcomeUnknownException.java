package dev.taleweaver.application.port.in;

import java.util.Optional;

/**
 * A write whose commit was sent but never acknowledged (the connection to the database broke meanwhile): it may
 * have committed or not, and nobody can tell until the database answers again. Carries the states the write would
 * have left, so that a cache in front of the repository can invalidate as if it had committed (invalidating what
 * did not change costs a reload; not invalidating what did would serve the old state). To the caller it is the
 * database being unavailable: HTTP 503, and a retry of the same write is safe.
 */
public final class WriteOutcomeUnknownException extends StorageUnavailableException {
    private static final long serialVersionUID = 1L;

    private final transient Object before;
    private final transient Object after;

    /**
     * @param before the state the write replaced or removed, null for a creation
     * @param after  the state the write left, null for a deletion
     */
    public WriteOutcomeUnknownException(String message, Throwable cause, Object before, Object after) {
        super(message, cause);
        this.before = before;
        this.after = after;
    }

    /** The state the write replaced or removed; empty for a creation. */
    public Optional<Object> before() {
        return Optional.ofNullable(before);
    }

    /** The state the write left; empty for a deletion. */
    public Optional<Object> after() {
        return Optional.ofNullable(after);
    }
}
