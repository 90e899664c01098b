package dev.taleweaver.domain.story;

import dev.taleweaver.domain.common.ValidationException;

/** How much a child liked a story: 1 to 5 stars. */
public record Rating(int stars) {
    public static final int MIN = 1;
    public static final int MAX = 5;

    public Rating {
        if (stars < MIN || stars > MAX) {
            throw ValidationException.of("rating", "must be between " + MIN + " and " + MAX + " (got " + stars + ")");
        }
    }
}
