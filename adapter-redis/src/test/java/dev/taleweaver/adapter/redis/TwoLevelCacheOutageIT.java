package dev.taleweaver.adapter.redis;

import dev.taleweaver.adapter.redis.testing.PrivateRedisServer;
import dev.taleweaver.application.port.out.CacheStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two-level store's promise across Redis outages and reconnects, on a private Redis the tests kill, freeze,
 * restart, or whose subscriptions they cut: instance {@code b} must never answer a value from its L1 more than the
 * staleness bound after it stopped being current, whatever happens to the channel that would have told it.
 */
class TwoLevelCacheOutageIT {
    private static final Logger log = LoggerFactory.getLogger(TwoLevelCacheOutageIT.class);
    private static final Duration STALENESS_BOUND = L1Settings.DEFAULT_STALENESS_BOUND;
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String KEY = "hero:1";

    private PrivateRedisServer server;
    private L1Instance a;
    private L1Instance b;

    @BeforeEach
    void start() {
        server = PrivateRedisServer.start();
        a = new L1Instance(server.config("l1:")).awaitTrusted();
        b = new L1Instance(server.config("l1:")).awaitTrusted();
        a.write(KEY, "v1");
        b.holdInL1(KEY);
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
        server.close();
    }

    /**
     * Redis dies. b's heartbeats stop coming back, so within the trust window its L1 stops answering; its reads then
     * fail like any Redis read (the caller falls back to the database) instead of returning what the L1 held. After
     * the restart Redis is empty, and so is b's answer: the L1 was cleared, not merely paused.
     */
    @Test
    void whenRedisDiesTheL1StopsAnsweringWithinTheBound() {
        server.kill();
        long killed = System.nanoTime();

        long lastL1Answer = killed; // when the last read answered by the L1 began
        CacheStoreException failure = null;
        while (failure == null) {
            long started = System.nanoTime();
            try {
                assertThat(b.read(KEY)).isEqualTo("v1");
                lastL1Answer = started;
            } catch (CacheStoreException e) {
                failure = e;
            }
            assertThat(System.nanoTime() - killed).as("b's read failed within %s", DEADLINE)
                    .isLessThan(DEADLINE.toNanos());
        }

        log.info("Redis killed: reads of b that began up to {} µs later were answered by its L1; then they failed ({})",
                (lastL1Answer - killed) / 1_000, failure.kind());
        assertThat(Duration.ofNanos(lastL1Answer - killed)).isLessThan(STALENESS_BOUND);

        server.restart();
        b.awaitTrusted();
        assertThat(b.read(KEY)).as("the restarted Redis is empty, and b's L1 was cleared").isNull();
    }

    /** A frozen Redis (nothing answers, connections stay open) stops the L1 the same way, by time alone. */
    @Test
    void whenRedisFreezesTheL1StopsAnsweringWithinTheBound() {
        server.freeze();
        long frozen = System.nanoTime();
        long lastL1Answer = frozen;
        try {
            while (true) {
                long started = System.nanoTime();
                try {
                    assertThat(b.read(KEY)).isEqualTo("v1");
                    lastL1Answer = started;
                } catch (CacheStoreException e) {
                    assertThat(e.kind()).isEqualTo(CacheStoreException.Kind.TIMEOUT);
                    break;
                }
            }
        } finally {
            server.thaw();
        }
        log.info("Redis frozen: reads of b that began up to {} µs later were answered by its L1; then they timed out",
                (lastL1Answer - frozen) / 1_000);
        assertThat(Duration.ofNanos(lastL1Answer - frozen)).isLessThan(STALENESS_BOUND);

        a.write(KEY, "v2");
        b.awaitTrusted();
        assertThat(b.read(KEY)).isEqualTo("v2");
    }

