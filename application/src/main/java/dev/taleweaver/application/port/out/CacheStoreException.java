package dev.taleweaver.application.port.out;

/** A cache store operation failed; {@link #kind()} says how, for logs and metrics. */
public class CacheStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind { CONNECTION, TIMEOUT, OTHER }

    private final Kind kind;

    public CacheStoreException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
