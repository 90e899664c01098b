package dev.taleweaver.adapter.metrics;

import dev.taleweaver.application.port.out.CacheOperation;
import dev.taleweaver.application.port.out.CacheServerStats;
import dev.taleweaver.application.port.out.CircuitState;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaleweaverMetricsTest {

    private final TaleweaverMetrics metrics = new TaleweaverMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void contentTypeIsTheOneOfTheTextTheScrapeWrites() {
        assertThat(metrics.contentType()).isEqualTo(PrometheusTextFormatWriter.CONTENT_TYPE);
    }

    @Test
    void scrapeHoldsJvmAndProcessMetrics() {
        Scrape scrape = Scrape.parse(metrics.scrape());

        assertThat(scrape.find("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
        assertThat(scrape.find("jvm_threads_live_threads")).hasSize(1);
        assertThat(scrape.find("process_uptime_seconds")).hasSize(1);
        assertThat(scrape.find("system_cpu_count")).hasSize(1);
    }

    @Test
    void everyMeterOfEveryPartCarriesTheApplicationTag() {
        MicrometerCacheListener listener = new MicrometerCacheListener(metrics.registry());
        new CacheServerGauges(new FixedStats()).bindTo(metrics.registry());
        HttpRequestMetrics http = new HttpRequestMetrics(metrics.registry());
        listener.onHit("hero", CacheOperation.FIND_BY_ID, 1_000_000);
        listener.onCircuitStateChange(CircuitState.HALF_OPEN);
        http.record("GET", "/heroes/{id}", 200, 1_000_000);

        Scrape scrape = Scrape.parse(metrics.scrape());

        assertThat(scrape.samples()).isNotEmpty()
                .allSatisfy(sample -> assertThat(sample.labels()).containsEntry("application", "taleweaver"));
        assertThat(scrape.value("taleweaver_cache_hits_total", "entity", "hero", "operation", "find_by_id"))
                .isEqualTo(1);
        assertThat(scrape.value("taleweaver_cache_circuit_state")).isEqualTo(1);
        assertThat(scrape.value("taleweaver_redis_memory_used_bytes")).isEqualTo(2048);
        assertThat(scrape.value("taleweaver_redis_read_pool_in_use")).isEqualTo(3);
        assertThat(scrape.value("taleweaver_redis_pool_usage")).as("the main pool's 1/10 beats the reads' 3/64")
                .isEqualTo(0.1);
        assertThat(scrape.value("http_server_requests_seconds_count", "uri", "/heroes/{id}")).isEqualTo(1);
    }

    private static final class FixedStats implements CacheServerStats {
        @Override
        public long usedMemoryBytes() {
            return 2048;
        }

        @Override
        public long evictedKeys() {
            return 0;
        }

        @Override
        public long countKeys(String pattern) {
            return 0;
        }

        @Override
        public int poolInUse() {
            return 1;
        }

        @Override
        public int poolSize() {
            return 10;
        }

        @Override
        public int readPoolInUse() {
            return 3;
        }

        @Override
        public int readPoolSize() {
            return 64;
        }
    }
}
