package dev.taleweaver.domain.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The fixed set of genders a hero or child may have; {@link #wireName()} is the lowercase form used in JSON. */
public enum Gender {
    MALE, FEMALE, NON_BINARY, UNSPECIFIED;

    /** Every {@link #wireName()}. */
    public static final Set<String> WIRE_NAMES = Arrays.stream(values()).map(Gender::wireName)
            .collect(Collectors.toUnmodifiableSet());

    public static final String ALLOWED = Arrays.stream(values()).map(Gender::wireName).collect(Collectors.joining(", "));

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Gender parse(String value) {
        for (Gender g : values()) {
            if (g.wireName().equals(value)) {
                return g;
            }
        }
        throw ValidationException.of("gender", "must be one of " + ALLOWED + " (got " + Text.quoted(value) + ")");
    }
}
