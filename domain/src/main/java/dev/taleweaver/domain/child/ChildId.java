package dev.taleweaver.domain.child;

import dev.taleweaver.domain.common.EntityId;
import dev.taleweaver.domain.common.ValidationException;

import java.util.UUID;

/** Identity of a Child. */
public record ChildId(UUID value) {
    public ChildId {
        if (value == null) {
            throw ValidationException.of("id", "is required");
        }
    }

    public static ChildId random() {
        return new ChildId(UUID.randomUUID());
    }

    /** Parses a UUID string; the field name goes into the error so callers can point at the right input. */
    public static ChildId parse(String field, String value) {
        return new ChildId(EntityId.parseUuid(field, value));
    }

    public static ChildId parse(String value) {
        return parse("id", value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
