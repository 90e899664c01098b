package dev.taleweaver.domain.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Collects every broken rule of one object before failing, so a caller learns all of them at once.
 * Each check returns the (normalised) value so constructors can assign in one line.
 */
public final class Violations {
    private final List<Violation> found = new ArrayList<>();

    public void add(String field, String message) {
        found.add(new Violation(field, message));
    }

    public <T> T required(String field, T value) {
        if (value == null) {
            add(field, "is required");
        }
        return value;
    }

    /** A required string of {@code min..max} characters (after trimming surrounding blanks). */
    public String text(String field, String value, int min, int max) {
        if (value == null) {
            add(field, "is required");
            return null;
        }
        String trimmed = value.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length < min || length > max) {
            add(field, min == 0
                    ? "must be at most " + max + " characters"
                    : "must be " + min + " to " + max + " characters");
        }
        return trimmed;
    }

    public int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            add(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    /**
     * A required list of at most {@code maxItems} strings, each {@code 1..maxItemLength} characters.
     * Returns an immutable, trimmed copy.
     */
    public List<String> textList(String field, List<String> values, int maxItems, int maxItemLength) {
        if (values == null) {
            add(field, "is required (use [] for none)");
            return List.of();
        }
        if (values.size() > maxItems) {
            add(field, "must have at most " + maxItems + " items");
        }
        List<String> trimmed = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String item = values.get(i);
            if (item == null) {
                add(field + "[" + i + "]", "must not be null");
                continue;
            }
            String t = item.strip();
            int length = t.codePointCount(0, t.length());
            if (length < 1 || length > maxItemLength) {
                add(field + "[" + i + "]", "must be 1 to " + maxItemLength + " characters");
            }
            trimmed.add(t);
        }
        return List.copyOf(trimmed);
    }

    /** Parses a raw value with a factory that may throw {@link ValidationException}; records its violations. */
    public <R, T> T parse(String field, R raw, Function<R, T> factory) {
        if (raw == null) {
            add(field, "is required");
            return null;
        }
        try {
            return factory.apply(raw);
        } catch (ValidationException e) {
            for (Violation v : e.violations()) {
                add(field, v.message());
            }
            return null;
        }
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new ValidationException(found);
        }
    }
}
