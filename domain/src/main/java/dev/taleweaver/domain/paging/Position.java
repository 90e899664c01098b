package dev.taleweaver.domain.paging;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * Where an entity sits in every list: lists are ordered by creation time, then id. Neither ever changes, so an
 * entity keeps its place for life and walking a list page after page visits each member once, even while new
 * entities are created (they come after every existing one, or at worst between two pages already read, never
 * twice). It is also what a page cursor points at: the last member of the page read.
 */
public record Position(Instant createdAt, UUID id) implements Comparable<Position> {
    private static final Comparator<Position> ORDER =
            Comparator.comparing(Position::createdAt).thenComparing(Position::id);

    public Position {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    /**
     * The order of lists. Ids compare as PostgreSQL compares {@code uuid} values (unsigned, byte by byte), not as
     * {@link UUID#compareTo} does (signed halves), so a cached id list and the database agree on every tie.
     */
    @Override
    public int compareTo(Position other) {
        int byTime = createdAt.compareTo(other.createdAt);
        if (byTime != 0) {
            return byTime;
        }
        int high = Long.compareUnsigned(id.getMostSignificantBits(), other.id.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(id.getLeastSignificantBits(), other.id.getLeastSignificantBits());
    }
}
