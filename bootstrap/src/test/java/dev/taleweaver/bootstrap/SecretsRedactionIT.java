package dev.taleweaver.bootstrap;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import dev.taleweaver.adapter.postgres.PostgresConfig;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.testing.CapturedLog;
import dev.taleweaver.adapter.redis.testing.TestRedis;
import dev.taleweaver.bootstrap.e2e.LiveService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Credentials in DATABASE_URL and REDIS_URL never reach a log line (any logger, any level from DEBUG of the
 * service's own loggers) nor a start-up error, whether the start fails or the service runs and cannot log in.
 */
class SecretsRedactionIT {
    private static final String SECRET = "SECRET-" + UUID.randomUUID();

    @RegisterExtension
    final CapturedLog captured = new CapturedLog();
    private final Logger service = (Logger) LoggerFactory.getLogger("dev.taleweaver");
    private Level serviceLevel;
    private TestRedis redis;

    @BeforeEach
    void capture() {
        serviceLevel = service.getLevel();
        service.setLevel(Level.DEBUG);
        redis = TestRedis.create();
    }

    @AfterEach
    void release() {
        service.setLevel(serviceLevel);
        redis.close();
    }

    @Test
    void aDatabaseThatCannotBeReachedFailsTheStartWithoutShowingThePassword() throws IOException {
        PostgresConfig database = new PostgresConfig("jdbc:postgresql://127.0.0.1:" + closedPort()
                + "/postgres?password=" + SECRET + "&connectTimeout=1", "postgres", SECRET, 2, null);
        RedisConfig cache = withUrl(redis.config(), "redis://taleweaver:" + SECRET + "@127.0.0.1:6379");
        Settings settings = new Settings(database, 0, true, cache, LiveService.defaultTtls());
        assertThat(settings.toString()).doesNotContain(SECRET);

        Throwable failure = catchThrowable(() -> Taleweaver.start(settings, Clock.systemUTC()));

        assertThat(failure).isNotNull().hasMessageContaining("password=***");
        assertThat(ThrowableProxyUtil.asString(new ch.qos.logback.classic.spi.ThrowableProxy(failure)))
                .doesNotContain(SECRET);
        assertNoSecretLogged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://taleweaver:%s@%s", "redis://:%s@%s", "rediss://taleweaver:%s@%s"})
    void aRedisLoginThatFailsIsLoggedWithoutThePassword(String shape) throws Exception {
        URI real = URI.create(redis.config().address());
        String url = String.format(shape, SECRET, real.getHost() + ":" + real.getPort());
        try (TestSchema schema = TestPostgres.createSchema()) {
            Settings settings = new Settings(schema.config(), 0, true, withUrl(redis.config(), url),
                    LiveService.defaultTtls());
            try (Taleweaver running = Taleweaver.start(settings, Clock.systemUTC())) {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + running.port() + "/heroes/" + UUID.randomUUID()))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(404); // served from the database, the cache refused us
                assertThat(answer.body()).doesNotContain(SECRET);
            }
        }
        assertThat(captured.messages()).anySatisfy(m -> assertThat(m).contains("Cache initialization"));
        assertNoSecretLogged();
    }

    private void assertNoSecretLogged() {
        assertThat(captured.events()).isNotEmpty().allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain(SECRET);
            if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(SECRET);
            }
        });
    }

    private static RedisConfig withUrl(RedisConfig config, String url) {
        return new RedisConfig(url, null, config.database(), config.maxConnections(), config.socketTimeout(),
                config.retryAttempts(), config.retryInterval(), config.keyPrefix());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
