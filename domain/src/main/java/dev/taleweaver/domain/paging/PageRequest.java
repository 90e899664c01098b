package dev.taleweaver.domain.paging;

import java.util.Objects;
import java.util.Optional;

/**
 * Which page of a list to read: at most {@code limit} members after {@code after} (from the start when empty).
 * {@code limit} is bounded by {@link #MAX_LIMIT}, so no list read costs more than that many entities.
 */
public record PageRequest(Optional<Position> after, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public PageRequest {
        Objects.requireNonNull(after, "after");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_LIMIT + " items, not " + limit);
        }
    }

    public static PageRequest first(int limit) {
        return new PageRequest(Optional.empty(), limit);
    }
}
