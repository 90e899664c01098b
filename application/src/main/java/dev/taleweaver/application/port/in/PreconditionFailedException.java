package dev.taleweaver.application.port.in;

/**
 * A conditional write found the entity not in the state the caller expected (HTTP: {@code If-Match} names no
 * current tag): nothing was written. HTTP: 412.
 */
public class PreconditionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PreconditionFailedException(String message) {
        super(message, null, false, false);
    }
}
