package dev.taleweaver.adapter.http;

import dev.taleweaver.domain.common.ValidationException;
import dev.taleweaver.domain.common.Violation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Gathers every problem of one request (body or query parameters) — JSON shape, missing fields, unparseable values
 * and the domain's own rules — so the client learns all of them from one response. Keeps the first problem per field:
 * a field with the wrong JSON type is also null afterwards, and "is required" on top of "must be a whole number"
 * would only confuse.
 */
final class InputCheck {
    private final List<Violation> violations = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();

    void add(String field, String message) {
        if (reported.add(field)) {
            violations.add(new Violation(field, message));
        }
    }

    boolean hasProblems() {
        return !reported.isEmpty();
    }

    <T> T required(String field, T value) {
        if (value == null) {
            add(field, "is required");
        }
        return value;
    }

    /** A required value built by a domain factory, its violations reported under {@code field}. */
    <R, T> T parse(String field, R raw, Function<R, T> factory) {
        if (raw == null) {
            add(field, "is required");
            return null;
        }
        return parseOptional(field, raw, factory);
    }

    /** Like {@link #parse} but absence is fine (null stays null). */
    <R, T> T parseOptional(String field, R raw, Function<R, T> factory) {
        if (raw == null) {
            return null;
        }
        try {
            return factory.apply(raw);
        } catch (ValidationException e) {
            e.violations().forEach(v -> add(field, v.message()));
            return null;
        }
    }

    /** Fails with every problem found so far, if any. */
    void throwIfAny() {
        if (hasProblems()) {
            throw failure();
        }
    }

    /**
     * Fails with every problem found so far. When there are some, first runs {@code domainRules} (typically building
     * the entity with placeholder id and timestamps) so the domain's rules on the other fields are reported too;
     * without problems the use case validates as usual.
     */
    void throwIfAny(Runnable domainRules) {
        if (!hasProblems()) {
            return;
        }
        try {
            domainRules.run();
        } catch (ValidationException e) {
            for (Violation v : e.violations()) {
                add(v.field(), v.message());
            }
        }
        throw failure();
    }

    /** Everything found so far, as the domain reports invalid input. Call only when {@link #hasProblems()}. */
    ValidationException failure() {
        return new ValidationException(violations);
    }
}
