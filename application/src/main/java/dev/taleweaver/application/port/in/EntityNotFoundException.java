package dev.taleweaver.application.port.in;

/** No entity of this type has this id. HTTP: 404. */
public final class EntityNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String entityType;
    private final String id;

    public EntityNotFoundException(String entityType, Object id) {
        super("no " + entityType + " with id " + id);
        this.entityType = entityType;
        this.id = String.valueOf(id);
    }

    public String entityType() {
        return entityType;
    }

    public String id() {
        return id;
    }
}
