package dev.taleweaver.domain.common;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a value object or entity is built from values that break its rules. Lists the first
 * {@link #MAX_LISTED} broken rules and counts the rest ({@link #total()}), so neither the exception nor any answer
 * built from it grows with the input.
 */
public final class ValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Most violations one failure lists; more are only counted. */
    public static final int MAX_LISTED = 20;

    private final transient List<Violation> violations;
    private final int total;

    /**
     * @param violations the violations to list; only the first {@link #MAX_LISTED} are kept
     * @param total      how many were found in all, at least {@code violations.size()}
     */
    public ValidationException(List<Violation> violations, int total) {
        super(describe(violations, total));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one violation");
        }
        this.violations = List.copyOf(violations.size() > MAX_LISTED ? violations.subList(0, MAX_LISTED) : violations);
        this.total = Math.max(total, violations.size());
    }

    public ValidationException(List<Violation> violations) {
        this(violations, violations.size());
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new Violation(field, message)));
    }

    /** The first {@link #MAX_LISTED} violations found, in the order found. */
    public List<Violation> violations() {
        return violations;
    }

    /** How many violations were found, listed or not. */
    public int total() {
        return total;
    }

    /** How many violations were found beyond those listed. */
    public int unlisted() {
        return total - violations.size();
    }

    private static String describe(List<Violation> violations, int total) {
        int listed = Math.min(violations.size(), MAX_LISTED);
        String described = violations.stream().limit(listed).map(v -> v.field() + ": " + v.message())
                .collect(Collectors.joining("; "));
        return total > listed ? described + "; and " + (total - listed) + " more" : described;
    }
}
