package dev.taleweaver.application.port.out;

/** Why cache keys were invalidated. */
public enum InvalidationReason {
    SAVE,
    UPDATE,
    DELETE,
    /** An entity embedded in these cached views changed, e.g. a hero renamed in story views. */
    RELATED_CHANGE,
    /** The entry could not be decoded (self-healing). */
    CORRUPT_ENTRY
}
