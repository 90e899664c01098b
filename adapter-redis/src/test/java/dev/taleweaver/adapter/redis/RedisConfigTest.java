package dev.taleweaver.adapter.redis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.SingleServerConfig;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisConfigTest {

    private static RedisConfig config(String url, String password, int database, int maxConnections,
                                      Duration socketTimeout, int retryAttempts, Duration retryInterval,
                                      String keyPrefix) {
        return new RedisConfig(url, password, database, maxConnections, socketTimeout, retryAttempts, retryInterval,
                keyPrefix);
    }

    private static RedisConfig valid() {
        return RedisConfig.of("redis://localhost:6379/0");
    }

    @Test
    void specDefaultsAreValid() {
        RedisConfig c = valid();

        assertThat(c.address()).isEqualTo("redis://localhost:6379");
        assertThat(c.database()).isZero();
        assertThat(c.maxConnections()).isEqualTo(10);
        assertThat(c.socketTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.password()).isNull();
        assertThat(c.keyPrefix()).isEmpty();
        assertThat(c.tls()).isFalse();
    }

    @Test
    void portDefaultsTo6379AndDatabaseMayBeOmitted() {
        RedisConfig c = RedisConfig.of("redis://cache.internal");

        assertThat(c.address()).isEqualTo("redis://cache.internal:6379");
        assertThat(c.redactedUrl()).isEqualTo("redis://cache.internal:6379/0");
    }

    @Test
    void ipv6HostsKeepTheirBrackets() {
        assertThat(RedisConfig.of("redis://[::1]:6380").address()).isEqualTo("redis://[::1]:6380");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:6379", "tcp://localhost:6379", "localhost:6379", "unix:///tmp/r.sock"})
    void rejectsOtherSchemesNamingTheSetting(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> RedisConfig.of(url))
                .withMessageContaining("REDIS_URL")
                .withMessageContaining("redis://")
                .withMessageContaining("rediss://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "redis://", "redis://host:6379/abc", "redis://host:6379/16",
            "redis://host:6379/0?timeout=3", "redis://host:port", "redis://ho st:6379"})
    void rejectsMalformedUrls(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> config(url, null, 0, 10, Duration.ofSeconds(5), 1,
                Duration.ZERO, "")).withMessageContaining("REDIS_URL");
    }

    @Test
    void rejectsAMissingUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> RedisConfig.of(null))
                .withMessageContaining("REDIS_URL is required");
    }

    @Test
    void acceptsTlsAndBuildsARedissonConfigThatConnectsWithTls() {
        RedisConfig c = config("rediss://cache.example.com:6380/2", "s3cret", 2, 7, Duration.ofMillis(1500), 4,
                Duration.ofMillis(250), "taleweaver:prod:");

        Config redisson = RedisClientFactory.redissonConfig(c);
        SingleServerConfig server = redisson.useSingleServer();

        assertThat(c.tls()).isTrue();
        assertThat(server.getAddress()).isEqualTo("rediss://cache.example.com:6380");
        assertThat(server.getDatabase()).isEqualTo(2);
        assertThat(redisson.getPassword()).isEqualTo("s3cret");
        assertThat(server.getConnectionPoolSize()).isEqualTo(7);
        assertThat(server.getConnectionMinimumIdleSize()).isEqualTo(2);
        assertThat(server.getTimeout()).isEqualTo(1500);
        assertThat(server.getConnectTimeout()).isEqualTo(1500);
        assertThat(server.getRetryAttempts()).isEqualTo(4);
        assertThat(server.getRetryDelay().calcDelay(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(redisson.isLazyInitialization()).as("client creation must not need Redis").isTrue();
        assertThat(redisson.getCodec()).isSameAs(StringCodec.INSTANCE);
    }

    @Test
    void aPoolOfOneKeepsOneIdleConnection() {
        Config redisson = RedisClientFactory.redissonConfig(valid().withMaxConnections(1));

        assertThat(redisson.useSingleServer().getConnectionMinimumIdleSize()).isEqualTo(1);
    }

    @Test
    void credentialsInTheUrlReachRedissonButNotTheAddress() {
        RedisConfig c = RedisConfig.of("redis://app:url-secret@cache:6379/1");
        Config redisson = RedisClientFactory.redissonConfig(c);

        assertThat(redisson.useSingleServer().getAddress()).isEqualTo("redis://cache:6379");
        assertThat(redisson.getUsername()).isEqualTo("app");
        assertThat(redisson.getPassword()).isEqualTo("url-secret");
        assertThat(c.database()).isEqualTo(1);
    }

    @Test
    void toStringAndRedactedUrlNeverShowAPassword() {
        RedisConfig explicit = valid().withPassword("hunter2-explicit");
        RedisConfig inUrl = RedisConfig.of("rediss://user:hunter2-in-url@cache:6380/0");

        assertThat(explicit.toString()).doesNotContain("hunter2").contains("password=****");
        assertThat(inUrl.toString()).doesNotContain("hunter2").doesNotContain("user:");
        assertThat(inUrl.redactedUrl()).isEqualTo("rediss://cache:6380/0");
        assertThat(valid().toString()).contains("password=none");
    }

    @Test
    void aBlankPasswordMeansNone() {
        assertThat(valid().withPassword("  ").password()).isNull();
    }

    @Test
    void conflictingPasswordsAreRejectedWithoutShowingThem() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RedisConfig.of("redis://:first-secret@cache:6379").withPassword("other-secret"))
                .withMessageContaining("REDIS_URL").withMessageContaining("REDIS_PASSWORD")
                .withMessageNotContaining("first-secret").withMessageNotContaining("other-secret");
    }

    @Test
    void theUrlDatabaseAndRedisDbMustAgree() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config("redis://cache:6379/3", null, 0, 10, Duration.ofSeconds(5), 1,
                        Duration.ZERO, ""))
                .withMessageContaining("REDIS_URL selects database 3 but REDIS_DB is 0");
        assertThat(config("redis://cache:6379/3", null, 3, 10, Duration.ofSeconds(5), 1, Duration.ZERO, "")
                .database()).isEqualTo(3);
        assertThat(config("redis://cache:6379", null, 5, 10, Duration.ofSeconds(5), 1, Duration.ZERO, "")
                .redactedUrl()).isEqualTo("redis://cache:6379/5");
    }

    @Test
    void bootstrapCanDefaultRedisDbToTheUrlsDatabase() {
        assertThat(RedisConfig.databaseInUrl("redis://cache:6379/7")).hasValue(7);
        assertThat(RedisConfig.databaseInUrl("redis://cache:6379")).isEmpty();
        assertThat(RedisConfig.databaseInUrl("http://cache")).isEmpty();
        assertThat(RedisConfig.of("redis://cache:6379/7").database()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 16, 100})
    void databaseMustBeBetween0And15(int database) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config("redis://cache", null, database, 10, Duration.ofSeconds(5), 1,
                        Duration.ZERO, ""))
                .withMessageContaining("REDIS_DB must be between 0 and 15");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5})
    void poolNeedsAtLeastOneConnection(int maxConnections) {
        assertThatIllegalArgumentException().isThrownBy(() -> valid().withMaxConnections(maxConnections))
                .withMessageContaining("REDIS_MAX_CONNECTIONS must be at least 1");
    }

    @Test
    void socketTimeoutMustBePositive() {
        for (Duration bad : new Duration[]{Duration.ZERO, Duration.ofSeconds(-1), Duration.ofNanos(10), null}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> valid().withTimeouts(bad, 1, Duration.ZERO))
                    .withMessageContaining("REDIS_SOCKET_TIMEOUT");
        }
    }

    @Test
    void retriesMayBeZeroButNotNegative() {
        assertThat(valid().withTimeouts(Duration.ofSeconds(1), 0, Duration.ZERO).retryAttempts()).isZero();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> valid().withTimeouts(Duration.ofSeconds(1), -1, Duration.ZERO))
                .withMessageContaining("REDIS_RETRY_ATTEMPTS");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> valid().withTimeouts(Duration.ofSeconds(1), 1, Duration.ofMillis(-1)))
                .withMessageContaining("REDIS_RETRY_INTERVAL");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> valid().withTimeouts(Duration.ofSeconds(1), 1, null))
                .withMessageContaining("REDIS_RETRY_INTERVAL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tw{prod}:", "tw}:", "tw*:", "tw?:", "tw[1]:", "tw]:", "tw\\:", "tw prod:", "tw\t:",
            "tw:\n", "tw\u00a0:"})
    void keyPrefixRejectsBracesGlobCharactersAndWhitespaceSayingWhy(String prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> valid().withKeyPrefix(prefix))
                .withMessageContaining("CACHE_KEY_PREFIX")
                .withMessageContaining("Cluster")
                .withMessageContaining("pattern");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "taleweaver:", "taleweaver:prod:", "tw-eu_1.blue/:"})
    void keyPrefixMayBeEmptyOrPlain(String prefix) {
        assertThat(valid().withKeyPrefix(prefix).keyPrefix()).isEqualTo(prefix);
    }

    @ParameterizedTest
    @CsvSource({"tw,tw:", "tw:,tw:", "taleweaver:prod,taleweaver:prod:", "tw-eu_1.blue/,tw-eu_1.blue/:"})
    void aPrefixGetsOneSeparatorSoItsKeysAreItsOwnNamespace(String prefix, String namespace) {
        assertThat(valid().withKeyPrefix(prefix).keyPrefix()).isEqualTo(namespace);
        assertThat(RedisConfig.namespace(prefix)).isEqualTo(namespace);
    }

    @ParameterizedTest
    @ValueSource(strings = {":", "::", "hero", "hero:", "child:eu", "story"})
    void aPrefixOfSeparatorsOnlyOrStartingWithAKeyFamilyIsRejected(String prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> valid().withKeyPrefix(prefix))
                .withMessageContaining("CACHE_KEY_PREFIX");
    }

    @Test
    void aVeryLongPrefixIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> valid().withKeyPrefix("t".repeat(RedisConfig.MAX_KEY_PREFIX_LENGTH + 1)))
                .withMessageContaining("CACHE_KEY_PREFIX must be at most 64 characters");
    }

    @Test
    void aMissingKeyPrefixIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> valid().withKeyPrefix(null))
                .withMessageContaining("CACHE_KEY_PREFIX is required");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> config("http://x", null, 99, 0, Duration.ZERO, -1, Duration.ofSeconds(-1), "a b"))
                .withMessageContainingAll("REDIS_URL", "REDIS_DB", "REDIS_MAX_CONNECTIONS", "REDIS_SOCKET_TIMEOUT",
                        "REDIS_RETRY_ATTEMPTS", "REDIS_RETRY_INTERVAL", "CACHE_KEY_PREFIX");
    }
}
