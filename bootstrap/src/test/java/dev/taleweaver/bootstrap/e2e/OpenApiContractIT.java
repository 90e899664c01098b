package dev.taleweaver.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taleweaver.bootstrap.contract.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document and the running service describe the same API: the same routes, no more and no less (the
 * response checks of every end-to-end test do the rest, see {@link OpenApiContract}), and the document served is
 * the one checked. Also what runs: /info, readiness and the build-info gauge.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiContractIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private LiveService service;
    private HttpApi api;

    @BeforeAll
    void start() {
        service = LiveService.startWithAdminToken("contract-test-token-0123456789");
        api = service.api();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void everyRouteIsDocumentedAndEveryDocumentedRouteExists() {
        TreeSet<String> undocumented = new TreeSet<>(service.routes());
        undocumented.removeAll(OpenApiContract.get().routes());
        TreeSet<String> missing = new TreeSet<>(OpenApiContract.get().routes());
        missing.removeAll(service.routes());

        assertThat(undocumented).as("routes the service has and the document lacks").isEmpty();
        assertThat(missing).as("operations the document describes and the service lacks").isEmpty();
        assertThat(service.routes()).contains("GET /heroes/{id}", "HEAD /heroes/{id}", "OPTIONS /heroes/{id}",
                "PUT /stories/{id}/rating", "GET /openapi.json", "GET /health/ready");
    }

    @Test
    void theServedDocumentIsTheCheckedOne() throws IOException {
        ApiResponse served = api.get("/openapi.json");
        JsonNode resource;
        try (InputStream in = OpenApiContract.class.getResourceAsStream("/openapi/openapi.json")) {
            resource = JSON.readTree(in);
        }

        assertThat(served.json()).isEqualTo(resource);
        assertThat(served.json().get("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void infoReadinessAndTheBuildInfoGaugeSayWhatRuns() {
        JsonNode info = api.get("/info").json();
        ApiResponse ready = api.get("/health/ready");
        String metrics = api.get("/metrics").body();

        assertThat(info.get("version").asText()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(info.get("git_commit").asText()).matches("[0-9a-f]{7,40}|unknown");
        assertThat(info.get("java_version").asText()).isEqualTo(Runtime.version().toString());
        assertThat(info.get("cache_levels").toString()).isEqualTo("[\"l1\",\"redis\"]");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(metrics).containsPattern("taleweaver_build_info\\{[^}]*version=\"0.1.0-SNAPSHOT\"[^}]*} 1");
    }

    @Test
    void theExecutableJarsManifestCarriesTheVersion() throws IOException {
        Path jar = Path.of("target", "taleweaver.jar"); // built by the package phase, before the integration tests
        assertThat(jar).exists();
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes manifest = file.getManifest().getMainAttributes();
            assertThat(manifest.getValue("Implementation-Version")).isEqualTo("0.1.0-SNAPSHOT");
            assertThat(manifest.getValue("Implementation-Title")).isEqualTo("Taleweaver");
        }
    }

    @Test
    void headAndOptionsAnswerOnTheRealService() {
        String id = api.post("/heroes", Requests.hero("Contract Hero", "en")).json().get("id").asText();

        ApiResponse head = api.send("HEAD", "/heroes/" + id, null, null);
        ApiResponse unknown = api.send("HEAD", "/heroes/00000000-0000-4000-8000-000000000000", null, null);
        ApiResponse options = api.send("OPTIONS", "/heroes/" + id, null, null);

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("ETag")).isEqualTo(api.get("/heroes/" + id).header("ETag"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Allow")).isEqualTo("GET, HEAD, PUT, DELETE, OPTIONS");
    }
}
