package dev.taleweaver.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void defaultsMatchTheSpec() {
        Settings s = Settings.from(Map.of());
        assertThat(s.database().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
        assertThat(s.database().maxPoolSize()).isEqualTo(10);
        assertThat(s.database().statementTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.httpPort()).isEqualTo(7070);
        assertThat(s.httpMaxConnections()).isEqualTo(4096);
        assertThat(s.redisEnabled()).isTrue();
        assertThat(s.redis().url()).isEqualTo("redis://localhost:6379/0");
        assertThat(s.redis().database()).isZero();
        assertThat(s.redis().maxConnections()).isEqualTo(10);
        assertThat(s.redis().socketTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.redis().keyPrefix()).isEmpty();
        assertThat(s.ttls().defaultTtl()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(s.ttls().hero()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(s.ttls().child()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(s.ttls().story()).isEqualTo(Duration.ofSeconds(600));
        assertThat(s.cacheSchemaWriteVersion()).isEqualTo(1);
        assertThat(s.cachePrefetch()).isFalse();
    }

    @Test
    void prefetchingIsSwitchedByCachePrefetch() {
        assertThat(Settings.from(Map.of("CACHE_PREFETCH", "true")).cachePrefetch()).isTrue();
        assertThat(Settings.from(Map.of("CACHE_PREFETCH", "false")).cachePrefetch()).isFalse();
        assertThatThrownBy(() -> Settings.from(Map.of("CACHE_PREFETCH", "sometimes")))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("CACHE_PREFETCH");
    }

    @Test
    void theCacheAnalyticsIsOnUnlessSwitchedOff() {
        assertThat(Settings.from(Map.of()).cacheAnalytics()).isTrue();
        assertThat(Settings.from(Map.of("CACHE_ANALYTICS", "false")).cacheAnalytics()).isFalse();
        assertThat(Settings.from(Map.of("CACHE_ANALYTICS", "false")).withL1(Settings.L1.OFF).cacheAnalytics())
                .isFalse();
        assertThatThrownBy(() -> Settings.from(Map.of("CACHE_ANALYTICS", "sometimes")))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("CACHE_ANALYTICS");
    }

    @Test
    void theCacheSchemaWriteVersionIsTheCurrentOrThePreviousOne() {
        assertThat(Settings.from(Map.of("CACHE_SCHEMA_WRITE_VERSION", "2")).cacheSchemaWriteVersion()).isEqualTo(2);
        assertThat(Settings.from(Map.of("CACHE_SCHEMA_WRITE_VERSION", "1")).cacheSchemaWriteVersion()).isEqualTo(1);
        for (String bad : new String[]{"0", "3", "two"}) {
            assertThatThrownBy(() -> Settings.from(Map.of("CACHE_SCHEMA_WRITE_VERSION", bad)))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("CACHE_SCHEMA_WRITE_VERSION");
        }
    }

    @Test
    void everySettingCanBeOverridden() {
        Settings s = Settings.from(Map.ofEntries(
                Map.entry("DATABASE_URL", "jdbc:postgresql://db:5432/tales"),
                Map.entry("DATABASE_USER", "tw"),
                Map.entry("DATABASE_PASSWORD", "pw"),
                Map.entry("DATABASE_MAX_POOL_SIZE", "4"),
                Map.entry("DATABASE_STATEMENT_TIMEOUT", "12"),
                Map.entry("HTTP_PORT", "8080"),
                Map.entry("HTTP_MAX_CONNECTIONS", "500"),
                Map.entry("REDIS_URL", "rediss://cache.internal:6380"),
                Map.entry("REDIS_PASSWORD", "s3cret"),
                Map.entry("REDIS_DB", "3"),
                Map.entry("REDIS_MAX_CONNECTIONS", "32"),
                Map.entry("REDIS_SOCKET_TIMEOUT", "2"),
                Map.entry("REDIS_ENABLED", "false"),
                Map.entry("CACHE_KEY_PREFIX", "blue:"),
                Map.entry("CACHE_DEFAULT_TTL", "100"),
                Map.entry("CACHE_HERO_TTL", "200"),
                Map.entry("CACHE_CHILD_TTL", "300"),
                Map.entry("CACHE_STORY_TTL", "400")));
        assertThat(s.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/tales");
        assertThat(s.database().user()).isEqualTo("tw");
        assertThat(s.database().maxPoolSize()).isEqualTo(4);
        assertThat(s.database().statementTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(s.httpPort()).isEqualTo(8080);
        assertThat(s.httpMaxConnections()).isEqualTo(500);
        assertThat(s.redisEnabled()).isFalse();
        assertThat(s.redis().url()).isEqualTo("rediss://cache.internal:6380");
        assertThat(s.redis().database()).isEqualTo(3);
        assertThat(s.redis().maxConnections()).isEqualTo(32);
        assertThat(s.redis().socketTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.redis().keyPrefix()).isEqualTo("blue:");
        assertThat(s.ttls().defaultTtl()).isEqualTo(Duration.ofSeconds(100));
        assertThat(s.ttls().hero()).isEqualTo(Duration.ofSeconds(200));
        assertThat(s.ttls().child()).isEqualTo(Duration.ofSeconds(300));
        assertThat(s.ttls().story()).isEqualTo(Duration.ofSeconds(400));
    }

    @Test
    void theDatabaseNumberComesFromTheRedisUrlAndMustAgreeWithRedisDb() {
        assertThat(Settings.from(Map.of("REDIS_URL", "redis://localhost:6379/5")).redis().database()).isEqualTo(5);
        assertThat(Settings.from(Map.of("REDIS_URL", "redis://localhost:6379", "REDIS_DB", "2"))
                .redis().database()).isEqualTo(2);
        assertThatThrownBy(() -> Settings.from(Map.of("REDIS_URL", "redis://localhost:6379/5", "REDIS_DB", "2")))
                .hasMessageContaining("REDIS_DB");
    }

    @Test
    void everyBadValueIsReportedWithItsVariableAndWhatIsAllowed() {
        assertThatThrownBy(() -> Settings.from(Map.of(
                "HTTP_PORT", "http",
                "REDIS_ENABLED", "maybe",
                "CACHE_HERO_TTL", "0",
                "REDIS_DB", "16",
                "DATABASE_MAX_POOL_SIZE", "-1")))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("HTTP_PORT").contains("1 to 65535").contains("http"))
                        .anySatisfy(p -> assertThat(p).startsWith("REDIS_ENABLED").contains("true or false"))
                        .anySatisfy(p -> assertThat(p).startsWith("CACHE_HERO_TTL").contains("1 to"))
                        .anySatisfy(p -> assertThat(p).startsWith("REDIS_DB").contains("0 to 15"))
                        .anySatisfy(p -> assertThat(p).startsWith("DATABASE_MAX_POOL_SIZE")));
    }

    @Test
    void urlsAreChecked() {
        assertThatThrownBy(() -> Settings.from(Map.of("DATABASE_URL", "mysql://localhost/db")))
                .hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> Settings.from(Map.of("REDIS_URL", "http://localhost:6379")))
                .hasMessageContaining("REDIS_URL");
    }

    @Test
    void secretsAreNeverEchoed() {
        assertThatThrownBy(() -> Settings.from(Map.of(
                "REDIS_URL", "ftp://user:hunter2@localhost", "REDIS_PASSWORD", "hunter2", "HTTP_PORT", "x")))
                .isInstanceOf(InvalidSettingsException.class)
                .message().doesNotContain("hunter2");
        Settings ok = Settings.from(Map.of("REDIS_PASSWORD", "hunter2", "DATABASE_PASSWORD", "hunter2"));
        assertThat(ok.toString()).doesNotContain("hunter2");
    }

    @Test
    void httpLimitsHaveDefaultsAndCanBeSet() {
        Settings.HttpLimits defaults = Settings.from(Map.of()).http();
        assertThat(defaults.maxInFlight()).isEqualTo(200);
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.minRequestDataRate()).isEqualTo(1024);
        assertThat(defaults.directReads()).isTrue();
        assertThat(defaults.config(8080, 1024).directReads()).isTrue();
        assertThat(Settings.from(Map.of("HTTP_DIRECT_READS", "false")).http().config(8080, 1024).directReads())
                .isFalse();
        assertThatThrownBy(() -> Settings.from(Map.of("HTTP_DIRECT_READS", "sometimes")))
                .hasMessageContaining("HTTP_DIRECT_READS");

        Settings.HttpLimits set = Settings.from(Map.of("HTTP_MAX_IN_FLIGHT", "50", "HTTP_IDLE_TIMEOUT", "5",
                "HTTP_HEADER_TIMEOUT", "2", "HTTP_MIN_REQUEST_DATA_RATE", "0", "HTTP_MAX_CONNECTIONS", "70")).http();
        assertThat(set).isEqualTo(new Settings.HttpLimits(70, 50, Duration.ofSeconds(5), Duration.ofSeconds(2), 0));
        assertThat(set.config(8080, 1024).maxInFlight()).isEqualTo(50);

        assertThatThrownBy(() -> Settings.from(Map.of("HTTP_MAX_IN_FLIGHT", "0", "HTTP_IDLE_TIMEOUT", "0",
                "HTTP_HEADER_TIMEOUT", "forever", "HTTP_MIN_REQUEST_DATA_RATE", "-1")))
                .hasMessageContaining("HTTP_MAX_IN_FLIGHT").hasMessageContaining("HTTP_IDLE_TIMEOUT")
                .hasMessageContaining("HTTP_HEADER_TIMEOUT").hasMessageContaining("HTTP_MIN_REQUEST_DATA_RATE");
    }

    @Test
    void operationsAreOffByDefaultAndConfigurable() {
        Settings.Operations defaults = Settings.from(Map.of()).operations();
        assertThat(defaults.adminToken()).isEmpty();
        assertThat(defaults.warmup()).isFalse();
        Settings.Operations ops = Settings.from(Map.of(
                "ADMIN_TOKEN", "0123456789abcdef0123", "CACHE_WARMUP", "true",
                "CACHE_WARMUP_MAX_ENTRIES", "50", "CACHE_WARMUP_TIMEOUT", "5")).operations();
        assertThat(ops.adminToken()).contains("0123456789abcdef0123");
        assertThat(ops.warmup()).isTrue();
        assertThat(ops.warmupMaxEntries()).isEqualTo(50);
        assertThat(ops.warmupTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(ops.toString()).doesNotContain("0123456789abcdef0123");
    }

    @Test
    void corsAllowsNoOriginByDefaultAndTheListedOnes() {
        assertThat(Settings.from(Map.of()).http().corsAllowedOrigins()).isEmpty();
        assertThat(Settings.from(Map.of("CORS_ALLOWED_ORIGINS", "https://app.example.com, http://localhost:3000"))
                .http().corsAllowedOrigins()).containsExactly("https://app.example.com", "http://localhost:3000");
        assertThatThrownBy(() -> Settings.from(Map.of("CORS_ALLOWED_ORIGINS", "https://app.example.com/path")))
                .hasMessageContaining("CORS_ALLOWED_ORIGINS").hasMessageContaining("origins");
    }

    @Test
    void aShortAdminTokenIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> Settings.from(Map.of("ADMIN_TOKEN", "letmein")))
                .hasMessageContaining("ADMIN_TOKEN")
                .hasMessageContaining("at least 16")
                .message().doesNotContain("letmein");
    }

    @Test
    void anAdminTokenNoClientCouldSendIsRefusedWithoutEchoingIt() {
        for (String token : new String[] {"\uD83D\uDE00".repeat(8), "correct horse battery staple",
                "0123456789abcdéf01"}) {
            assertThatThrownBy(() -> Settings.from(Map.of("ADMIN_TOKEN", token)))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("ADMIN_TOKEN")
                    .hasMessageContaining("printable ASCII")
                    .message().doesNotContain(token);
        }
        assertThat(Settings.from(Map.of("ADMIN_TOKEN", " !~0123456789abcdef\n")).operations().adminToken())
                .contains("!~0123456789abcdef"); // surrounding whitespace (a trailing newline) is trimmed
    }

    @Test
    void aRedisCaFileThatCannotBeReadStopsStartUpNamingTheSetting(@TempDir Path directory) throws Exception {
        Path notPem = Files.writeString(directory.resolve("ca.txt"), "not a certificate");
        for (String file : new String[] {directory.resolve("missing.pem").toString(), notPem.toString(),
                directory.toString()}) {
            assertThatThrownBy(() -> Settings.from(Map.of("REDIS_URL", "rediss://cache.internal:6380",
                    "REDIS_TLS_CA_FILE", file)))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("REDIS_TLS_CA_FILE (" + file + ")");
        }
    }

    @Test
    void credentialsInTheDatabaseUrlAreRefusedWithoutEchoingThem() {
        for (String url : new String[] {"jdbc:postgresql://user:SECRET@db.internal/taleweaver",
                "jdbc:postgresql://SECRET@db.internal:5432/taleweaver?ssl=true"}) {
            assertThatThrownBy(() -> Settings.from(Map.of("DATABASE_URL", url)))
                    .isInstanceOf(InvalidSettingsException.class)
                    .hasMessageContaining("DATABASE_URL")
                    .hasMessageContaining("DATABASE_USER").hasMessageContaining("DATABASE_PASSWORD")
                    .message().doesNotContain("SECRET");
        }
        assertThatThrownBy(() -> Settings.from(Map.of("DATABASE_URL",
                "jdbc:postgresql://db.internal:port/taleweaver?password=SECRET")))
                .hasMessageContaining("DATABASE_URL").message().doesNotContain("SECRET");
    }

    @Test
    void aPasswordParameterOfTheDatabaseUrlIsNeverShown() {
        Settings ok = Settings.from(Map.of("DATABASE_URL",
                "jdbc:postgresql://db.internal/taleweaver?sslmode=require&password=SECRET"));
        assertThat(ok.database().jdbcUrl()).contains("SECRET"); // the driver needs it...
        assertThat(ok.toString()).doesNotContain("SECRET").contains("password=***"); // ...nobody else
        assertThat(ok.database().redactedUrl()).doesNotContain("SECRET");
    }

    @Test
    void redisUrlCredentialsAreNeverShown() {
        for (String url : new String[] {"redis://:SECRET@cache.internal:6379/0", "rediss://tw:SECRET@cache.internal",
                "redis://SECRET@cache.internal"}) {
            Settings ok = Settings.from(Map.of("REDIS_URL", url));
            assertThat(ok.redis().effectivePassword()).isEqualTo("SECRET");
            assertThat(ok.toString()).doesNotContain("SECRET");
            assertThat(ok.redis().redactedUrl()).doesNotContain("SECRET").doesNotContain("@");
        }
        assertThatThrownBy(() -> Settings.from(Map.of("REDIS_URL", "redis://:SECRET@cache.internal/99?x=SECRET")))
                .hasMessageContaining("REDIS_URL").message().doesNotContain("SECRET");
    }
}
