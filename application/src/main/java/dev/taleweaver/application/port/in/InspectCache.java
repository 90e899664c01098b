package dev.taleweaver.application.port.in;

/** What operators see at {@code GET /admin/cache/stats}. */
public interface InspectCache {
    CacheReport report();
}
