package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.application.port.out.CacheStoreException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ConnectionStack}, the standalone Jedis reads' connections, on a private real Redis whose connections can be
 * counted and which can be restarted: reuse, the bound and its timeout, one give-back per connection, broken
 * connections and their generation dropped at once, idle ones past the limit closed (when met, and from the bottom
 * after a burst), and closing.
 */
class ConnectionStackIT {
    private static final Duration WAIT = Duration.ofMillis(300);

    private final AtomicLong clock = new AtomicLong(1_000);
    private PrivateRedisServer server;
    private final List<ConnectionStack> stacks = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = PrivateRedisServer.start();
    }

    @AfterEach
    void stop() {
        try {
            stacks.forEach(ConnectionStack::close);
        } finally {
            server.close();
        }
    }

    private ConnectionStack stack(int max) {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder().clientName(JedisClients.CLIENT_NAME)
                .resp2().socketTimeoutMillis(2_000).build();
        ConnectionStack stack = new ConnectionStack(new HostAndPort("127.0.0.1", server.port()), config, max, WAIT,
                Duration.ofNanos(60_000), clock::get);
        stacks.add(stack);
        return stack;
    }

    /** Connections open on the server under the reads' client name. */
    private long serverSideConnections() {
        try (Jedis admin = new Jedis("127.0.0.1", server.port())) {
            return Arrays.stream(admin.clientList().split("\n"))
                    .filter(line -> line.contains(" name=" + JedisClients.CLIENT_NAME + " ")).count();
        }
    }

    private static boolean ping(ConnectionStack stack) {
        try (Connection connection = stack.getConnection()) {
            return connection.ping();
        }
    }

    @Test
    void oneReaderAfterAnotherReusesOneConnection() {
        ConnectionStack stack = stack(4);
        for (int i = 0; i < 100; i++) {
            assertThat(ping(stack)).isTrue();
        }
        assertThat(stack.openConnections()).isEqualTo(1);
        assertThat(serverSideConnections()).isEqualTo(1);
    }

    @Test
    void beyondTheBoundAReaderWaitsThenFailsAsATimeoutAndAGiveBackFreesAPlace() {
        ConnectionStack stack = stack(2);
        Connection first = stack.getConnection();
        Connection second = stack.getConnection();
        Instant start = Instant.now();
        assertThatThrownBy(stack::getConnection).isInstanceOfSatisfying(JedisException.class,
                e -> assertThat(JedisBoundedReads.kindOf(e)).isEqualTo(Kind.TIMEOUT))
                .hasRootCauseMessage("Timeout waiting for idle object: all 2 read connections stayed in use for 300 ms");
        assertThat(Duration.between(start, Instant.now())).isGreaterThanOrEqualTo(WAIT.minusMillis(10));

        first.close();
        first.close(); // a second close gives nothing back: still one place only
        Connection again = stack.getConnection();
        assertThat(again).isSameAs(first);
        assertThatThrownBy(stack::getConnection).isInstanceOf(JedisException.class);
        again.close();
        second.close();
        assertThat(stack.openConnections()).isEqualTo(2);
        assertThat(stack.idleConnections()).isEqualTo(2);
    }

    @Test
    void aBrokenConnectionTakesItsIdleGenerationWithItSoARestartedServerCostsOneFailure() {
        ConnectionStack stack = stack(4);
        List<Connection> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(stack.getConnection());
        }
        held.forEach(Connection::close);
        assertThat(stack.idleConnections()).isEqualTo(4);

        server.kill();
        server.restart(); // every idle socket now points at a dead process

        assertThatThrownBy(() -> ping(stack)).as("the first reader meets a stale socket")
                .isInstanceOfSatisfying(JedisException.class,
                        e -> assertThat(JedisBoundedReads.kindOf(e)).isEqualTo(Kind.CONNECTION));
        assertThat(stack.idleConnections()).as("its whole generation was dropped with it").isZero();
        clock.addAndGet(1);
        for (int i = 0; i < 10; i++) {
            assertThat(ping(stack)).as("fresh connections from here on").isTrue();
        }
        assertThat(stack.openConnections()).isEqualTo(1);
    }

    @Test
    void anIdleConnectionPastTheLimitIsClosedInsteadOfUsed() {
        ConnectionStack stack = stack(4);
        Connection first = stack.getConnection();
        first.close();
        clock.addAndGet(60_000 - 1);
        Connection stillFresh = stack.getConnection();
        assertThat(stillFresh).isSameAs(first);
        stillFresh.close();

        clock.addAndGet(60_000);
        Connection replaced = stack.getConnection();
        assertThat(replaced).isNotSameAs(first);
        assertThat(first.isConnected()).isFalse();
        replaced.close();
        assertThat(stack.openConnections()).isEqualTo(1);
        assertThat(serverSideConnections()).isEqualTo(1);
    }

    @Test
    void afterABurstTheConnectionsALightLoadNoLongerUsesAreClosedByTheReadsThatFollow() {
        ConnectionStack stack = stack(4);
        List<Connection> burst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            burst.add(stack.getConnection());
        }
        burst.forEach(Connection::close); // the last given back is on top
        clock.addAndGet(30_000);
        assertThat(ping(stack)).isTrue(); // the top one, given back again: the bottom one is idle 30 of 60
        assertThat(stack.openConnections()).isEqualTo(3);

        clock.addAndGet(31_000);
        assertThat(ping(stack)).isTrue();
        assertThat(stack.openConnections()).as("the bottom one, idle past the limit, closed").isEqualTo(2);
        assertThat(burst.get(0).isConnected()).isFalse();
        assertThat(ping(stack)).isTrue();
        assertThat(stack.openConnections()).isEqualTo(1);
        assertThat(ping(stack)).isTrue();
        assertThat(stack.openConnections()).as("the one in use stays").isEqualTo(1);
        assertThat(serverSideConnections()).isEqualTo(1);
    }

    @Test
    void closingClosesTheIdleConnectionsAndEachInUseOneWhenGivenBack() {
        ConnectionStack stack = stack(4);
        Connection idle = stack.getConnection();
        Connection busy = stack.getConnection();
        idle.close();
        stack.close();
        assertThat(idle.isConnected()).isFalse();
        assertThat(busy.ping()).as("a reader's connection is not cut under it").isTrue();
        busy.close();
        assertThat(busy.isConnected()).isFalse();
        assertThat(stack.openConnections()).isZero();
        assertThatThrownBy(stack::getConnection).isInstanceOf(JedisException.class).hasMessageContaining("closed");
    }
}
