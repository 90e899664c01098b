package dev.taleweaver.adapter.http;

import java.util.List;

/**
 * A page of a list on the wire: {@code {"items": [...], "next_cursor": "…" | null}}. {@code next_cursor} is null on
 * the last page; otherwise pass it as {@code ?cursor=} (the {@code Link: <…>; rel="next"} header does).
 */
record PageResponse(List<?> items, String nextCursor) {
}
