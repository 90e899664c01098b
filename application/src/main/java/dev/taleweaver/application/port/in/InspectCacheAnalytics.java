package dev.taleweaver.application.port.in;

/** The cache analytics of this instance (ADR 15): what {@code GET /admin/cache/analytics} and the meters show. */
public interface InspectCacheAnalytics {

    /** Analytics switched off ({@code CACHE_ANALYTICS=false}): an empty report that says so. */
    InspectCacheAnalytics DISABLED = CacheAnalyticsReport::disabled;

    /** The figures now; computing them costs a few milliseconds, so callers poll (seconds), never per request. */
    CacheAnalyticsReport analytics();
}
