package dev.taleweaver.adapter.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

class HttpRequestMetricsTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpRequestMetrics metrics = new HttpRequestMetrics(registry);

    @Test
    void timesRequestsByMethodRoutePatternStatusAndOutcome() {
        metrics.record("GET", "/heroes/{id}", 200, 12 * MS);
        metrics.record("GET", "/heroes/{id}", 200, 8 * MS);

        Timer timer = registry.get(HttpRequestMetrics.REQUESTS)
                .tags("method", "GET", "uri", "/heroes/{id}", "status", "200", "outcome", "SUCCESS").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.mean(TimeUnit.MILLISECONDS)).isEqualTo(10.0);
    }

    @Test
    void outcomeFollowsTheStatusClass() {
        metrics.record("POST", "/heroes", 422, MS);
        metrics.record("GET", "/stories/{id}", 503, MS);
        metrics.record("PUT", "/heroes/{id}", 204, MS);

        assertThat(outcome("POST", "422")).isEqualTo("CLIENT_ERROR");
        assertThat(outcome("GET", "503")).isEqualTo("SERVER_ERROR");
        assertThat(outcome("PUT", "204")).isEqualTo("SUCCESS");
        assertThat(HttpRequestMetrics.outcome(301)).isEqualTo("REDIRECTION");
        assertThat(HttpRequestMetrics.outcome(101)).isEqualTo("INFORMATIONAL");
        assertThat(HttpRequestMetrics.outcome(0)).isEqualTo("UNKNOWN");
    }

    @Test
    void requestsThatMatchedNoRouteShareOneNotFoundSeries() {
        metrics.record("GET", null, 404, MS);
        metrics.record("GET", "", 404, MS);
        metrics.record("GET", "  ", 404, MS);

        assertThat(registry.get(HttpRequestMetrics.REQUESTS).tags("uri", "NOT_FOUND", "status", "404").timer().count())
                .isEqualTo(3);
    }

    @Test
    void methodsAreUppercaseAndUnknownOnesShareOneSeries() {
        metrics.record("get", "/heroes", 200, MS);
        metrics.record("BREW", "/heroes", 405, MS);
        metrics.record(null, "/heroes", 405, MS);

        assertThat(registry.get(HttpRequestMetrics.REQUESTS).tags("method", "GET").timer().count()).isEqualTo(1);
        assertThat(registry.get(HttpRequestMetrics.REQUESTS).tags("method", "OTHER").timer().count()).isEqualTo(2);
    }

    @Test
    void rawPathsPassedByMistakeCannotGrowTheSeriesWithoutBound() {
        for (int i = 0; i < HttpRequestMetrics.MAX_URIS + 50; i++) {
            metrics.record("GET", "/heroes/" + i, 200, MS);
        }

        long distinctUris = registry.get(HttpRequestMetrics.REQUESTS).timers().stream()
                .map(t -> t.getId().getTag("uri")).distinct().count();
        assertThat(distinctUris).isEqualTo(HttpRequestMetrics.MAX_URIS + 1);
        assertThat(registry.get(HttpRequestMetrics.REQUESTS).tags("uri", "OTHER").timer().count()).isEqualTo(50);
        // routes seen before the cap keep their own series
        metrics.record("GET", "/heroes/0", 200, MS);
        assertThat(registry.get(HttpRequestMetrics.REQUESTS).tags("uri", "/heroes/0").timer().count()).isEqualTo(2);
    }

    @Test
    void reusesTheTimerOfARouteOnEveryRequest() {
        metrics.record("GET", "/heroes", 200, MS);
        int meters = registry.getMeters().size();

        for (int i = 0; i < 100; i++) {
            metrics.record("GET", "/heroes", 200, MS);
        }

        assertThat(registry.getMeters()).hasSize(meters);
    }

    @Test
    void neverThrowsIntoTheRequest() {
        assertThatCode(() -> metrics.record(null, null, -1, -5)).doesNotThrowAnyException();
    }

    @Test
    void scrapeShowsRequestsAsTheConventionalHistogram() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)
                .throwExceptionOnRegistrationFailure();
        HttpRequestMetrics exported = new HttpRequestMetrics(prometheus);
        exported.record("GET", "/heroes/{id}", 200, 30 * MS);

        Scrape scrape = Scrape.parse(prometheus.scrape());

        String[] series = {"method", "GET", "uri", "/heroes/{id}", "status", "200", "outcome", "SUCCESS"};
        assertThat(scrape.value("http_server_requests_seconds_count", series)).isEqualTo(1);
        assertThat(scrape.type("http_server_requests_seconds")).isEqualTo("histogram");
        assertThat(scrape.value("http_server_requests_seconds_sum", series)).isCloseTo(0.03, within(0.003));
        assertThat(scrape.value("http_server_requests_seconds_bucket", concat(series, "le", "0.025"))).isZero();
        assertThat(scrape.value("http_server_requests_seconds_bucket", concat(series, "le", "0.05"))).isEqualTo(1);
        assertThat(prometheus.scrape()).as("no second family beside the histogram").doesNotContain("_histogram");
    }

    private String outcome(String method, String status) {
        return registry.get(HttpRequestMetrics.REQUESTS).tags("method", method, "status", status).timer().getId()
                .getTag("outcome");
    }

    private static String[] concat(String[] tags, String... more) {
        String[] all = java.util.Arrays.copyOf(tags, tags.length + more.length);
        System.arraycopy(more, 0, all, tags.length, more.length);
        return all;
    }
}
