package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.TestPki;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.X509TrustManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** REDIS_TLS_CA_FILE: what makes a usable CA file, and what stops start-up with a message naming the setting. */
class RedisTrustTest {
    private static TestPki first;
    private static TestPki second;

    @TempDir
    Path directory;

    @BeforeAll
    static void makeCas() {
        first = TestPki.newCa("First CA");
        second = TestPki.newCa("Second CA");
    }

    @Test
    void aPemFileWithSeveralCasTrustsEachOfThem() throws Exception {
        Path bundle = directory.resolve("bundle.pem");
        Files.writeString(bundle, "# a comment line before the first block\n" + Files.readString(first.caPem())
                + Files.readString(second.caPem()));

        RedisTrust trust = RedisTrust.fromPemFile(bundle);

        assertThat(trust.certificates()).hasSize(2);
        X509TrustManager manager = (X509TrustManager) trust.trustManagerFactory().getTrustManagers()[0];
        assertThat(manager.getAcceptedIssuers()).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactlyInAnyOrder("CN=First CA", "CN=Second CA");
        assertThat(trust.toString()).contains("bundle.pem", "2 CA certificate(s)", "CN=First CA");
    }

    @Test
    void aMissingUnreadableOrForeignFileIsRefusedNamingTheSetting() throws Exception {
        Path der = directory.resolve("ca.der");
        Files.write(der, new byte[] {0x30, (byte) 0x82, 0x01, 0x0a, 0x02});
        Path broken = directory.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        Path key = directory.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        for (Path file : new Path[] {directory.resolve("missing.pem"), directory, der, broken, key}) {
            assertThatThrownBy(() -> RedisTrust.fromPemFile(file))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("REDIS_TLS_CA_FILE (" + file + ") ");
        }
    }

    @Test
    void aCaFileWithAPlainRedisUrlIsRefused() {
        RedisTrust trust = RedisTrust.fromPemFile(first.caPem());
        assertThatThrownBy(() -> RedisConfig.of("redis://cache.internal:6379").withTlsTrust(trust))
                .hasMessageContaining("REDIS_TLS_CA_FILE is set but REDIS_URL is not rediss://");
        RedisConfig tls = RedisConfig.of("rediss://cache.internal:6380").withTlsTrust(trust);
        assertThat(tls.withKeyPrefix("tw").withTimeouts(Duration.ofSeconds(1), 0, Duration.ZERO).withPassword("pw")
                .withMaxConnections(3).tlsTrust()).as("kept by every with-method").isEqualTo(trust);
        assertThat(RedisClientFactory.redissonConfig(tls).getSslTrustManagerFactory()).isNotNull();
    }
}
