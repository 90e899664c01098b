package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.application.port.in.CacheAnalyticsReport;
import dev.taleweaver.application.port.in.InspectCacheAnalytics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /admin/cache/analytics}: behind the admin token like every /admin route, snake_case JSON of the report. */
class CacheAnalyticsRouteTest {
    private static final String TOKEN = "s3cret-admin-token-0123456789";

    static final CacheAnalyticsReport REPORT = new CacheAnalyticsReport(true, 2.5, 4, 1, 120, 50_000,
            List.of(new CacheAnalyticsReport.Family("hero", "id", 100, 90, 60, 30, 10, 10, 2, 3, 1, 40, 36, 4, 4,
                    0.8)),
            List.of(new CacheAnalyticsReport.Entity("hero", new CacheAnalyticsReport.Quantiles(2, 9, 12, 12, 12),
                    CacheAnalyticsReport.Quantiles.NONE, 3, 1, 1 / 3.0,
                    new CacheAnalyticsReport.TtlAdvice("SHORTEN", 3600, 600, 0.9, 0.91, 0.905, 0.2, "why",
                            List.of(new CacheAnalyticsReport.CurvePoint(600, 0.905, 0.2),
                                    new CacheAnalyticsReport.CurvePoint(3600, 0.91, 1.0))))),
            List.of(new CacheAnalyticsReport.HotKey("hero:h1", "hero", 40, 0)));

    private final FakeCache cache = new FakeCache();
    private final List<TestApi> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(TestApi::close);
    }

    @Test
    void withoutTheTokenItIs401() {
        TestApi.Reply reply = api(() -> REPORT).get("/admin/cache/analytics");

        assertProblem(reply, 401, "about:blank");
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void withTheTokenItIsTheReportInSnakeCase() {
        TestApi.Reply reply = get(api(() -> REPORT));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = reply.json();
        assertThat(body.get("enabled").asBoolean()).isTrue();
        assertThat(body.get("tracked_keys_bound").asLong()).isEqualTo(50_000);
        assertThat(body.at("/families/0/redis_hits").asLong()).isEqualTo(30);
        assertThat(body.at("/entities/0/expired_unread_share").asDouble()).isEqualTo(1 / 3.0);
        assertThat(body.at("/entities/0/ttl_advice/advised_ttl_seconds").asLong()).isEqualTo(600);
        assertThat(body.at("/entities/0/ttl_advice/curve/1/relative_memory").asDouble()).isEqualTo(1.0);
        assertThat(body.at("/entities/0/lifetime_seconds/p50").asDouble()).isEqualTo(9.0);
        assertThat(body.at("/hot_keys/0/key").asText()).isEqualTo("hero:h1");
    }

    @Test
    void switchedOffItSaysSo() {
        JsonNode body = get(api(InspectCacheAnalytics.DISABLED)).json();

        assertThat(body.get("enabled").asBoolean()).isFalse();
        assertThat(body.get("entities")).isEmpty();
        assertThat(body.get("hot_keys")).isEmpty();
    }

    private TestApi api(InspectCacheAnalytics analytics) {
        TestApi api = TestApi.builder()
                .routes(new AdminRoutes(new AdminGuard(Optional.of(TOKEN)), cache, cache, analytics)).start();
        started.add(api);
        return api;
    }

    private static TestApi.Reply get(TestApi api) {
        return api.send(HttpRequest.newBuilder(api.uri("/admin/cache/analytics"))
                .header("Authorization", "Bearer " + TOKEN).GET());
    }
}
