package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.application.port.in.BuildInfo;
import dev.taleweaver.application.port.in.ComponentHealth;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HealthRoutesTest {

    @Test
    void healthyIs200WithEveryComponent() {
        try (TestApi api = TestApi.builder()
                .probe("database", ComponentHealth.up(true, "PostgreSQL 16, pool 2/10"))
                .probe("cache", ComponentHealth.up(false, "Redis 7"))
                .start()) {
            TestApi.Reply reply = api.get("/health");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
            JsonNode health = reply.json();
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/database/status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/database/detail").asText()).isEqualTo("PostgreSQL 16, pool 2/10");
            assertThat(health.at("/components/cache/status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void aNonCriticalComponentDownKeepsTheServiceUp() {
        try (TestApi api = TestApi.builder()
                .probe("database", ComponentHealth.up(true, "ok"))
                .probe("cache", ComponentHealth.down(false, "connection refused"))
                .start()) {
            TestApi.Reply reply = api.get("/health");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.json().get("status").asText()).isEqualTo("UP");
            assertThat(reply.json().at("/components/cache/status").asText()).isEqualTo("DOWN");
        }
    }

    @Test
    void aFailingCriticalProbeIs503WithTheSameShape() {
        try (TestApi api = TestApi.builder()
                .probe("database", ComponentHealth.down(true, "connection refused"))
                .probe("cache", ComponentHealth.disabled("REDIS_ENABLED=false"))
                .start()) {
            TestApi.Reply reply = api.get("/health");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.contentType()).startsWith("application/json");
            JsonNode health = reply.json();
            assertThat(health.get("status").asText()).isEqualTo("DOWN");
            assertThat(health.at("/components/database/status").asText()).isEqualTo("DOWN");
            assertThat(health.at("/components/database/detail").asText()).isEqualTo("connection refused");
            assertThat(health.at("/components/cache/status").asText()).isEqualTo("DISABLED");
        }
    }

    @Test
    void liveIsUpWithoutAskingAnyDependency() {
        try (TestApi api = TestApi.builder()
                .probe("database", ComponentHealth.down(true, "connection refused"))
                .start()) {
            TestApi.Reply reply = api.get("/health/live");

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
            assertThat(reply.json().toString()).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void readyFollowsTheCriticalComponents() {
        try (TestApi up = TestApi.builder().probe("database", ComponentHealth.up(true, "ok"))
                .probe("cache", ComponentHealth.down(false, "connection refused")).start();
             TestApi down = TestApi.builder().probe("database", ComponentHealth.down(true, "schema at 1")).start()) {
            TestApi.Reply ready = up.get("/health/ready");
            TestApi.Reply notReady = down.get("/health/ready");

            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.header("Cache-Control")).isEqualTo("no-store");
            assertThat(ready.json().toString()).isEqualTo("{\"status\":\"UP\"}");
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.json().toString()).isEqualTo("{\"status\":\"DOWN\"}");
        }
    }

    @Test
    void infoSaysWhatRuns() {
        BuildInfo build = new BuildInfo("1.2.3", "abc1234", "2026-01-01T00:00:00Z", "17.0.1", List.of("l1", "redis"));
        try (TestApi api = TestApi.builder().routes(new InfoRoutes(build)).start()) {
            JsonNode info = api.get("/info").json();

            assertThat(info.toString()).isEqualTo("{\"version\":\"1.2.3\",\"git_commit\":\"abc1234\","
                    + "\"build_time\":\"2026-01-01T00:00:00Z\",\"java_version\":\"17.0.1\","
                    + "\"cache_levels\":[\"l1\",\"redis\"]}");
        }
    }
}
