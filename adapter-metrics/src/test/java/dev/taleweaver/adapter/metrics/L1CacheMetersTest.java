package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.LocalCacheStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The L1's own statistics as Micrometer's cache meters, beside the per-entity ones, read at scrape time. */
class L1CacheMetersTest {
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
            .throwExceptionOnRegistrationFailure();
    private final AtomicReference<LocalCacheStats> current = new AtomicReference<>(LocalCacheStats.EMPTY);

    @Test
    void theL1sFiguresAreConventionalCacheMetersBesideThePerEntityOnes() {
        MicrometerCacheListener listener = new MicrometerCacheListener(prometheus);
        listener.onHit("hero", CacheOperation.FIND_BY_ID, 1_000);
        listener.onPut("hero");
        L1CacheMeters.bind(prometheus, current::get);
        current.set(new LocalCacheStats(7, 3, 5, 2, 4));

        Scrape scrape = Scrape.parse(prometheus.scrape());

        assertThat(scrape.value("cache_gets_total", "cache", "l1", "level", "l1", "result", "hit")).isEqualTo(7);
        assertThat(scrape.value("cache_gets_total", "cache", "l1", "level", "l1", "result", "miss")).isEqualTo(3);
        assertThat(scrape.value("cache_puts_total", "cache", "l1", "level", "l1")).isEqualTo(5);
        assertThat(scrape.value("cache_evictions_total", "cache", "l1", "level", "l1")).isEqualTo(2);
        assertThat(scrape.value("cache_size", "cache", "l1", "level", "l1")).isEqualTo(4);
        assertThat(scrape.value("cache_gets_total", "cache", "hero", "level", "all", "result", "hit")).isEqualTo(1);
        assertThat(scrape.value("cache_puts_total", "cache", "hero", "level", "all")).isEqualTo(1);
        assertThat(scrape.type("cache_evictions_total")).isEqualTo("counter");
    }

    @Test
    void aFailingSourceReadsAsNaNAndTheScrapeGoesOn() {
        L1CacheMeters.bind(prometheus, () -> {
            throw new IllegalStateException("closed");
        });

        Scrape scrape = Scrape.parse(prometheus.scrape());

        assertThat(scrape.value("cache_size", "cache", "l1")).isNaN();
    }

    @Test
    void keepsReportingWhenOnlyTheRegistryHoldsTheSource() {
        bindThrowawaySource();
        System.gc();

        Scrape scrape = Scrape.parse(prometheus.scrape());

        assertThat(scrape.value("cache_gets_total", "cache", "l1", "result", "hit")).isEqualTo(9);
        assertThat(scrape.value("cache_size", "cache", "l1")).isEqualTo(1);
    }

    private void bindThrowawaySource() {
        LocalCacheStats fixed = new LocalCacheStats(9, 0, 0, 0, 1);
        Supplier<LocalCacheStats> source = () -> fixed;
        L1CacheMeters.bind(prometheus, source);
    }
}
