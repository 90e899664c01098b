package dev.taleweaver.bootstrap;

import dev.taleweaver.adapter.http.AdminGuard;
import dev.taleweaver.adapter.http.Cors;
import dev.taleweaver.adapter.http.HttpConfig;
import dev.taleweaver.adapter.postgres.PostgresConfig;
import dev.taleweaver.adapter.redis.JacksonCacheCodecs;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedisTopology;
import dev.taleweaver.adapter.redis.RedisReadClient;
import dev.taleweaver.adapter.redis.RedisTransport;
import dev.taleweaver.adapter.redis.RedisTrust;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the service reads from its environment, parsed and validated at start-up. A bad value stops
 * start-up with a message naming the variable and what is allowed (see README's configuration table).
 *
 * @param cacheSchemaWriteVersion CACHE_SCHEMA_WRITE_VERSION: the cache schema version written (docs/caching.md,
 *                                Versioning; ADR 9)
 * @param cachePrefetch           CACHE_PREFETCH: warm what the next request needs and refresh hot keys ahead of
 *                                expiry (docs/caching.md, Prefetching; ADR 16); off by default
 * @param cacheAnalytics          CACHE_ANALYTICS: whether the cache analytics (ADR 15) listens to the cache; default
 *                                true
 */
public record Settings(PostgresConfig database, int httpPort, boolean redisEnabled, RedisConfig redis, CacheTtls ttls,
                       Operations operations, L1 l1, HttpLimits http, int cacheSchemaWriteVersion,
                       boolean cachePrefetch, boolean cacheAnalytics) {

    /** CACHE_PREFETCH's default: off until the trace replay (benchmarks/bin/trace-replay.sh) says otherwise. */
    public static final boolean DEFAULT_CACHE_PREFETCH = false;

    public static final String DEFAULT_DATABASE_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String DEFAULT_REDIS_URL = "redis://localhost:6379/0";
    private static final int MAX_TTL_SECONDS = 7 * 24 * 3600;

    /** Per-entity TTLs; {@code defaultTtl} is for entity types without their own setting. */
    public record CacheTtls(Duration defaultTtl, Duration hero, Duration child, Duration story) {
    }

    /**
     * The operations surface: the admin token (absent = /admin/* off), cache warming at start-up and the
     * benchmark-only endpoints.
     * toString never shows the token.
     */
    public record Operations(Optional<String> adminToken, boolean warmup, int warmupMaxEntries, Duration warmupTimeout,
                             boolean benchEndpoints) {
        public static final Operations DEFAULTS = new Operations(Optional.empty(), false, 1000, Duration.ofSeconds(30));

        /** Without the benchmark-only endpoints (BENCH_ENDPOINTS). */
        public Operations(Optional<String> adminToken, boolean warmup, int warmupMaxEntries, Duration warmupTimeout) {
            this(adminToken, warmup, warmupMaxEntries, warmupTimeout, false);
        }

        @Override
        public String toString() {
            return "Operations[adminToken=" + (adminToken.isPresent() ? "(set)" : "(none)") + ", warmup=" + warmup
                    + ", warmupMaxEntries=" + warmupMaxEntries + ", warmupTimeout=" + warmupTimeout
                    + ", benchEndpoints=" + benchEndpoints + "]";
        }
    }

    /**
     * How the service logs: LOG_FORMAT ({@code text} or {@code json}) and HTTP_ACCESS_LOG (default: on with json,
     * off with text). Read by {@link #logging(Map)} before anything else, because the first logger fixes Logback's
     * configuration.
     */
    public record Logging(boolean json, boolean accessLog) {
    }

    /**
     * The logging settings alone; touches nothing that creates a logger.
     *
     * @throws InvalidSettingsException naming the variable and what is allowed
     */
    public static Logging logging(Map<String, String> env) {
        EnvReader in = new EnvReader(env);
        String format = in.string("LOG_FORMAT", "text").strip().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            in.problem("LOG_FORMAT", "must be text or json", format);
        }
        boolean json = format.equals("json");
        boolean accessLog = in.bool("HTTP_ACCESS_LOG", json);
        in.throwIfAny();
        return new Logging(json, accessLog);
    }

    /** The in-process first cache level in front of Redis (CACHE_L1_ENABLED, CACHE_L1_MAX_ENTRIES). */
    public record L1(boolean enabled, int maxEntries) {
        public static final L1 DEFAULTS = new L1(true, 10_000);
        public static final L1 OFF = new L1(false, 10_000);
    }

    /**
     * How much of the HTTP server clients may hold (HTTP_MAX_CONNECTIONS, HTTP_MAX_IN_FLIGHT, HTTP_IDLE_TIMEOUT,
     * HTTP_HEADER_TIMEOUT, HTTP_MIN_REQUEST_DATA_RATE); see {@link HttpConfig} for what each bounds. Also the
     * origins browsers may call the API from (CORS_ALLOWED_ORIGINS, see {@link Cors}; empty: no CORS headers), and
     * whether item reads and pages are answered in front of Javalin (HTTP_DIRECT_READS, {@link HttpConfig#directReads}).
     */
    public record HttpLimits(int maxConnections, int maxInFlight, Duration idleTimeout, Duration headerTimeout,
                             long minRequestDataRate, List<String> corsAllowedOrigins, String host,
                             boolean directReads) {
        public static final HttpLimits DEFAULTS = new HttpLimits(HttpConfig.DEFAULT_MAX_CONNECTIONS,
                HttpConfig.DEFAULT_MAX_IN_FLIGHT, HttpConfig.DEFAULT_IDLE_TIMEOUT,
                HttpConfig.DEFAULT_HEADER_TIMEOUT, HttpConfig.DEFAULT_MIN_REQUEST_DATA_RATE);

        public HttpLimits {
            corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        }

        /** Without CORS, listening on every interface (HTTP_HOST unset). */
        public HttpLimits(int maxConnections, int maxInFlight, Duration idleTimeout, Duration headerTimeout,
                          long minRequestDataRate) {
            this(maxConnections, maxInFlight, idleTimeout, headerTimeout, minRequestDataRate, List.of(), null, true);
        }

        public HttpConfig config(int port, long maxRequestBytes) {
            return new HttpConfig(port, maxRequestBytes, maxConnections, maxInFlight, idleTimeout, headerTimeout,
                    minRequestDataRate, host).answeringReadsDirectly(directReads);
        }
    }

    /** Settings without the operations surface (admin off, no warm-up) and the default L1. */
    public Settings(PostgresConfig database, int httpPort, boolean redisEnabled, RedisConfig redis, CacheTtls ttls) {
        this(database, httpPort, redisEnabled, redis, ttls, Operations.DEFAULTS, L1.DEFAULTS);
    }

    public Settings(PostgresConfig database, int httpPort, boolean redisEnabled, RedisConfig redis, CacheTtls ttls,
                    Operations operations) {
        this(database, httpPort, redisEnabled, redis, ttls, operations, L1.DEFAULTS);
    }

    public Settings(PostgresConfig database, int httpPort, boolean redisEnabled, RedisConfig redis, CacheTtls ttls,
                    Operations operations, L1 l1) {
        this(database, httpPort, redisEnabled, redis, ttls, operations, l1, HttpLimits.DEFAULTS);
    }

    /** Settings writing the default cache schema version ({@link JacksonCacheCodecs#DEFAULT_WRITE_VERSION}). */
    public Settings(PostgresConfig database, int httpPort, boolean redisEnabled, RedisConfig redis, CacheTtls ttls,
                    Operations operations, L1 l1, HttpLimits http) {
        this(database, httpPort, redisEnabled, redis, ttls, operations, l1, http,
                JacksonCacheCodecs.DEFAULT_WRITE_VERSION);
    }

    /** Settings with prefetching's and the analytics' defaults ({@link #DEFAULT_CACHE_PREFETCH}, analytics on). */
    public Settings(PostgresConfig database, int httpPort, boolean redisEnabled, RedisConfig redis, CacheTtls ttls,
                    Operations operations, L1 l1, HttpLimits http, int cacheSchemaWriteVersion) {
        this(database, httpPort, redisEnabled, redis, ttls, operations, l1, http, cacheSchemaWriteVersion,
                DEFAULT_CACHE_PREFETCH, true);
    }

    public Settings withCacheAnalytics(boolean enabled) {
        return new Settings(database, httpPort, redisEnabled, redis, ttls, operations, l1, http,
                cacheSchemaWriteVersion, cachePrefetch, enabled);
    }

    /** HTTP_MAX_CONNECTIONS, kept as its own accessor for callers that need only it. */
    public int httpMaxConnections() {
        return http.maxConnections();
    }

    public Settings withOperations(Operations newOperations) {
        return new Settings(database, httpPort, redisEnabled, redis, ttls, newOperations, l1, http,
                cacheSchemaWriteVersion, cachePrefetch, cacheAnalytics);
    }

    public Settings withL1(L1 newL1) {
        return new Settings(database, httpPort, redisEnabled, redis, ttls, operations, newL1, http,
                cacheSchemaWriteVersion, cachePrefetch, cacheAnalytics);
    }

    public Settings withCacheSchemaWriteVersion(int version) {
        return new Settings(database, httpPort, redisEnabled, redis, ttls, operations, l1, http, version,
                cachePrefetch, cacheAnalytics);
    }

    public Settings withCachePrefetch(boolean prefetch) {
        return new Settings(database, httpPort, redisEnabled, redis, ttls, operations, l1, http,
                cacheSchemaWriteVersion, prefetch, cacheAnalytics);
    }

    public Settings withTtls(CacheTtls newTtls) {
        return new Settings(database, httpPort, redisEnabled, redis, newTtls, operations, l1, http,
                cacheSchemaWriteVersion, cachePrefetch, cacheAnalytics);
    }

    public static Settings fromEnvironment() {
        return from(System.getenv());
    }

    public static Settings from(Map<String, String> env) {
        EnvReader in = new EnvReader(env);

        String databaseUrl = in.string("DATABASE_URL", DEFAULT_DATABASE_URL);
        if (!databaseUrl.startsWith("jdbc:postgresql://")) {
            in.problem("DATABASE_URL", "must be a PostgreSQL JDBC URL such as " + DEFAULT_DATABASE_URL);
        }
        String databaseUser = in.string("DATABASE_USER", "postgres");
        int databasePool = in.integer("DATABASE_MAX_POOL_SIZE", 10, 1, 200);
        Duration statementTimeout = Duration.ofSeconds(in.integer("DATABASE_STATEMENT_TIMEOUT",
                (int) PostgresConfig.DEFAULT_STATEMENT_TIMEOUT.toSeconds(), 1, 300));
        int httpPort = in.integer("HTTP_PORT", 7070, 1, 65535);
        HttpLimits http = new HttpLimits(
                in.integer("HTTP_MAX_CONNECTIONS", HttpConfig.DEFAULT_MAX_CONNECTIONS, 1, 1_000_000),
                in.integer("HTTP_MAX_IN_FLIGHT", HttpConfig.DEFAULT_MAX_IN_FLIGHT, 1, 5_000),
                Duration.ofSeconds(in.integer("HTTP_IDLE_TIMEOUT",
                        (int) HttpConfig.DEFAULT_IDLE_TIMEOUT.toSeconds(), 1, 3600)),
                Duration.ofSeconds(in.integer("HTTP_HEADER_TIMEOUT",
                        (int) HttpConfig.DEFAULT_HEADER_TIMEOUT.toSeconds(), 1, 300)),
                in.integer("HTTP_MIN_REQUEST_DATA_RATE",
                        (int) HttpConfig.DEFAULT_MIN_REQUEST_DATA_RATE, 0, 100_000_000),
                corsOrigins(in), httpHost(in), in.bool("HTTP_DIRECT_READS", true));

        boolean redisEnabled = in.bool("REDIS_ENABLED", true);
        String redisUrl = in.string("REDIS_URL", DEFAULT_REDIS_URL);
        int redisDb = in.integer("REDIS_DB", RedisConfig.databaseInUrl(redisUrl).orElse(0), 0, 15);
        int redisConnections = in.integer(RedisConfig.MAX_CONNECTIONS_SETTING, RedisConfig.DEFAULT_MAX_CONNECTIONS, 1,
                RedisConfig.MAX_POOL_SIZE);
        int readConnections = in.integer(RedisConfig.READ_CONNECTIONS_SETTING, RedisConfig.DEFAULT_READ_CONNECTIONS, 1,
                RedisConfig.MAX_POOL_SIZE);
        int socketTimeout = in.integer("REDIS_SOCKET_TIMEOUT", 5, 1, 300);
        int retryAttempts = in.integer("REDIS_RETRY_ATTEMPTS", 1, 0, 10);
        int retryIntervalMs = in.integer("REDIS_RETRY_INTERVAL_MS", 100, 0, 10_000);
        String keyPrefix = in.string("CACHE_KEY_PREFIX", "");
        String transportValue = in.string(RedisTransport.SETTING, RedisTransport.DEFAULT.setting());
        RedisTransport transport = RedisTransport.parse(transportValue);
        if (transport == null) {
            in.problem(RedisTransport.SETTING, "must be epoll or nio", transportValue);
        }

        int defaultTtl = in.integer("CACHE_DEFAULT_TTL", 3600, 1, MAX_TTL_SECONDS);
        CacheTtls ttls = new CacheTtls(
                Duration.ofSeconds(defaultTtl),
                Duration.ofSeconds(in.integer("CACHE_HERO_TTL", 3600, 1, MAX_TTL_SECONDS)),
                Duration.ofSeconds(in.integer("CACHE_CHILD_TTL", 1800, 1, MAX_TTL_SECONDS)),
                Duration.ofSeconds(in.integer("CACHE_STORY_TTL", 600, 1, MAX_TTL_SECONDS)));

        String adminToken = in.secret("ADMIN_TOKEN").strip();
        if (!adminToken.isEmpty()) {
            AdminGuard.tokenProblem(adminToken).ifPresent(problem ->
                    in.problem("ADMIN_TOKEN", problem + ", or unset to turn /admin off"));
        }
        Operations operations = new Operations(
                adminToken.isEmpty() ? Optional.empty() : Optional.of(adminToken),
                in.bool("CACHE_WARMUP", false),
                in.integer("CACHE_WARMUP_MAX_ENTRIES", 1000, 0, 1_000_000),
                Duration.ofSeconds(in.integer("CACHE_WARMUP_TIMEOUT", 30, 1, 3600)),
                in.bool("BENCH_ENDPOINTS", false));

        int schemaWriteVersion = in.integer("CACHE_SCHEMA_WRITE_VERSION", JacksonCacheCodecs.DEFAULT_WRITE_VERSION,
                JacksonCacheCodecs.PREVIOUS_SCHEMA_VERSION, JacksonCacheCodecs.SCHEMA_VERSION);
        boolean cacheAnalytics = in.bool("CACHE_ANALYTICS", true);
        L1 l1 = new L1(in.bool("CACHE_L1_ENABLED", L1.DEFAULTS.enabled()),
                in.integer("CACHE_L1_MAX_ENTRIES", L1.DEFAULTS.maxEntries(), 1, 10_000_000));
        boolean prefetch = in.bool("CACHE_PREFETCH", DEFAULT_CACHE_PREFETCH);

        PostgresConfig database = in.validated("DATABASE_URL", () -> databaseConfig(
                databaseUrl, databaseUser, in.secret("DATABASE_PASSWORD"), databasePool, statementTimeout));
        String redisCaFile = in.string(RedisTrust.CA_FILE_SETTING, "");
        RedisTrust redisTrust = redisCaFile.isEmpty() ? null
                : in.validated(RedisTrust.CA_FILE_SETTING, () -> RedisTrust.fromPemFile(Path.of(redisCaFile)));
        // The read client's default follows the L1 (docs/benchmarks.md, issue 16): with the L1 off every hit is a Redis
        // read and Jedis served it faster; with the L1 on, Redis reads are the L1's refills amid L1 hits, and there the
        // mixed load's p99 doubled with Jedis (56-63 ms against 28 ms with Redisson).
        RedisReadClient defaultReadClient = l1.enabled() ? RedisReadClient.REDISSON : RedisReadClient.JEDIS;
        String readClientValue = in.string(RedisReadClient.SETTING, defaultReadClient.setting());
        RedisReadClient readClient = RedisReadClient.parse(readClientValue);
        if (readClient == null) {
            in.problem(RedisReadClient.SETTING, "must be jedis or redisson", readClientValue);
        }
        RedisTopology topology = redisTopology(in, l1);
        RedisConfig redis = in.validated(topology.mode() == RedisTopology.Mode.STANDALONE ? "REDIS_URL"
                : RedisTopology.MODE_SETTING, () -> new RedisConfig(
                redisUrl, emptyToNull(in.secret("REDIS_PASSWORD")), redisDb, redisConnections,
                Duration.ofSeconds(socketTimeout), retryAttempts, Duration.ofMillis(retryIntervalMs), keyPrefix,
                redisTrust, topology, transport, readClient, readConnections));
        in.throwIfAny();
        return new Settings(database, httpPort, redisEnabled, redis, ttls, operations, l1, http,
                schemaWriteVersion, prefetch, cacheAnalytics);
    }

    private static List<String> corsOrigins(EnvReader in) {
        List<String> origins = Cors.parse(in.string("CORS_ALLOWED_ORIGINS", ""));
        Optional<String> problem = Cors.originsProblem(origins);
        problem.ifPresent(p -> in.problem("CORS_ALLOWED_ORIGINS", p));
        return problem.isPresent() ? List.of() : origins;
    }

    /**
     * REDIS_MODE with REDIS_NODES, REDIS_SENTINEL_MASTER and REDIS_READ_FROM; the combinations among them (and with
     * REDIS_DB, REDIS_TLS_CA_FILE) are judged by {@link RedisConfig}, those with REDIS_URL and the L1 here.
     */
    private static RedisTopology redisTopology(EnvReader in, L1 l1) {
        String modeValue = in.string(RedisTopology.MODE_SETTING, RedisTopology.Mode.STANDALONE.setting());
        RedisTopology.Mode mode = RedisTopology.parseMode(modeValue);
        if (mode == null) {
            in.problem(RedisTopology.MODE_SETTING, "must be standalone, cluster or sentinel", modeValue);
            mode = RedisTopology.Mode.STANDALONE;
        }
        String readFromValue = in.string(RedisTopology.READ_FROM_SETTING, RedisTopology.ReadFrom.MASTER.setting());
        RedisTopology.ReadFrom readFrom = RedisTopology.parseReadFrom(readFromValue);
        if (readFrom == null) {
            in.problem(RedisTopology.READ_FROM_SETTING, "must be master or replica", readFromValue);
            readFrom = RedisTopology.ReadFrom.MASTER;
        }
        RedisTopology topology = new RedisTopology(mode,
                RedisTopology.splitNodes(in.string(RedisTopology.NODES_SETTING, "")),
                in.string(RedisTopology.SENTINEL_MASTER_SETTING, null), readFrom);
        if (in.isSet("REDIS_URL") && topology.urlProblem() != null) {
            in.problem("REDIS_URL", topology.urlProblem());
        }
        if (readFrom == RedisTopology.ReadFrom.REPLICA && l1.enabled()) {
            // a replica may answer a value invalidated a moment ago; the L1 would keep it past its 100 ms bound
            in.problem(RedisTopology.READ_FROM_SETTING, "replica needs CACHE_L1_ENABLED=false: a replica lagging"
                    + " its master can answer a value just invalidated, which the L1 would then keep beyond its"
                    + " staleness bound; set " + RedisTopology.READ_FROM_SETTING + "=master or CACHE_L1_ENABLED=false");
        }
        return topology;
    }

    /** HTTP_HOST: the address to bind, every interface when unset. */
    private static String httpHost(EnvReader in) {
        String host = in.string("HTTP_HOST", null);
        if (host != null && !host.matches("[A-Za-z0-9.:\\-]{1,253}")) {
            in.problem("HTTP_HOST", "must be an IP address or a host name (unset: every interface)", host);
            return null;
        }
        return host;
    }

    /** PostgresConfig names its fields (jdbcUrl, user, password); an operator sets DATABASE_* variables. */
    private static PostgresConfig databaseConfig(String url, String user, String password, int pool,
                                                 Duration statementTimeout) {
        try {
            return new PostgresConfig(url, user, password, pool, null, statementTimeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("jdbcUrl", "DATABASE_URL")
                    .replace("the user and password settings", "DATABASE_USER and DATABASE_PASSWORD"), e);
        }
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
