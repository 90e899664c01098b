package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.adapter.redis.testing.PrivateRedisStore;
import dev.taleweaver.application.port.out.AlienCacheDataException;
import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CacheStoreException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import redis.clients.jedis.Jedis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Jedis reads ({@code REDIS_READ_CLIENT=jedis}, ADR 18) against a private real Redis, so connections can be
 * counted and the server frozen: they read exactly what Redisson wrote, open no connection before the first read
 * and never more than the pool, and a pool left without a free connection is a TIMEOUT, not a hang.
 */
class JedisReadsIT {
    private static final Duration TTL = Duration.ofSeconds(60);

    private final PrivateRedisStore redis = new PrivateRedisStore();
    private PrivateRedisServer server;
    private RedissonClient client;
    private RedissonCacheStore store;

    @AfterEach
    void stop() {
        redis.close();
    }

    private RedisConfig start(int poolSize) {
        server = redis.serve(PrivateRedisServer.start());
        RedisConfig config = server.config("jr:").withReadConnections(poolSize);
        assertThat(config.readClient()).isEqualTo(RedisReadClient.JEDIS);
        store = redis.connect(config);
        client = redis.client();
        return config;
    }

    /** Connections the Jedis reads hold open now ({@code CLIENT LIST} of their client name). */
    private long readConnections() {
        try (Jedis admin = new Jedis("127.0.0.1", server.port())) {
            return Arrays.stream(admin.clientList().split("\n"))
                    .filter(line -> line.contains(" name=" + JedisClients.CLIENT_NAME + " ")).count();
        }
    }

    @Test
    void readsExactlyTheBytesRedissonWroteUpToTheBound() {
        start(2);
        byte[] atTheBound = nonAsciiValueOf(RedissonCacheStore.MAX_VALUE_BYTES);
        client.getBucket("jr:hero:big", ByteArrayCodec.INSTANCE).set(atTheBound, TTL);
        store.set("hero:small", "{\"name\":\"Captain Wonder 🦸 é ß 中\"}", TTL);

        assertThat(store.getBytes("hero:big")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(atTheBound));
        assertThat(store.get("hero:big")).contains(new String(atTheBound, StandardCharsets.UTF_8));
        assertThat(store.get("hero:small")).contains("{\"name\":\"Captain Wonder 🦸 é ß 中\"}");
        assertThat(store.getBytes("hero:small")).hasValueSatisfying(bytes -> assertThat(bytes)
                .isEqualTo("{\"name\":\"Captain Wonder 🦸 é ß 中\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(store.get("hero:none")).isEmpty();
        assertThat(store.getBytes("hero:none")).isEmpty();

        byte[] overTheBound = nonAsciiValueOf(RedissonCacheStore.MAX_VALUE_BYTES + 1);
        client.getBucket("jr:hero:big", ByteArrayCodec.INSTANCE).set(overTheBound, TTL);
        assertThatThrownBy(() -> store.getBytes("hero:big")).isInstanceOf(AlienCacheDataException.class)
                .hasMessageContaining("over the bound");
        assertThat(client.getBucket("jr:hero:big").isExists()).as("deleted through Redisson").isFalse();

        client.getList("jr:hero:list").add("a list, not a value");
        assertThatThrownBy(() -> store.get("hero:list")).isInstanceOf(AlienCacheDataException.class);
        assertThat(client.getBucket("jr:hero:list").isExists()).isFalse();
    }

    @Test
    void opensNoConnectionBeforeTheFirstReadAndNeverMoreThanThePool() throws Exception {
        start(2);
        store.set("hero:1", "one", TTL);
        assertThat(store.exists("hero:1")).isTrue();
        assertThat(readConnections()).as("writes and EXISTS go through Redisson").isZero();

        assertThat(store.get("hero:1")).contains("one");
        assertThat(readConnections()).isEqualTo(1);

        ExecutorService readers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(readers.submit(() -> {
                    for (int i = 0; i < 300; i++) {
                        assertThat(store.get("hero:1")).contains("one");
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdownNow();
        }
        assertThat(readConnections()).as("REDIS_READ_CONNECTIONS bounds the read pool").isBetween(1L, 2L);
        assertThat(store.callsInFlight()).isZero();

        redis.closeStore(); // store.close(), and not again after the test
        Instant deadline = Instant.now().plusSeconds(5);
        while (readConnections() > 0 && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        assertThat(readConnections()).as("closed with the store").isZero();
        assertThatThrownBy(() -> store.get("hero:1")).isInstanceOfSatisfying(CacheStoreException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CONNECTION));
    }

    @Test
    void aReaderWaitingForAConnectionOfAFrozenServerTimesOutAndTheReadsRecover() throws Exception {
        RedisConfig config = start(1);
        store.set("hero:1", "cached", TTL);
        assertThat(store.get("hero:1")).contains("cached");
        Duration budget = config.socketTimeout().multipliedBy(2).plusSeconds(2);

        server.freeze();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            Instant start = Instant.now();
            List<Future<Kind>> kinds = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                kinds.add(readers.submit(() -> {
                    try {
                        store.get("hero:1");
                        return null;
                    } catch (CacheStoreException e) {
                        return e.kind();
                    }
                }));
            }
            for (Future<Kind> kind : kinds) {
                assertThat(kind.get(budget.toMillis() + 5_000, TimeUnit.MILLISECONDS))
                        .as("one reader times out on the socket, the other waiting for the pool")
                        .isEqualTo(Kind.TIMEOUT);
            }
            assertThat(Duration.between(start, Instant.now())).isLessThan(budget);
        } finally {
            server.thaw();
            readers.shutdownNow();
        }

        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try {
                assertThat(store.get("hero:1")).contains("cached");
                break;
            } catch (CacheStoreException e) {
                assertThat(Instant.now()).as("reads recover").isBefore(deadline);
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    /**
     * A sentinel or cluster client is built on the first read, contacting its nodes: with none of them up the
     * service still starts, each read fails fast as CONNECTION, and the build is not retried before the interval.
     */
    @Test
    void withNoSentinelOrClusterNodeUpReadsFailFastAsConnection() {
        server = redis.serve(PrivateRedisServer.notStarted()); // a free port nothing listens on
        String dead = "127.0.0.1:" + server.port();
        RedisConfig base = server.config("jr:").withTimeouts(Duration.ofSeconds(1), 1, Duration.ofSeconds(30));
        for (RedisTopology topology : List.of(RedisTopology.sentinel(List.of(dead), "mymaster"),
                RedisTopology.cluster(List.of(dead)))) {
            RedisConfig config = base.withTopology(topology);
            try (JedisBoundedReads reads = new JedisBoundedReads(config)) {
                Instant start = Instant.now();
                assertThatThrownBy(() -> reads.readBytes("jr:hero:1")).as(topology.describe())
                        .isInstanceOfSatisfying(CacheStoreException.class,
                                e -> assertThat(e.kind()).isEqualTo(Kind.CONNECTION));
                assertThatThrownBy(() -> reads.readText("jr:hero:1")).as("not built again within the interval")
                        .isInstanceOfSatisfying(CacheStoreException.class,
                                e -> assertThat(e).hasMessageContaining("next attempt in"));
                assertThat(reads.built()).isFalse();
                assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    /** {@code length} bytes of valid UTF-8 made mostly of 2-, 3- and 4-byte characters, ASCII filling the end. */
    private static byte[] nonAsciiValueOf(int length) {
        byte[] unit = "é中🦸".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        while (out.size() + unit.length <= length) {
            out.writeBytes(unit);
        }
        while (out.size() < length) {
            out.write('a');
        }
        return out.toByteArray();
    }
}
