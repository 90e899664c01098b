package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.in.CacheAnalyticsReport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The analytics' meters: per entity type, never per key; one report serves a scrape's many series. */
class CacheAnalyticsMetersTest {
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
            .throwExceptionOnRegistrationFailure();

    private static final CacheAnalyticsReport REPORT = new CacheAnalyticsReport(true, 1, 4, 7, 10, 50_000,
            List.of(),
            List.of(new CacheAnalyticsReport.Entity("hero", new CacheAnalyticsReport.Quantiles(5, 9, 12, 30, 31),
                    CacheAnalyticsReport.Quantiles.NONE, 4, 1, 0.25,
                    new CacheAnalyticsReport.TtlAdvice("SHORTEN", 3600, 600, 0.9, 0.91, 0.905, 0.2, "why",
                            List.of()))),
            List.of(new CacheAnalyticsReport.HotKey("hero:h1", "hero", 40, 0),
                    new CacheAnalyticsReport.HotKey("hero:h2", "hero", 30, 0)));

    @Test
    void adviceExpiredUnreadLifetimesAndHotKeysPerEntityType() {
        AtomicInteger reports = new AtomicInteger();
        CacheAnalyticsMeters.bind(prometheus, () -> {
            reports.incrementAndGet();
            return REPORT;
        }, List.of("hero", "story"));

        Scrape scrape = Scrape.parse(prometheus.scrape());

        assertThat(scrape.value("taleweaver_cache_ttl_advice_seconds", "entity", "hero")).isEqualTo(600);
        assertThat(scrape.value("taleweaver_cache_ttl_current_seconds", "entity", "hero")).isEqualTo(3600);
        assertThat(scrape.value("taleweaver_cache_expired_unread_ratio", "entity", "hero")).isEqualTo(0.25);
        assertThat(scrape.value("taleweaver_cache_lifetime_seconds", "entity", "hero", "percentile", "90"))
                .isEqualTo(12);
        assertThat(scrape.value("taleweaver_cache_hot_keys")).isEqualTo(2);
        assertThat(scrape.value("taleweaver_cache_analytics_dropped_samples_total")).isEqualTo(7);
        assertThat(scrape.value("taleweaver_cache_ttl_advice_seconds", "entity", "story")).isNaN(); // not in the report
        assertThat(scrape.text()).doesNotContain("hero:h1"); // no key names as labels
        assertThat(reports.get()).isEqualTo(1);
    }

    @Test
    void aFailingReportReadsAsNaN() {
        CacheAnalyticsMeters.bind(prometheus, () -> {
            throw new IllegalStateException("broken");
        }, List.of("hero"));

        assertThat(Scrape.parse(prometheus.scrape()).value("taleweaver_cache_ttl_advice_seconds", "entity", "hero"))
                .isNaN();
    }
}
