package dev.taleweaver.adapter.redis;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.taleweaver.adapter.redis.testing.CapturedLog;
import dev.taleweaver.adapter.redis.testing.TestPki;
import dev.taleweaver.adapter.redis.testing.TlsRedisServer;
import dev.taleweaver.application.port.out.CacheStoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code rediss://} against a real TLS redis-server whose certificate a CA made by this test signed: trusted through
 * {@code REDIS_TLS_CA_FILE} (for the Redis client alone), refused when the CA is another or the certificate names
 * another host, and a refused handshake is logged as one summary line, not as a stack trace per attempt.
 */
class RedisTlsIT {
    private static TestPki ca;
    private static TestPki otherCa;
    private static TlsRedisServer server;
    private static TlsRedisServer misnamed;

    @RegisterExtension
    final CapturedLog logs = new CapturedLog();

    @BeforeAll
    static void startTlsServers() {
        ca = TestPki.newCa("Taleweaver Test CA");
        otherCa = TestPki.newCa("Someone Else CA");
        server = TlsRedisServer.start(ca, "redis", "ip:127.0.0.1,dns:localhost");
        misnamed = TlsRedisServer.start(ca, "elsewhere", "dns:elsewhere.example");
    }

    @AfterAll
    static void stopTlsServers() {
        if (server != null) {
            server.close();
        }
        if (misnamed != null) {
            misnamed.close();
        }
    }

    @Test
    void withTheCaFileTheCacheStoreWorksOverTlsByAddressAndByName() {
        for (String url : List.of(server.url(), "rediss://localhost:" + server.port())) {
            RedisConfig config = config(url, ca.caPem());
            RedissonClient client = RedisClientFactory.create(config);
            try {
                RedissonCacheStore store = new RedissonCacheStore(client, config);
                store.set("hero:tls", "{\"over\":\"tls\"}", Duration.ofMinutes(1));

                assertThat(store.get("hero:tls")).contains("{\"over\":\"tls\"}");
                assertThat(store.healthCheck()).isTrue();
            } finally {
                client.shutdown();
            }
        }
        assertThat(System.getProperty("javax.net.ssl.trustStore")).as("no JVM-wide trust change").isNull();
    }

    @Test
    void anotherCaIsRefusedAndLoggedAsOneSummaryLine() {
        assertRefused(config(server.url(), otherCa.caPem()), "127.0.0.1:" + server.port());
    }

    @Test
    void withoutTheCaFileTheJvmDefaultTrustRefusesThePrivateCa() {
        assertRefused(RedisConfig.of(server.url()).withKeyPrefix("tls:").withTimeouts(Duration.ofSeconds(2), 0,
                Duration.ZERO), "127.0.0.1:" + server.port());
    }

    @Test
    void aCertificateForAnotherHostIsRefused() {
        assertRefused(config(misnamed.url(), ca.caPem()), "127.0.0.1:" + misnamed.port());
    }

    private void assertRefused(RedisConfig config, String hostAndPort) {
        RedissonClient client = RedisClientFactory.create(config);
        try {
            RedissonCacheStore store = new RedissonCacheStore(client, config);
            for (int attempt = 0; attempt < 5; attempt++) {
                Throwable failure = catchThrowable(() -> store.get("hero:tls"));
                assertThat(failure).isInstanceOf(CacheStoreException.class);
                assertThat(((CacheStoreException) failure).kind()).isEqualTo(CacheStoreException.Kind.CONNECTION);
            }
            assertThat(store.healthCheck()).isFalse();
        } finally {
            client.shutdown();
        }
        List<ILoggingEvent> events = logs.events();
        assertThat(events).as("stack traces of the failed handshakes")
                .noneMatch(e -> e.getThrowableProxy() != null);
        List<String> summaries = events.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("TLS handshake with redis " + hostAndPort + " failed: ")).toList();
        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0)).endsWith("; retrying");
    }

    private static RedisConfig config(String url, Path caFile) {
        return RedisConfig.of(url).withKeyPrefix("tls:").withTimeouts(Duration.ofSeconds(2), 0, Duration.ZERO)
                .withTlsTrust(RedisTrust.fromPemFile(caFile));
    }
}
