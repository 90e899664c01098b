package dev.taleweaver.domain.hero;

import dev.taleweaver.domain.common.EntityId;
import dev.taleweaver.domain.common.ValidationException;

import java.util.UUID;

/** Identity of a Hero. */
public record HeroId(UUID value) {
    public HeroId {
        if (value == null) {
            throw ValidationException.of("id", "is required");
        }
    }

    public static HeroId random() {
        return new HeroId(UUID.randomUUID());
    }

    /** Parses a UUID string; the field name goes into the error so callers can point at the right input. */
    public static HeroId parse(String field, String value) {
        return new HeroId(EntityId.parseUuid(field, value));
    }

    public static HeroId parse(String value) {
        return parse("id", value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
