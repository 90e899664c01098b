package dev.taleweaver.adapter.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.taleweaver.domain.paging.Page;
import dev.taleweaver.domain.paging.Position;

import java.util.List;
import java.util.Optional;

/**
 * The last page answered to each query string of one list route, with what that query was read as: the same query
 * again is not parsed, its cursor not decoded and checked, and — when the use case answers the very same page (the
 * same item instances, as the L1 hands them out again, and the same next position) — its JSON, tag and next link
 * are not made again. The use case is asked every time: whether the page still stands is its to say, never this
 * memo's. On a cached page of 50 heroes the parsing, the two HMACs of the cursors, the link and the joined JSON's
 * look-up were a fifth of the CPU (docs/benchmarks.md, issue 11).
 *
 * <p>Bounded: only queries of at most {@link #MAX_QUERY_CHARS} characters are kept (a page's own is under 100), and
 * what is kept weighs at most {@link #MAX_BYTES}: each entry its JSON (shared with {@link RenderedJson}'s joined
 * pages), its query and {@link #ENTRY_BYTES} for the objects around them, so that many small pages (empty ones of
 * every language, every limit) cannot fill memory with the entries themselves. Only pages that were answered are
 * kept, never a refused query.
 */
final class RepeatedPageReads {
    /** Longest query string kept. */
    static final int MAX_QUERY_CHARS = 256;
    /** Bound on what is kept (~360 pages of 50 heroes, or 8,192 entries at most). */
    static final long MAX_BYTES = 8L * 1024 * 1024;
    /** What an entry weighs beside its JSON and query: the parsed query, the page's reference, the map's node. */
    static final int ENTRY_BYTES = 1024;

    /** A query as it was read, and the page last answered to it: {@code read}, of {@code items} and {@code next}. */
    record Kept(PageQuery query, List<?> items, Optional<Position> next, EntityRoutes.PageRead read) {
        /** Whether {@code page} is the very page {@code read} was made of: the same immutable list, the same next. */
        boolean answers(Page<?> page) {
            return page.items() == items && page.next().equals(next);
        }
    }

    private final Cache<String, Kept> byQuery = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .weigher((String query, Kept kept) -> ENTRY_BYTES + query.length() + kept.read().rendered().json().length)
            .build();

    /** What was kept for {@code rawQuery} (null for none), if anything. */
    Kept get(String rawQuery) {
        String key = key(rawQuery);
        return key.length() > MAX_QUERY_CHARS ? null : byQuery.getIfPresent(key);
    }

    /** Keeps {@code read}, made of {@code page}, for {@code rawQuery} read as {@code query}, unless it is too long. */
    void keep(String rawQuery, PageQuery query, Page<?> page, EntityRoutes.PageRead read) {
        String key = key(rawQuery);
        if (key.length() <= MAX_QUERY_CHARS) {
            byQuery.put(key, new Kept(query, page.items(), page.next(), read));
        }
    }

    /** How many entries are kept, once pending evictions have run. */
    long size() {
        byQuery.cleanUp();
        return byQuery.estimatedSize();
    }

    private static String key(String rawQuery) {
        return rawQuery == null ? "" : rawQuery;
    }
}
