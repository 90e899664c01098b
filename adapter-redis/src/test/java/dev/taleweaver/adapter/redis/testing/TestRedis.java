package dev.taleweaver.adapter.redis.testing;

import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedisReadClient;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real Redis tests run against, and a key prefix of the caller's own on it, so tests never see or clobber
 * each other's keys (nor anybody else's: the server may be shared; nothing here flushes a database).
 *
 * <p>The server is resolved once per JVM, in this order: the {@value #URL_VARIABLE} environment variable (or
 * system property {@code test.redis.url}); {@code redis://127.0.0.1:6379} if it answers PING; a Testcontainers
 * Redis when a Docker engine is available; otherwise a failure that says how to provide one.
 *
 * <pre>{@code
 * try (TestRedis redis = TestRedis.create()) {          // prefix test:<random>:
 *     CacheStore store = redis.store();
 *     ...
 * }                                                      // every key under the prefix is gone
 * }</pre>
 */
public final class TestRedis implements AutoCloseable {
    public static final String URL_VARIABLE = "TEST_REDIS_URL";
    public static final String URL_PROPERTY = "test.redis.url";
    static final String LOCAL_URL = "redis://127.0.0.1:6379";

    private static Shared shared;

    private final Shared server;
    private final String keyPrefix;
    /** The caller's store, made on first use and closed with this (it owns the Jedis client of its reads). */
    private RedissonCacheStore store;
    private final java.util.List<RedissonCacheStore> others = new java.util.ArrayList<>();

    private TestRedis(Shared server, String keyPrefix) {
        this.server = server;
        this.keyPrefix = keyPrefix;
    }

    /** A fresh prefix {@code test:<random>:} on the resolved server. */
    public static TestRedis create() {
        return new TestRedis(shared(), randomPrefix());
    }

    /**
     * A fresh prefix on another deployment (a test cluster or sentinel set, see {@link RedisTestCluster}), through
     * {@code client}, which the caller owns; {@code base} gives everything but the prefix.
     */
    public static TestRedis on(RedisConfig base, RedissonClient client) {
        return new TestRedis(new Shared(base.redactedUrl(), client, base), randomPrefix());
    }

    private static String randomPrefix() {
        return "test:" + UUID.randomUUID().toString().substring(0, 13) + ":";
    }

    /** The resolved server's URL (may carry credentials when {@value #URL_VARIABLE} does). */
    public String url() {
        return server.url;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    /** This caller's configuration: the resolved server, its prefix, short timeouts fit for tests. */
    public RedisConfig config() {
        return server.base.withKeyPrefix(keyPrefix);
    }

    /** A client shared by every test of the JVM (shut down at exit): do not shut it down. */
    public RedissonClient client() {
        return server.client;
    }

    /**
     * The store on the shared client, under this caller's prefix, reading single keys through
     * {@link RedisConfig#readClient()} (Jedis by default); one per {@code TestRedis}, closed by {@link #close()}.
     */
    public synchronized RedissonCacheStore store() {
        if (store == null) {
            store = new RedissonCacheStore(server.client, config());
        }
        return store;
    }

    /** A store like {@link #store()} reading single keys through {@code readClient}; closed by {@link #close()}. */
    public synchronized RedissonCacheStore store(RedisReadClient readClient) {
        RedissonCacheStore other = new RedissonCacheStore(server.client, config().withReadClient(readClient));
        others.add(other);
        return other;
    }

    /**
     * Every Redis key under this caller's prefix, as stored (prefix included), value and version keys alike, sorted.
     * SCAN may report a key twice while Redis resizes its table, hence the set.
     */
    public List<String> keys() {
        try (Stream<String> keys = server.client.getKeys()
                .getKeysStream(KeysScanOptions.defaults().pattern(keyPrefix + "*"))) {
            return List.copyOf(keys.collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    /** Deletes every key under the prefix. */
    @Override
    public void close() {
        synchronized (this) {
            if (store != null) {
                store.close();
            }
            others.forEach(RedissonCacheStore::close);
        }
        server.client.getKeys().unlinkByPattern(keyPrefix + "*");
    }

    private static RedisConfig testConfig(String url) {
        return RedisConfig.of(url).withTimeouts(Duration.ofSeconds(2), 1, Duration.ofMillis(100));
    }

    private static synchronized Shared shared() {
        if (shared == null) {
            String url = resolveUrl();
            RedissonClient client = RedisClientFactory.create(testConfig(url));
            Runtime.getRuntime().addShutdownHook(new Thread(client::shutdown, "test-redis-shutdown"));
            shared = new Shared(url, client, testConfig(url));
        }
        return shared;
    }

    private static String resolveUrl() {
        String explicit = Optional.ofNullable(System.getenv(URL_VARIABLE)).filter(s -> !s.isBlank())
                .orElse(System.getProperty(URL_PROPERTY));
        if (explicit != null && !explicit.isBlank()) {
            requireAnswers(explicit);
            return explicit.strip();
        }
        if (Pinger.answers("127.0.0.1", 6379, Duration.ofMillis(500))) {
            return LOCAL_URL;
        }
        if (testcontainersPresent()) {
            Optional<String> container = ContainerRedis.start();
            if (container.isPresent()) {
                return container.get();
            }
        }
        throw new IllegalStateException("No Redis for the tests: nothing answers PING at 127.0.0.1:6379, "
                + URL_VARIABLE + " is not set and no Docker engine is available for Testcontainers. Either start"
                + " one locally (redis-server --port 6379 --save '' --appendonly no, or docker run -d -p 6379:6379"
                + " redis:7), or point " + URL_VARIABLE + " at one, e.g. " + URL_VARIABLE
                + "=redis://host:6379 (tests use their own key prefix and never flush it).");
    }

    private static void requireAnswers(String url) {
        RedisConfig config = testConfig(url.strip());
        RedissonClient probe = RedisClientFactory.create(config);
        try {
            if (!new RedissonCacheStore(probe, config.withReadClient(RedisReadClient.REDISSON)).healthCheck()) {
                throw new IllegalStateException(URL_VARIABLE + " points at " + config.redactedUrl()
                        + ", which does not answer PING: start that Redis or unset " + URL_VARIABLE
                        + " to use 127.0.0.1:6379");
            }
        } finally {
            probe.shutdown();
        }
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, TestRedis.class.getClassLoader());
            Class.forName("com.redis.testcontainers.RedisContainer", false, TestRedis.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false; // a module using this test-jar without Testcontainers on its test classpath
        }
    }

    private record Shared(String url, RedissonClient client, RedisConfig base) {
    }
}
