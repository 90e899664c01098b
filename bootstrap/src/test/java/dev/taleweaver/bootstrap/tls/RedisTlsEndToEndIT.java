package dev.taleweaver.bootstrap.tls;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedisTrust;
import dev.taleweaver.adapter.redis.testing.CapturedLog;
import dev.taleweaver.adapter.redis.testing.TestPki;
import dev.taleweaver.adapter.redis.testing.TlsRedisServer;
import dev.taleweaver.bootstrap.Settings;
import dev.taleweaver.bootstrap.Taleweaver;
import dev.taleweaver.bootstrap.e2e.ApiResponse;
import dev.taleweaver.bootstrap.e2e.HttpApi;
import dev.taleweaver.bootstrap.e2e.LiveService;
import dev.taleweaver.bootstrap.e2e.Requests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service against a real TLS redis-server whose certificate a CA made by this test signed: with
 * REDIS_TLS_CA_FILE naming that CA it caches over TLS; with another CA every handshake fails, every request is
 * still answered from the database, and the log holds one summary line instead of a stack trace per attempt (and
 * the circuit breaker's usual one report of its opening).
 */
class RedisTlsEndToEndIT {
    private static TestPki ca;
    private static TestPki otherCa;
    private static TlsRedisServer server;
    private static TestSchema schema;

    @RegisterExtension
    final CapturedLog logs = new CapturedLog();

    @BeforeAll
    static void start() {
        ca = TestPki.newCa("Taleweaver E2E CA");
        otherCa = TestPki.newCa("Unrelated CA");
        server = TlsRedisServer.start(ca, "redis", "ip:127.0.0.1,dns:localhost");
        schema = TestPostgres.createSchema();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void withTheCaFileTheServiceCachesOverTls() {
        RedisConfig redis = redis(ca.caPem());
        try (Taleweaver service = Taleweaver.start(settings(redis), Clock.systemUTC())) {
            String id = createAndReadHero(HttpApi.onLocalPort(service.port()));

            RedissonClient client = RedisClientFactory.create(redis);
            try {
                assertThat(client.getKeys().getKeysStreamByPattern("*hero:" + id + "*").toList())
                        .as("the hero was cached in the TLS Redis").isNotEmpty();
            } finally {
                client.shutdown();
            }
        }
        assertThat(logs.messages()).noneMatch(m -> m.startsWith("TLS handshake"));
    }

    @Test
    void withAnotherCaRequestsAreServedFromTheDatabaseAndTheLogHasOneLine() {
        try (Taleweaver service = Taleweaver.start(settings(redis(otherCa.caPem())), Clock.systemUTC())) {
            HttpApi api = HttpApi.onLocalPort(service.port());
            for (int i = 0; i < 5; i++) {
                createAndReadHero(api);
            }
        }
        List<ILoggingEvent> events = logs.events();
        // the breaker reports its opening once, with the cause, as it does for any outage; nothing else has a trace
        assertThat(events).filteredOn(e -> e.getThrowableProxy() != null).as("stack traces")
                .allMatch(e -> e.getLoggerName().endsWith(".CircuitBreakingCacheStore")
                        && e.getFormattedMessage().startsWith("Cache circuit OPEN"))
                .hasSizeLessThanOrEqualTo(1);
        assertThat(logs.messages()).filteredOn(m -> m.startsWith("TLS handshake with redis 127.0.0.1:" + server.port()
                + " failed: ")).hasSize(1).first().asString().endsWith("; retrying");
    }

    private static String createAndReadHero(HttpApi api) {
        ApiResponse created = api.post("/heroes", Requests.hero("Captain " + UUID.randomUUID(), "en"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.json().get("id").asText();
        for (int read = 0; read < 2; read++) {
            ApiResponse got = api.get("/heroes/" + id);
            assertThat(got.status()).as("%s", got).isEqualTo(200);
        }
        return id;
    }

    private static RedisConfig redis(Path caFile) {
        return RedisConfig.of(server.url()).withKeyPrefix("tls-e2e-" + UUID.randomUUID().toString().substring(0, 8))
                .withTimeouts(Duration.ofSeconds(2), 0, Duration.ZERO).withTlsTrust(RedisTrust.fromPemFile(caFile));
    }

    private static Settings settings(RedisConfig redis) {
        return new Settings(schema.config(), 0, true, redis, LiveService.defaultTtls());
    }
}
