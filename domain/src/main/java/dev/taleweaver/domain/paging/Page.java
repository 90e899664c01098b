package dev.taleweaver.domain.paging;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a list: its items in list order and, when the list goes on, the position of the last member this page
 * covered (the next page starts after it). A page may hold fewer items than asked while the list goes on: a member
 * removed while the page was read is left out, never replaced by another.
 */
public record Page<T>(List<T> items, Optional<Position> next) {
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}
