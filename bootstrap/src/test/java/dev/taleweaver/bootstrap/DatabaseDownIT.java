package dev.taleweaver.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taleweaver.adapter.postgres.PostgresConfig;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.application.port.in.StorageUnavailableException;
import dev.taleweaver.bootstrap.e2e.ApiResponse;
import dev.taleweaver.bootstrap.e2e.Eventually;
import dev.taleweaver.bootstrap.e2e.HttpApi;
import dev.taleweaver.bootstrap.e2e.LiveService;
import dev.taleweaver.bootstrap.e2e.Problems;
import dev.taleweaver.bootstrap.e2e.Requests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PostgreSQL unreachable. Start-up refuses to run without its schema, and cleans up after itself; a service
 * whose database goes away afterwards (here: built without migrating) answers 503 quickly instead of hanging,
 * reports the database DOWN and the cache separately, and still judges request bodies.
 *
 * <p>Sits in {@code dev.taleweaver.bootstrap} because it needs the package-private Dagger component.
 */
class DatabaseDownIT {
    /** The README promises 503 "answered quickly": the pool waits 3 s for a connection, then gives up. */
    private static final Duration PROMPT_ANSWER = Duration.ofSeconds(6);

    private TestRedis redis;
    private PostgresConfig unreachable;

    @BeforeEach
    void setUp() {
        redis = TestRedis.create();
        unreachable = TestPostgres.unreachableConfig();
    }

    @AfterEach
    void tearDown() {
        redis.close();
    }

    @Test
    void startRefusesWithAClearMessageAndLeavesNoThreadOrPortBehind() throws IOException {
        int port = freePort();
        Settings settings = new Settings(unreachable, port, true, redis.config(), LiveService.defaultTtls());
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        assertThatThrownBy(() -> Taleweaver.start(settings, Clock.systemUTC()))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("migrate")
                .hasMessageContaining("unreachable")
                .hasMessageContaining(unreachable.jdbcUrl())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(unreachable.password()));

        Eventually.await(Duration.ofSeconds(20), () -> {
            Set<String> left = threadsStartedSince(before);
            return left.isEmpty() ? null : "threads left behind by the failed start: " + left;
        });
        assertThat(listening(port)).as("something listens on port %d", port).isFalse();
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aServiceWhoseDatabaseIsDownAnswers503QuicklyAndStillValidates() {
        Settings settings = new Settings(unreachable, 0, true, redis.config(), LiveService.defaultTtls());
        TaleweaverComponent component = DaggerTaleweaverComponent.factory().create(settings, Clock.systemUTC());
        try {
            HttpApi api = HttpApi.onLocalPort(component.httpServer().start(), PROMPT_ANSWER);

            ApiResponse list = api.get("/heroes");
            Problems.assertProblem(list, 503);
            assertThat(list.header("Retry-After")).as("%s", list).isNotBlank();
            assertThat(Integer.parseInt(list.header("Retry-After"))).isPositive();

            ApiResponse health = api.get("/health");
            assertThat(health.status()).as("%s", health).isEqualTo(503);
            JsonNode report = health.json();
            assertThat(report.path("status").asText()).isEqualTo("DOWN");
            assertThat(report.path("components").path("database").path("status").asText()).isEqualTo("DOWN");
            assertThat(report.path("components").path("cache").path("status").asText()).isEqualTo("UP");

            Problems.assertProblem(api.post("/heroes", Requests.hero("Captain Wonder", "en")), 503);
            Problems.assertInvalidFields(api.post("/heroes", Requests.README_INVALID_HERO),
                    "gender", "language", "name", "age");
            Problems.assertNothingLeaks(api.answers());
        } finally {
            component.httpServer().stop();
            component.cache().close();
            component.database().close();
        }
    }

    /** Live threads that were not there {@code before}, except the JVM's and the test harness's own. */
    private static Set<String> threadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t) && !jvmWide(t))
                .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : ""))
                .collect(Collectors.toSet());
    }

    /** Threads that belong to the JVM or to the test harness, not to the service. */
    private static boolean jvmWide(Thread thread) {
        String name = thread.getName();
        return name.startsWith("ForkJoinPool.commonPool") || name.equals("Attach Listener")
                || name.startsWith("HttpClient-") || name.equals("process reaper")
                || name.startsWith("surefire-") || name.equals("Common-Cleaner");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
