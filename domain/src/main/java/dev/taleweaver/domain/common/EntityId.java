package dev.taleweaver.domain.common;

import java.util.UUID;

/** Parsing shared by the typed ids: a canonical UUID string, anything else is a clear validation failure. */
public final class EntityId {
    private EntityId() {
    }

    public static UUID parseUuid(String field, String value) {
        if (value == null || value.length() != 36) {
            throw ValidationException.of(field, "must be a UUID such as 550e8400-e29b-41d4-a716-446655440000 (got "
                    + Text.quoted(value) + ")");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of(field, "must be a UUID such as 550e8400-e29b-41d4-a716-446655440000 (got "
                    + Text.quoted(value) + ")");
        }
    }
}
