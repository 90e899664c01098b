package dev.taleweaver.domain.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Collects the broken rules of one object before failing, so a caller learns them at once: the first
 * {@link ValidationException#MAX_LISTED}, and how many there were in all. Each check returns the (normalised) value
 * so constructors can assign in one line. Text follows the rules of {@link Text}.
 */
public final class Violations {
    private final List<Violation> found = new ArrayList<>();
    private int total;

    public void add(String field, String message) {
        total++;
        if (found.size() < ValidationException.MAX_LISTED) {
            found.add(new Violation(field, message));
        }
    }

    public <T> T required(String field, T value) {
        if (value == null) {
            add(field, "is required");
        }
        return value;
    }

    /** A required one-line string of {@code min..max} characters; see {@link Text}. */
    public String text(String field, String value, int min, int max) {
        return text(field, value, min, max, Text.Lines.SINGLE);
    }

    /**
     * A required string of {@code min..max} characters (counted after NFC and trimming; nothing visible counts as
     * empty), one line or several as {@code lines} says. Returns the normalised value.
     */
    public String text(String field, String value, int min, int max, Text.Lines lines) {
        if (value == null) {
            add(field, "is required");
            return null;
        }
        String problem = Text.problem(value, lines);
        if (problem != null) {
            add(field, problem);
            return value;
        }
        String normalised = Text.normalise(value);
        int length = Text.length(normalised);
        if (length < min || length > max) {
            String range = min == 0 ? "must be at most " + max + " characters" : "must be " + min + " to " + max
                    + " characters";
            add(field, length == 0 && !value.isEmpty() ? range + ", not only spaces or invisible characters" : range);
        }
        return normalised;
    }

    public int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            add(field, "must be between " + min + " and " + max);
        }
        return value;
    }

    /**
     * A required list of at most {@code maxItems} one-line strings, each {@code 1..maxItemLength} characters.
     * The size is checked first: a list over it is one violation, its items are not looked at. Returns an
     * immutable, normalised copy.
     */
    public List<String> textList(String field, List<String> values, int maxItems, int maxItemLength) {
        if (values == null) {
            add(field, "is required (use [] for none)");
            return List.of();
        }
        if (values.size() > maxItems) {
            add(field, "must have at most " + maxItems + " items");
            return List.of();
        }
        List<String> normalised = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            String item = values.get(i);
            if (item == null) {
                add(field + "[" + i + "]", "must not be null");
                continue;
            }
            normalised.add(text(field + "[" + i + "]", item, 1, maxItemLength));
        }
        return List.copyOf(normalised);
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
            total += e.unlisted();
            return null;
        }
    }

    public boolean isEmpty() {
        return total == 0;
    }

    public void throwIfAny() {
        if (total > 0) {
            throw new ValidationException(found, total);
        }
    }
}
