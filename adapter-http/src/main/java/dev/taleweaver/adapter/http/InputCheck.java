package dev.taleweaver.adapter.http;

import dev.taleweaver.domain.common.ValidationException;
import dev.taleweaver.domain.common.Violation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Gathers the problems of one request (body or query parameters) — JSON shape, missing fields, unparseable values
 * and the domain's own rules — so the client learns them from one response: the first
 * {@link ValidationException#MAX_LISTED} are listed, the rest only counted, so the answer stays small however many
 * there are. Keeps the first problem per field: a field with the wrong JSON type is also null afterwards, and "is
 * required" on top of "must be a whole number" would only confuse.
 *
 * <p>Memory stays bounded too: the fields remembered for that rule are the request type's own (a fixed set, with
 * list items only up to a list's maximum, see {@link StrictScalars}); a client's unknown fields, which can be
 * thousands, are counted ({@link #addUnknown}) but never remembered, and their messages are built only while they
 * are still listed.
 */
final class InputCheck {
    private final List<Violation> listed = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();
    private int total;

    /** A problem with one of the request's own fields (or a list item of one), unless that field already has one. */
    void add(String field, String message) {
        if (reported.add(field)) {
            count(field, message);
        }
    }

    /**
     * A field the request type does not have. Never reported twice (a name repeated in one object is malformed JSON)
     * and never reported by the domain, so it needs no remembering; {@code field} and {@code message} are worked out
     * only while problems are still listed.
     */
    void addUnknown(Supplier<String> field, Supplier<String> message) {
        total++;
        if (listed.size() < ValidationException.MAX_LISTED) {
            listed.add(new Violation(field.get(), message.get()));
        }
    }

    /** Everything {@code other} found, as if found here. */
    void addAll(InputCheck other) {
        other.listed.forEach(v -> add(v.field(), v.message()));
        total += other.total - other.listed.size();
    }

    boolean hasProblems() {
        return total > 0;
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

    /**
     * Like {@link #parse}, but a value found missing or invalid (and so reported here) comes back as
     * {@code placeholder}: the domain rules run afterwards only to report their own problems (see
     * {@link #throwIfAny(Runnable)}) and must not report this field a second time.
     */
    <R, T> T parse(String field, R raw, Function<R, T> factory, T placeholder) {
        T value = parse(field, raw, factory);
        return value == null ? placeholder : value;
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
            total += e.unlisted();
        }
        throw failure();
    }

    /** Everything found so far, as the domain reports invalid input. Call only when {@link #hasProblems()}. */
    ValidationException failure() {
        return new ValidationException(listed, total);
    }

    private void count(String field, String message) {
        addUnknown(() -> field, () -> message);
    }
}
