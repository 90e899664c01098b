package dev.taleweaver.application.port.in;

/**
 * The system of record cannot be reached (database down, pool exhausted). Adapters of {@code port.out}
 * throw it; callers see it as a temporary failure. HTTP: 503. A write that may have happened nonetheless is a
 * {@link WriteOutcomeUnknownException}.
 */
public class StorageUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
