package dev.taleweaver.application.port.in;

import java.util.Objects;

/**
 * What a read use case may answer instead of a value (ADR 13): either the value, or its canonical JSON — the exact
 * bytes the service's API writes for that value (the same fields, in the same order, formatted the same way), taken
 * straight from a cache entry without decoding it. A caller that answers JSON sends {@link #json()} as it is; it
 * must never change it. Exactly one of the two is set.
 *
 * @param value the value, or null when {@code json} is set
 * @param json  the value's canonical JSON (UTF-8), or null when {@code value} is set; never modified by anyone
 */
public record ValueOrJson<R>(R value, byte[] json) {
    public ValueOrJson {
        if ((value == null) == (json == null)) {
            throw new IllegalArgumentException("exactly one of value and json must be given");
        }
    }

    public static <R> ValueOrJson<R> value(R value) {
        return new ValueOrJson<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <R> ValueOrJson<R> json(byte[] json) {
        return new ValueOrJson<>(null, Objects.requireNonNull(json, "json"));
    }

    /** Whether this carries JSON rather than a value. */
    public boolean isJson() {
        return json != null;
    }
}
