package dev.taleweaver.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REDIS_ENABLED=false: the service runs straight from PostgreSQL. Everything still works, health says the cache is
 * DISABLED without calling the service unhealthy, and not one key is written under the deployment's prefix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheDisabledIT {
    private LiveService service;
    private HttpApi api;

    @BeforeAll
    void start() {
        service = LiveService.start(false);
        api = service.api();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void emptyDatabase() {
        service.reset();
    }

    @AfterEach
    void nothingWasWrittenToRedis() {
        assertThat(service.redis().keys()).as("keys under %s", service.redis().keyPrefix()).isEmpty();
        Problems.assertNothingLeaks(api.answers());
    }

    @ParameterizedTest
    @EnumSource(Resource.class)
    void everyCrudOperationWorks(Resource resource) {
        CrudRoundTrip.run(api, resource);
    }

    @Test
    void storiesOfAChildAndRatingsWorkAndShowRenames() {
        String hero = Resource.HEROES.create(api, "Captain Wonder", "en");
        String child = Resource.CHILDREN.create(api, "Mia", "en");
        ApiResponse created = api.post("/stories", Requests.story("The Moon Map", child, hero, "en"));
        assertThat(created.status()).isEqualTo(201);
        String story = created.json().get("id").asText();
        assertThat(api.get("/stories?child_id=" + child).ids()).containsExactly(story);

        assertThat(api.put("/stories/" + story + "/rating", "{\"rating\": 5}").json().get("rating").asInt())
                .isEqualTo(5);
        assertThat(api.put("/children/" + child, Requests.child("Amelia", "en")).status()).isEqualTo(200);

        JsonNode read = api.get("/stories/" + story).json();
        assertThat(read.get("rating").asInt()).isEqualTo(5);
        assertThat(read.get("child_name").asText()).isEqualTo("Amelia");
        Problems.assertProblem(api.delete("/children/" + child), 409);
    }

    @Test
    void healthReportsTheCacheDisabledAndTheServiceHealthy() {
        ApiResponse health = api.get("/health");

        assertThat(health.status()).as("%s", health).isEqualTo(200);
        JsonNode report = health.json();
        assertThat(report.path("status").asText()).isEqualTo("UP");
        assertThat(report.path("components").path("database").path("status").asText()).isEqualTo("UP");
        assertThat(report.path("components").path("cache").path("status").asText()).isEqualTo("DISABLED");
    }
}
