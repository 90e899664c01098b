package dev.taleweaver.domain.story;

import dev.taleweaver.domain.common.EntityId;
import dev.taleweaver.domain.common.ValidationException;

import java.util.UUID;

/** Identity of a Story. */
public record StoryId(UUID value) {
    public StoryId {
        if (value == null) {
            throw ValidationException.of("id", "is required");
        }
    }

    public static StoryId random() {
        return new StoryId(UUID.randomUUID());
    }

    /** Parses a UUID string; the field name goes into the error so callers can point at the right input. */
    public static StoryId parse(String field, String value) {
        return new StoryId(EntityId.parseUuid(field, value));
    }

    public static StoryId parse(String value) {
        return parse("id", value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
