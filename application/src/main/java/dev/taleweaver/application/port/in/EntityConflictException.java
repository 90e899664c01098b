package dev.taleweaver.application.port.in;

/** The request conflicts with the stored state, e.g. deleting a hero that stories still feature. HTTP: 409. */
public class EntityConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EntityConflictException(String message) {
        super(message);
    }

    public EntityConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
