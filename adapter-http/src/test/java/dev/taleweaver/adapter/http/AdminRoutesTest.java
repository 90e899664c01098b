package dev.taleweaver.adapter.http;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operators' cache endpoints: bearer-token protected, off without a token, shaped as the docs say. */
class AdminRoutesTest {
    private static final String TOKEN = "s3cret-admin-token-0123456789";

    private final FakeCache cache = new FakeCache();
    private final List<TestApi> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(TestApi::close);
    }

    @Test
    void withoutATokenEveryAdminRequestIs401() {
        TestApi api = admin(Optional.of(TOKEN));
        for (String path : List.of("/admin/cache/stats", "/admin/cache", "/admin/cache/hero", "/admin/unknown")) {
            TestApi.Reply reply = api.get(path);

            assertProblem(reply, 401, "about:blank");
            assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        }
        assertProblem(api.delete("/admin/cache"), 401);
        assertThat(cache.flushes).isEmpty();
    }

    @Test
    void aWrongTokenIs401() {
        TestApi api = admin(Optional.of(TOKEN));
        List<String> wrong = List.of("Bearer nope", "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1),
                "Bearer " + TOKEN.toUpperCase(), "Basic " + TOKEN, TOKEN, "Bearer ", "Bearer" + TOKEN);
        for (String authorization : wrong) {
            TestApi.Reply reply = authorized(api, "/admin/cache/stats", "GET", authorization);

            assertProblem(reply, 401, "about:blank");
            assertThat(reply.header("WWW-Authenticate")).as("for %s", authorization).startsWith("Bearer");
        }
        assertProblem(authorized(api, "/admin/cache", "DELETE", "Bearer nope"), 401);
        assertThat(cache.flushes).isEmpty();
    }

    @Test
    void withNoTokenConfiguredTheAdminEndpointsAreOff() {
        TestApi api = admin(Optional.empty());
        for (String path : List.of("/admin/cache/stats", "/admin/cache/hero", "/admin/anything")) {
            TestApi.Reply reply = authorized(api, path, "GET", "Bearer " + TOKEN);

            JsonNode problem = assertProblem(reply, 404);
            assertThat(problem.get("detail").asText()).contains("admin endpoints are disabled", "ADMIN_TOKEN");
        }
        assertProblem(authorized(api, "/admin/cache", "DELETE", "Bearer " + TOKEN), 404);
        assertThat(cache.flushes).isEmpty();
        assertThat(api.get("/heroes").status()).isEqualTo(200);
    }

    @Test
    void statsAreSnakeCaseJsonOfTheCacheReport() {
        TestApi api = admin(Optional.of(TOKEN));

        TestApi.Reply reply = authorized(api, "/admin/cache/stats", "GET", "Bearer " + TOKEN);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
        JsonNode stats = reply.json();
        assertThat(fieldNames(stats)).containsExactlyInAnyOrder("enabled", "circuit_state", "entities", "server");
        assertThat(stats.get("enabled").asBoolean()).isTrue();
        assertThat(stats.get("circuit_state").asText()).isEqualTo("CLOSED");
        assertThat(fieldNames(stats.get("entities"))).containsExactly("child", "hero", "story");
        JsonNode hero = stats.at("/entities/hero");
        assertThat(fieldNames(hero)).containsExactlyInAnyOrder("since_start", "last_minute", "mean_hit_millis",
                "mean_miss_millis", "latency_saved_per_hit_millis", "key_count");
        assertThat(fieldNames(hero.get("since_start"))).containsExactlyInAnyOrder("hits", "misses", "hit_rate");
        assertThat(hero.at("/since_start/hits").asLong()).isEqualTo(49);
        assertThat(hero.at("/since_start/misses").asLong()).isEqualTo(11);
        assertThat(hero.at("/since_start/hit_rate").asDouble()).isEqualTo(49.0 / 60);
        assertThat(hero.at("/last_minute/hits").asLong()).isEqualTo(36);
        assertThat(hero.at("/last_minute/misses").asLong()).isEqualTo(8);
        assertThat(hero.get("mean_miss_millis").asDouble()).isEqualTo(64.2);
        assertThat(hero.get("latency_saved_per_hit_millis").asDouble()).isEqualTo(64.2 - 1.4);
        assertThat(hero.get("key_count").asLong()).isEqualTo(12);
        assertThat(fieldNames(stats.get("server")))
                .containsExactlyInAnyOrder("used_memory_bytes", "evicted_keys", "pool_in_use", "pool_size",
                        "read_pool_in_use", "read_pool_size");
        assertThat(stats.at("/server/pool_size").asInt()).isEqualTo(24);
        assertThat(stats.at("/server/read_pool_size").asInt()).isEqualTo(64);
        assertThat(stats.at("/server/read_pool_in_use").asInt()).isBetween(10, 16);
    }

    @Test
    void flushingOneTypeReportsItsScopeAndCount() {
        TestApi api = admin(Optional.of(TOKEN));

        TestApi.Reply reply = authorized(api, "/admin/cache/hero", "DELETE", "Bearer " + TOKEN);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("scope").asText()).isEqualTo("hero");
        assertThat(reply.json().get("keys_deleted").asLong()).isEqualTo(12);
        assertThat(fieldNames(reply.json())).containsExactlyInAnyOrder("scope", "keys_deleted");
        assertThat(cache.flushes).containsExactly(Optional.of("hero"));
        // the scheme is case-insensitive (RFC 9110)
        assertThat(authorized(api, "/admin/cache/story", "DELETE", "bearer " + TOKEN).json()
                .get("keys_deleted").asLong()).isEqualTo(30);
    }

    @Test
    void flushingEverythingReportsScopeAll() {
        TestApi api = admin(Optional.of(TOKEN));

        TestApi.Reply reply = authorized(api, "/admin/cache", "DELETE", "Bearer " + TOKEN);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("scope").asText()).isEqualTo("all");
        assertThat(reply.json().get("keys_deleted").asLong()).isEqualTo(12 + 5 + 30);
        assertThat(cache.flushes).containsExactly(Optional.empty());
    }

    @Test
    void anUnknownEntityTypeIs400NamingEntityType() {
        TestApi api = admin(Optional.of(TOKEN));

        TestApi.Reply reply = authorized(api, "/admin/cache/dragons", "DELETE", "Bearer " + TOKEN);

        assertProblem(reply, 400, "entity_type");
        assertThat(cache.flushes).isEmpty();
    }

    @Test
    void flushingWhileTheCacheIsUnreachableIs503() {
        cache.reachable = false;
        TestApi api = admin(Optional.of(TOKEN));

        TestApi.Reply reply = authorized(api, "/admin/cache/child", "DELETE", "Bearer " + TOKEN);

        assertProblem(reply, 503, "https://taleweaver.dev/problems/storage-unavailable");
        assertThat(reply.header("Retry-After")).isNotBlank();
        assertThat(reply.body()).doesNotContain("redis.internal", "connection refused");
    }

    @Test
    void theTokenIsNeverLoggedNorEchoed() {
        String nearMiss = TOKEN.substring(0, TOKEN.length() - 1) + "X";
        try (LogCapture logs = LogCapture.all(Level.DEBUG)) {
            TestApi api = admin(Optional.of(TOKEN));
            List<TestApi.Reply> replies = List.of(
                    authorized(api, "/admin/cache/stats", "GET", "Bearer " + TOKEN),
                    authorized(api, "/admin/cache/stats", "GET", "Bearer " + nearMiss),
                    authorized(api, "/admin/cache", "DELETE", "Bearer " + TOKEN),
                    authorized(api, "/admin/cache/dragons", "DELETE", "Bearer " + TOKEN),
                    authorized(api, "/admin/nothing", "GET", "Basic " + nearMiss));
            cache.reachable = false;
            replies = new ArrayList<>(replies);
            replies.add(authorized(api, "/admin/cache/hero", "DELETE", "Bearer " + TOKEN));

            assertThat(logs.events()).as("the refusal and the 503 were logged").isNotEmpty();
            assertThat(logs.everything()).doesNotContain(TOKEN, nearMiss, TOKEN.substring(0, 12));
            for (TestApi.Reply reply : replies) {
                assertThat(reply.body()).doesNotContain(TOKEN, nearMiss);
                assertThat(reply.response().headers().map().toString()).doesNotContain(TOKEN, nearMiss);
            }
        }
    }

    @Test
    void aBlankTokenIsAConfigurationError() {
        assertThatThrownBy(() -> new AdminRoutes(Optional.of("  "), cache, cache))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    }

    @Test
    void aTokenNoClientCanSendOrThatIsShortIsAConfigurationError() {
        String emoji = "\uD83D\uDE00".repeat(8); // 16 UTF-16 units, accepted before and never matched
        for (String token : List.of(emoji, "0123456789 abcdef", "0123456789abcdé0123", "0123456789abcde",
                "0123456789abcdef\u0000")) {
            assertThatThrownBy(() -> new AdminRoutes(Optional.of(token), cache, cache))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the admin token must be")
                    .message().doesNotContain(token);
        }
        assertThat(AdminGuard.tokenProblem("!~0123456789abcdef")).isEmpty();
    }

    @Test
    void afterTenFailuresFromOneAddressEvenTheRightTokenWaitsForTheWindowToEnd() {
        AtomicLong nanos = new AtomicLong();
        TestApi api = admin(new AdminGuard(Optional.of(TOKEN), nanos::get));
        for (int i = 0; i < AdminGuard.MAX_FAILURES; i++) {
            assertProblem(authorized(api, "/admin/cache/stats", "GET", "Bearer wrong-" + i), 401);
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        }

        TestApi.Reply refused = authorized(api, "/admin/cache", "DELETE", "Bearer " + TOKEN);

        JsonNode problem = assertProblem(refused, 429, "about:blank");
        assertThat(problem.get("detail").asText()).contains("Too many failed admin attempts");
        assertThat(refused.header("Retry-After")).isEqualTo("50"); // the window opened 10 s ago
        assertThat(refused.header("Cache-Control")).isEqualTo("no-store");
        assertThat(cache.flushes).isEmpty();
        assertProblem(api.get("/admin/cache/stats"), 429);

        nanos.addAndGet(AdminGuard.FAILURE_WINDOW.toNanos());
        assertThat(authorized(api, "/admin/cache/stats", "GET", "Bearer " + TOKEN).status()).isEqualTo(200);
    }

    @Test
    void aSuccessStartsTheCountAfresh() {
        TestApi api = admin(new AdminGuard(Optional.of(TOKEN), new AtomicLong()::get));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < AdminGuard.MAX_FAILURES - 1; i++) {
                assertProblem(authorized(api, "/admin/cache/stats", "GET", "Bearer wrong"), 401);
            }
            assertThat(authorized(api, "/admin/cache/stats", "GET", "Bearer " + TOKEN).status()).isEqualTo(200);
        }
    }

    private TestApi admin(Optional<String> token) {
        return admin(new AdminGuard(token));
    }

    private TestApi admin(AdminGuard guard) {
        TestApi api = TestApi.builder().routes(new AdminRoutes(guard, cache, cache)).start();
        started.add(api);
        return api;
    }

    private static TestApi.Reply authorized(TestApi api, String path, String method, String authorization) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Authorization", authorization)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
