package dev.taleweaver.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real entry point in a JVM of its own, configured only through environment variables as the README's
 * configuration table says: bad settings stop it with exit code 2 and a message (never a stack trace, never a
 * secret); good settings serve, SIGTERM stops it gracefully; LOG_FORMAT=json logs JSON.
 */
class MainProcessIT {
    private static final Duration STARTS_WITHIN = Duration.ofSeconds(40);
    private static final Duration REFUSES_WITHIN = Duration.ofSeconds(10);
    private static final Duration STOPS_WITHIN = Duration.ofSeconds(15);
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(");

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void badSettingsStopStartUpWithExitCode2NamingEachVariableAndWhatIsAllowed() {
        ServiceProcess main = started(Map.of("HTTP_PORT", "abc", "REDIS_ENABLED", "maybe"));

        assertThat(main.exitsWithin(REFUSES_WITHIN)).as("exited; %s", main.output()).isTrue();
        assertThat(main.exitCode()).as(main.output()).isEqualTo(2);
        assertThat(main.stderr())
                .contains("HTTP_PORT").contains("1 to 65535").contains("abc")
                .contains("REDIS_ENABLED").contains("true or false").contains("maybe");
        assertNoStackTrace(main);
    }

    @Test
    void aRefusedConfigurationNeverPrintsItsSecrets() {
        ServiceProcess main = started(Map.of(
                "DATABASE_PASSWORD", "hunter2",
                "REDIS_PASSWORD", "hunter2",
                "DATABASE_MAX_POOL_SIZE", "lots"));

        assertThat(main.exitsWithin(REFUSES_WITHIN)).as("exited; %s", main.output()).isTrue();
        assertThat(main.exitCode()).as(main.output()).isEqualTo(2);
        assertThat(main.stderr()).contains("DATABASE_MAX_POOL_SIZE").contains("1 to 200");
        assertThat(main.stdout() + main.stderr()).doesNotContain("hunter2");
        assertNoStackTrace(main);
    }

    @Test
    void anUnreachableDatabaseStopsStartUpWithExitCode1AndNoSecret() {
        ServiceProcess main = started(Map.of(
                "DATABASE_URL", TestPostgres.unreachableConfig().jdbcUrl(),
                "DATABASE_PASSWORD", "hunter2",
                "REDIS_ENABLED", "false"));

        assertThat(main.exitsWithin(STOPS_WITHIN)).as("exited; %s", main.output()).isTrue();
        assertThat(main.exitCode()).as(main.output()).isEqualTo(1);
        assertThat(main.stdout()).contains("could not start").contains("unreachable");
        assertThat(main.stdout() + main.stderr()).doesNotContain("hunter2");
        assertNoStackTrace(main);
    }

    @Test
    void servesOnAGoodEnvironmentAndStopsGracefullyOnSigterm() throws IOException {
        TestSchema schema = own(TestPostgres.createSchema());
        TestRedis redis = own(TestRedis.create());
        int port = freePort();
        ServiceProcess main = started(goodEnvironment(schema, redis, port));
        HttpApi api = awaitHealthy(main, port);
        assertThat(tablesIn(schema)).as("migrated into the schema of DATABASE_URL's currentSchema")
                .contains("flyway_schema_history", "heroes", "children", "stories");
        assertThat(api.post("/heroes", Requests.hero("Before the signal", "en")).status()).isEqualTo(201);

        String inFlight;
        try (HeldRequest request = HeldRequest.open(port, "POST", "/heroes",
                Requests.hero("In flight at SIGTERM", "en"), STOPS_WITHIN)) {
            main.terminate();
            inFlight = request.finish();
        }

        assertThat(HeldRequest.status(inFlight)).as("the request in flight at SIGTERM: %s", inFlight)
                .isEqualTo(201);
        assertThat(main.exitsWithin(STOPS_WITHIN)).as("stopped; %s", main.output()).isTrue();
        assertThat(main.stdout()).as(main.output()).contains("Taleweaver stopped");
        assertThat(heroNamesIn(schema)).containsExactlyInAnyOrder("Before the signal", "In flight at SIGTERM");
        assertThat(redis.keys()).as("the cache wrote under CACHE_KEY_PREFIX").isNotEmpty();
        assertNoStackTrace(main);
    }

    @Test
    void theHttpLimitsComeFromTheEnvironment() throws Exception {
        int port = freePort();
        ServiceProcess main = startedWith(port, Map.of("HTTP_HEADER_TIMEOUT", "1"));
        HttpApi api = awaitHealthy(main, port);
        assertThat(api.get("/health/live").status()).isEqualTo(200);

        try (Socket trickler = new Socket("127.0.0.1", port)) {
            trickler.setSoTimeout(250);
            OutputStream out = trickler.getOutputStream();
            out.write("GET /heroes HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos(); // the default (10 s) would not do
            boolean cut = false;
            while (!cut && System.nanoTime() < deadline) {
                try {
                    out.write('a');
                    cut = trickler.getInputStream().read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    // one more byte
                } catch (IOException closed) {
                    cut = true;
                }
            }
            assertThat(cut).as("headers trickling past HTTP_HEADER_TIMEOUT=1 are cut").isTrue();
        }
        main.terminate();
        assertThat(main.exitsWithin(STOPS_WITHIN)).as("stopped; %s", main.output()).isTrue();
        assertNoStackTrace(main);
    }

    @Test
    void httpAccessLogFalseTurnsTheAccessLinesOff() throws IOException {
        int port = freePort();
        ServiceProcess main = startedWith(port, Map.of("LOG_FORMAT", "json", "HTTP_ACCESS_LOG", "false"));
        awaitHealthy(main, port);
        main.terminate();
        assertThat(main.exitsWithin(STOPS_WITHIN)).as("stopped; %s", main.output()).isTrue();

        ObjectMapper mapper = new ObjectMapper();
        for (String line : main.stdoutLines()) {
            assertThat(mapper.readTree(line).path("log.logger").asText()).isNotEqualTo("dev.taleweaver.access");
        }
    }

    @Test
    void logFormatJsonWritesOneJsonObjectPerLine() throws IOException {
        int port = freePort();
        ServiceProcess main = startedWith(port, Map.of("LOG_FORMAT", "json"));
        awaitHealthy(main, port);
        main.terminate();
        assertThat(main.exitsWithin(STOPS_WITHIN)).as("stopped; %s", main.output()).isTrue();

        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : main.stdoutLines()) {
            JsonNode parsed = mapper.readTree(line);
            assertThat(parsed.isObject()).as("a JSON object: %s", line).isTrue();
            lines.add(parsed);
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.hasNonNull("log.level")).as("ECS: %s", line).isTrue();
            assertThat(line.hasNonNull("@timestamp")).as("ECS: %s", line).isTrue();
        });
        // HTTP_ACCESS_LOG defaults to true with json: the health checks above have their access lines
        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("log.logger").asText()).isEqualTo("dev.taleweaver.access");
            assertThat(line.path("url.path").asText()).isEqualTo("/health");
            assertThat(line.path("http.response.status_code").asText()).isEqualTo("200");
            assertThat(line.path("http.request.id").asText()).isNotEmpty();
        });
        assertThat(lines).anySatisfy(line -> assertThat(line.path("message").asText()).contains("listening"));
        assertThat(lines).anySatisfy(line ->
                assertThat(line.path("message").asText()).isEqualTo("Taleweaver stopped"));
    }

    /** Main on a good environment (its own schema, Redis prefix and {@code port}) plus {@code extra}. */
    private ServiceProcess startedWith(int port, Map<String, String> extra) {
        TestSchema schema = own(TestPostgres.createSchema());
        TestRedis redis = own(TestRedis.create());
        Map<String, String> environment = new HashMap<>(goodEnvironment(schema, redis, port));
        environment.putAll(extra);
        return started(environment);
    }

    /** What an operator sets: the test's own schema (via currentSchema), Redis prefix and a free port. */
    private static Map<String, String> goodEnvironment(TestSchema schema, TestRedis redis, int port) {
        TestPostgres.Server server = schema.server();
        String url = server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema.name();
        Map<String, String> environment = new HashMap<>();
        environment.put("DATABASE_URL", url);
        environment.put("DATABASE_USER", server.user());
        if (server.password() != null) {
            environment.put("DATABASE_PASSWORD", server.password());
        }
        environment.put("DATABASE_MAX_POOL_SIZE", "3");
        environment.put("HTTP_PORT", Integer.toString(port));
        environment.put("REDIS_URL", redis.url());
        environment.put("CACHE_KEY_PREFIX", redis.keyPrefix());
        return environment;
    }

    /** Until Main answers /health with 200 on {@code port}; fails at once if it ended. */
    static HttpApi awaitHealthy(ServiceProcess main, int port) {
        HttpApi api = HttpApi.onLocalPort(port, Duration.ofSeconds(5));
        Eventually.await(STARTS_WITHIN, () -> {
            if (!main.isAlive()) {
                throw new AssertionError("Main ended before serving: " + main.output());
            }
            try {
                ApiResponse health = api.get("/health");
                return health.status() == 200 ? null : "not healthy yet: " + health;
            } catch (UncheckedIOException notListeningYet) {
                return "not listening yet on port " + port;
            }
        });
        return api;
    }

    private static void assertNoStackTrace(ServiceProcess main) {
        String everything = main.stdout() + main.stderr();
        assertThat(STACK_FRAME.matcher(everything).find()).as("a stack trace in %s", main.output()).isFalse();
        assertThat(everything).as(main.output()).doesNotContain("Exception");
    }

    private ServiceProcess started(Map<String, String> environment) {
        return own(ServiceProcess.start(environment));
    }

    private <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    private static List<String> tablesIn(TestSchema schema) {
        return strings(schema, "SELECT table_name FROM information_schema.tables WHERE table_schema = ?",
                schema.name());
    }

    private static List<String> heroNamesIn(TestSchema schema) {
        return strings(schema, "SELECT name FROM " + schema.name() + ".heroes", null);
    }

    private static List<String> strings(TestSchema schema, String sql, String parameter) {
        try (Connection connection = schema.server().connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
