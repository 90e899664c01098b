package dev.taleweaver.benchmarks;

import dev.taleweaver.adapter.postgres.PostgresConfig;
import dev.taleweaver.adapter.redis.RedisConfig;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the benchmarks run and on how much data. Each value is read from a system property ({@code -Dbench.schema=…},
 * which JMH passes on to its forks) or else an environment variable ({@code BENCH_SCHEMA}), else a default for this
 * machine's local servers.
 *
 * <p>The names are deliberately not the service's ({@code DATABASE_URL}, {@code REDIS_URL}): a shell that points the
 * service at a real database must not point a benchmark, which drops and refills its schema, at it too.
 *
 * @param jdbcUrl   PostgreSQL JDBC URL ({@code BENCH_DATABASE_URL})
 * @param dbUser    PostgreSQL role ({@code BENCH_DATABASE_USER})
 * @param schema    the private schema holding the dataset; it is dropped and recreated ({@code BENCH_SCHEMA})
 * @param redisUrl  Redis URL ({@code BENCH_REDIS_URL})
 * @param keyPrefix the private Redis key prefix of every benchmark key ({@code BENCH_KEY_PREFIX})
 * @param heroes    heroes in the dataset; children and stories scale with it ({@code BENCH_HEROES})
 * @param seed      the dataset generator's seed ({@code BENCH_SEED})
 */
public record BenchConfig(String jdbcUrl, String dbUser, String dbPassword, String schema, String redisUrl,
                          String keyPrefix, int heroes, long seed) {

    public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0";
    /** The CACHE_HERO_TTL default (README settings table), long enough that nothing expires during a run. */
    public static final Duration HERO_TTL = Duration.ofSeconds(3600);
    /** Connections of the benchmark's own pools; more than any benchmark thread count used here. */
    static final int POOL_SIZE = 8;

    public BenchConfig {
        if (schema == null || !schema.matches("tw_[a-z0-9_]{1,59}")) {
            // the schema is dropped with CASCADE: only ever one of ours
            throw new IllegalArgumentException("bench schema must look like tw_something (lowercase), got \""
                    + schema + "\"");
        }
        if (keyPrefix == null || keyPrefix.isEmpty()) {
            // an empty prefix would let cleanup reach every key of the shared Redis
            throw new IllegalArgumentException("bench key prefix must not be empty");
        }
        RedisConfig.keyPrefixProblem(keyPrefix).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        keyPrefix = RedisConfig.namespace(keyPrefix); // as the store writes it: bench -> bench:
        if (heroes < 20) {
            throw new IllegalArgumentException("the dataset needs at least 20 heroes (one per language), got " + heroes);
        }
    }

    public static BenchConfig fromEnvironment() {
        return from(System.getProperties()::getProperty, System.getenv());
    }

    static BenchConfig from(Function<String, String> properties, Map<String, String> env) {
        Source in = new Source(properties, env);
        return new BenchConfig(
                in.get("database.url", DEFAULT_JDBC_URL),
                in.get("database.user", "postgres"),
                in.get("database.password", ""),
                in.get("schema", "tw_bench"),
                in.get("redis.url", DEFAULT_REDIS_URL),
                in.get("key.prefix", "bench:"),
                Integer.parseInt(in.get("heroes", "10000")),
                Long.parseLong(in.get("seed", "20240115")));
    }

    public BenchConfig withSchema(String otherSchema) {
        return new BenchConfig(jdbcUrl, dbUser, dbPassword, otherSchema, redisUrl, keyPrefix, heroes, seed);
    }

    public BenchConfig withKeyPrefix(String otherPrefix) {
        return new BenchConfig(jdbcUrl, dbUser, dbPassword, schema, redisUrl, otherPrefix, heroes, seed);
    }

    public BenchConfig withRedisUrl(String otherUrl) {
        return new BenchConfig(jdbcUrl, dbUser, dbPassword, schema, otherUrl, keyPrefix, heroes, seed);
    }

    public BenchConfig withHeroes(int otherHeroes) {
        return new BenchConfig(jdbcUrl, dbUser, dbPassword, schema, redisUrl, keyPrefix, otherHeroes, seed);
    }

    public PostgresConfig postgres() {
        return new PostgresConfig(jdbcUrl, dbUser, dbPassword, POOL_SIZE, schema);
    }

    /** The service's defaults (timeouts, one retry) with the benchmark's URL and prefix. */
    public RedisConfig redis() {
        RedisConfig defaults = RedisConfig.of(redisUrl);
        return defaults.withKeyPrefix(keyPrefix);
    }

    /** One line for the start of a run's output; never shows a password. */
    public String describe() {
        return "database " + postgres().redactedUrl() + " schema " + schema + ", redis " + redis().redactedUrl()
                + " prefix \"" + keyPrefix + "\", " + heroes + " heroes";
    }

    private record Source(Function<String, String> properties, Map<String, String> env) {
        String get(String name, String fallback) {
            String value = properties.apply("bench." + name);
            if (value == null || value.isBlank()) {
                value = env.get("BENCH_" + name.replace('.', '_').toUpperCase(java.util.Locale.ROOT));
            }
            return value == null || value.isBlank() ? fallback : value.strip();
        }
    }
}
