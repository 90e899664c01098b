package dev.taleweaver.adapter.redis;

import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CacheStoreException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * REDIS_READ_CLIENT: parsing, the default, the replica exception, and what the Jedis reads make of Jedis's failures
 * and of a client that cannot be built (no Redis needed: the builder is replaced by one that fails).
 */
class RedisReadClientTest {

    @ParameterizedTest
    @CsvSource({"jedis,JEDIS", "JEDIS,JEDIS", "' Jedis ',JEDIS", "redisson,REDISSON", "Redisson,REDISSON"})
    void parsesTheTwoClientsInAnyCase(String value, RedisReadClient expected) {
        assertThat(RedisReadClient.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lettuce", "jedi", "both"})
    void refusesAnythingElse(String value) {
        assertThat(RedisReadClient.parse(value)).isNull();
        assertThat(RedisReadClient.parse(null)).isNull();
    }

    @Test
    void jedisIsTheDefaultExceptForReadsFromReplicas() {
        RedisConfig config = RedisConfig.of("redis://127.0.0.1:6379");
        assertThat(config.readClient()).isEqualTo(RedisReadClient.JEDIS);
        assertThat(config.effectiveReadClient()).isEqualTo(RedisReadClient.JEDIS);
        assertThat(config.withReadClient(RedisReadClient.REDISSON).effectiveReadClient())
                .isEqualTo(RedisReadClient.REDISSON);
        assertThat(config.toString()).contains("readClient=jedis");
        RedisConfig replicas = config.withTopology(RedisTopology.sentinel(List.of("a:26379"), "m")
                .withReadFrom(RedisTopology.ReadFrom.REPLICA));
        assertThat(replicas.readClient()).isEqualTo(RedisReadClient.JEDIS);
        assertThat(replicas.effectiveReadClient()).as("Jedis would read the master")
                .isEqualTo(RedisReadClient.REDISSON);
        assertThat(RedisClientFactory.readClientDescription(replicas)).contains("redisson", "REDIS_READ_FROM");
        assertThat(RedisClientFactory.readClientDescription(config)).startsWith("jedis (pool of 64");
    }

    @Test
    void timeoutsAndAnExhaustedPoolAreTimeoutsConnectionFailuresAreConnection() {
        assertThat(JedisBoundedReads.kindOf(new JedisConnectionException(new SocketTimeoutException("Read timed out"))))
                .isEqualTo(Kind.TIMEOUT);
        assertThat(JedisBoundedReads.kindOf(new JedisException("Could not get a resource from the pool",
                new NoSuchElementException("Timeout waiting for idle object")))).isEqualTo(Kind.TIMEOUT);
        assertThat(JedisBoundedReads.kindOf(new JedisConnectionException("Failed to connect",
                new ConnectException("Connection refused")))).isEqualTo(Kind.CONNECTION);
        assertThat(JedisBoundedReads.kindOf(new JedisConnectionException("Unexpected end of stream.")))
                .isEqualTo(Kind.CONNECTION);
        JedisClusterOperationException attempts = new JedisClusterOperationException("No more cluster attempts left.");
        attempts.addSuppressed(new JedisConnectionException(new ConnectException("Connection refused")));
        assertThat(JedisBoundedReads.kindOf(attempts)).isEqualTo(Kind.CONNECTION);
        attempts.addSuppressed(new JedisConnectionException(new SocketTimeoutException("Read timed out")));
        assertThat(JedisBoundedReads.kindOf(attempts)).isEqualTo(Kind.TIMEOUT);
        assertThat(JedisBoundedReads.kindOf(new JedisDataException("LOADING Redis is loading")))
                .isEqualTo(Kind.OTHER);
        assertThat(RedisFailures.isWrongType(new JedisDataException(
                "WRONGTYPE Operation against a key holding the wrong kind of value"))).isTrue();
    }

    @Test
    void aClientThatCannotBeBuiltIsTriedAgainAfterTheRetryIntervalNotBefore() {
        RedisConfig config = RedisConfig.of("redis://127.0.0.1:6379")
                .withTimeouts(Duration.ofSeconds(1), 0, Duration.ofMillis(300));
        AtomicInteger builds = new AtomicInteger();
        AtomicLong now = new AtomicLong();
        try (JedisBoundedReads reads = new JedisBoundedReads(config, c -> {
            builds.incrementAndGet();
            throw new JedisConnectionException("All sentinels down, cannot determine where is m master is running");
        }, now::get)) {
            assertThat(reads.built()).isFalse();
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> reads.readBytes("k"))
                        .isInstanceOfSatisfying(CacheStoreException.class,
                                e -> assertThat(e.kind()).isEqualTo(Kind.CONNECTION))
                        .hasMessageContaining("All sentinels down");
            }
            assertThat(builds).as("one build per retry interval").hasValue(1);
            now.addAndGet(Duration.ofMillis(299).toNanos());
            assertThatThrownBy(() -> reads.readBytes("k")).isInstanceOf(CacheStoreException.class);
            assertThat(builds).as("still within the interval").hasValue(1);
            now.addAndGet(Duration.ofMillis(1).toNanos());
            assertThatThrownBy(() -> reads.readBytes("k")).isInstanceOf(CacheStoreException.class);
            assertThat(builds).hasValue(2);
        }
    }

    @Test
    void aClosedReaderFailsAsConnection() {
        JedisBoundedReads reads = new JedisBoundedReads(RedisConfig.of("redis://127.0.0.1:6379"), c -> {
            throw new AssertionError("never built");
        });
        reads.close();
        assertThatThrownBy(() -> reads.readText("k"))
                .isInstanceOfSatisfying(CacheStoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(Kind.CONNECTION));
    }
}
