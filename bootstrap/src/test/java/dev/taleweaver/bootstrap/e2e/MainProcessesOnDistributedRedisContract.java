package dev.taleweaver.bootstrap.e2e;

import dev.taleweaver.adapter.postgres.testing.TestPostgres;
import dev.taleweaver.adapter.postgres.testing.TestSchema;
import dev.taleweaver.adapter.redis.RedisClientFactory;
import dev.taleweaver.adapter.redis.RedisConfig;
import dev.taleweaver.adapter.redis.RedissonCacheStore;
import dev.taleweaver.adapter.redis.testing.RedisDeployment;
import dev.taleweaver.adapter.redis.testing.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two service processes started by Main exactly as an operator starts them, configured only through the README's
 * environment variables for a distributed Redis (REDIS_MODE, REDIS_NODES, REDIS_SENTINEL_MASTER, REDIS_PASSWORD,
 * HTTP_HOST; every node asks for the password), on one
 * schema and one key prefix: the second one warms the cache at start-up (CACHE_WARMUP) into the deployment, a
 * write through either is read by the other 100 ms later, and both report the cache UP.
 */
abstract class MainProcessesOnDistributedRedisContract {
    private static final Duration STARTS_WITHIN = Duration.ofSeconds(40);
    private static final Duration BOUND = Duration.ofMillis(100);

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** The deployment, started once for the class. */
    abstract RedisDeployment deployment();

    /** REDIS_MODE and what goes with it. */
    abstract Map<String, String> redisEnvironment();

    /** What the start-up log line says about the topology. */
    abstract String describedAs();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void twoProcessesShareTheDeploymentWarmUpAndSeeEachOthersWrites() {
        TestSchema schema = TestPostgres.createSchema();
        resources.add(schema);
        String prefix = "tw-main-" + UUID.randomUUID().toString().substring(0, 8);
        RedisConfig config = deployment().config(prefix);
        RedissonClient observer = RedisClientFactory.create(config);
        resources.add(() -> {
            observer.getKeys().unlinkByPattern(config.keyPrefix() + "*");
            observer.shutdown();
        });
        RedissonCacheStore store = new RedissonCacheStore(observer, config);

        int portA = freePort();
        ServiceProcess a = start(environment(schema, prefix, portA, false));
        HttpApi apiA = MainProcessIT.awaitHealthy(a, portA);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ApiResponse created = apiA.post("/heroes", Requests.hero("Main " + i, "en"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            ids.add(created.json().path("id").asText());
        }
        assertThat(store.deletePattern("*")).isGreaterThanOrEqualTo(0); // B's warm-up alone fills what follows

        int portB = freePort();
        ServiceProcess b = start(environment(schema, prefix, portB, true));
        HttpApi apiB = MainProcessIT.awaitHealthy(b, portB);
        Eventually.await(STARTS_WITHIN, "B's warm-up cached every hero",
                () -> ids.stream().allMatch(id -> store.exists("hero:" + id)));
        assertThat(a.stdout()).contains("Cache initialization: Redis " + describedAs());
        assertThat(a.stdout() + a.stderr() + b.stdout() + b.stderr()).as("REDIS_PASSWORD never logged")
                .doesNotContain(RedisProcess.PASSWORD);

        for (int round = 0; round < 6; round++) {
            HttpApi writer = round % 2 == 0 ? apiA : apiB;
            HttpApi reader = writer == apiA ? apiB : apiA;
            String id = ids.get(round);
            reader.get("/heroes/" + id); // the reader holds the old state, in Redis and its L1
            String name = "Renamed " + round;
            assertThat(writer.put("/heroes/" + id, Requests.hero(name, "en")).status()).isEqualTo(200);
            LockSupport.parkNanos(BOUND.toNanos());
            assertThat(reader.get("/heroes/" + id).json().path("name").asText()).isEqualTo(name);
        }
        for (HttpApi api : List.of(apiA, apiB)) {
            assertThat(api.get("/health").json().path("components").path("cache").path("status").asText())
                    .isEqualTo("UP");
        }
    }

    private Map<String, String> environment(TestSchema schema, String prefix, int port, boolean warmup) {
        TestPostgres.Server server = schema.server();
        String url = server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema="
                + schema.name();
        Map<String, String> environment = new HashMap<>(redisEnvironment());
        environment.put("DATABASE_URL", url);
        environment.put("DATABASE_USER", server.user());
        if (server.password() != null) {
            environment.put("DATABASE_PASSWORD", server.password());
        }
        environment.put("DATABASE_MAX_POOL_SIZE", "3");
        environment.put("HTTP_HOST", "127.0.0.1");
        environment.put("HTTP_PORT", Integer.toString(port));
        environment.put("CACHE_KEY_PREFIX", prefix);
        environment.put("CACHE_WARMUP", Boolean.toString(warmup));
        return environment;
    }

    private ServiceProcess start(Map<String, String> environment) {
        ServiceProcess process = ServiceProcess.start(environment);
        resources.add(process);
        return process;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