    /**
     * Kill and restart on the same port: the value b holds survives nowhere but in b's L1. Right after the restart,
     * while b's subscription is still being re-established, a writes the key straight into Redis through its plain
     * Redis store: no invalidation message exists at all, as if it had been published while b could not hear it.
     * From the moment that write returns, b must never answer the old value for longer than the bound.
     */
    @Test
    void aWriteNobodyToldBAboutDuringItsReconnectIsNotHiddenByItsL1() {
        server.kill();
        server.restart();
        long written = retry(() -> {
            a.redis.set(KEY, "v2", L1Instance.TTL);
            return System.nanoTime();
        });

        long stale = L1Instance.stalenessAfter(written, () -> observe("v1", "v2"));

        log.info("Raw write right after a restart: b's reads answered the old value if they began up to {} µs after it",
                stale / 1_000);
        assertThat(Duration.ofNanos(stale)).isLessThan(STALENESS_BOUND);
    }

    /**
     * Redis stays up but cuts every pub/sub connection (CLIENT KILL TYPE pubsub), as a proxy or network blip would;
     * Redisson re-subscribes by itself. a's invalidation, published right after the cut, reaches nobody. b must
     * notice (its own heartbeats are lost too, its subscription is renewed, or simply no fresh heartbeat comes back)
     * and stop answering the old value within the bound. Many rounds, the worst must stay under the bound.
     */
    @Test
    void anInvalidationLostWhileBsSubscriptionReconnectsIsNotServedStale() {
        int rounds = 20;
        long[] staleNanos = new long[rounds];
        long lapsesBefore = b.store.trustLapses();
        for (int round = 0; round < rounds; round++) {
            String old = "v" + (round + 1);
            String next = "v" + (round + 2);
            b.holdInL1(KEY);
            assertThat(b.read(KEY)).isEqualTo(old);

            long cut = killPubSubConnectionsOnceThere(server.port());
            assertThat(cut).as("b's subscription cut (and a's, unless it is still re-subscribing)").isPositive();
            long written = retry(() -> {
                a.write(KEY, next);
                return System.nanoTime();
            });

            staleNanos[round] = L1Instance.stalenessAfter(written, () -> observe(old, next));
        }

        long[] sorted = staleNanos.clone();
        Arrays.sort(sorted);
        log.info("Subscriptions cut, {} rounds: b's reads answered the old value if they began up to {} µs after a's "
                + "write returned (max; median {} µs); b's trust lapses: {}", rounds, sorted[rounds - 1] / 1_000, sorted[rounds / 2] / 1_000,
                b.store.trustLapses() - lapsesBefore);
        assertThat(Duration.ofNanos(sorted[rounds - 1])).isLessThan(STALENESS_BOUND);
    }

    /** 1 when b answers {@code old}, 0 for {@code next}, -1 for anything else (a miss, a failed read). */
    private long observe(String old, String next) {
        try {
            String seen = b.read(KEY);
            return old.equals(seen) ? 1 : next.equals(seen) ? 0 : -1;
        } catch (CacheStoreException e) {
            return -1;
        }
    }

    /** Runs a write until Redis takes it (the client may still be reconnecting). */
    private static long retry(Supplier<Long> write) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            try {
                return write.get();
            } catch (CacheStoreException e) {
                assertThat(System.nanoTime()).as("the write succeeded within %s", DEADLINE).isLessThan(deadline);
            }
        }
    }

    /** {@code CLIENT KILL TYPE pubsub} over a raw connection; returns how many connections Redis closed. */
    /**
     * The setup of a round: cuts the subscriptions, retrying for a while when none is there at that instant (Redisson
     * may still be moving the previous round's re-subscription to its final connection).
     */
    private static long killPubSubConnectionsOnceThere(int port) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long cut = killPubSubConnections(port);
        while (cut == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            cut = killPubSubConnections(port);
        }
        return cut;
    }

    private static long killPubSubConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.setSoTimeout(1_000);
            socket.getOutputStream().write("CLIENT KILL TYPE pubsub\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    reply.append((char) c);
                }
            }
            assertThat(reply.toString()).startsWith(":");
            return Long.parseLong(reply.substring(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
