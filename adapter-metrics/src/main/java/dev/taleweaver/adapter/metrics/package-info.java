/**
 * Micrometer metrics of the cache, the cache server, HTTP requests and the JVM, exported in the Prometheus
 * text format: {@link dev.taleweaver.adapter.metrics.TaleweaverMetrics} owns the registry and the scrape,
 * {@link dev.taleweaver.adapter.metrics.MicrometerCacheListener} records the cache layer's events,
 * {@link dev.taleweaver.adapter.metrics.CacheServerGauges} reads Redis and pool figures, and
 * {@link dev.taleweaver.adapter.metrics.HttpRequestMetrics} times requests for the HTTP adapter.
 * The metric reference is in {@code docs/operations.md}.
 */
package dev.taleweaver.adapter.metrics;
