package dev.taleweaver.adapter.redis;

import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ConnectionProvider;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The connections of the standalone Jedis read client (ADR 18): at most {@code REDIS_READ_CONNECTIONS} in use at once,
 * opened on demand, and the one given back last is taken first, so a light load keeps few connections busy.
 *
 * <p>Jedis's own pool (commons-pool2) locks a shared deque and updates shared statistics (clock reads and moving
 * averages under monitors) on every borrow and return: 8 % of the CPU samples of an L1-off cache hit at HTTP with 50
 * concurrent requests, more than the read itself (docs/benchmarks.md, issue 16). Here taking and giving back a
 * connection is a semaphore permit and one lock-free push or pop.
 *
 * <p><b>Bounds.</b> A reader waits at most {@code maxWait} (the socket timeout) for a place, then fails as the pool
 * did ("Timeout waiting for idle object", a TIMEOUT for the store). <b>Health.</b> A connection Jedis marked broken (an
 * I/O failure or a timeout) is closed when given back, and so is every idle one opened before it: they went to the
 * same server and are likely broken too (a restarted Redis), so the next readers open fresh ones instead of failing
 * on them one by one. An idle connection unused for {@link #IDLE_LIMIT} is closed instead of being taken (Jedis's pool
 * closed those after the same time), so connections are not kept open across long quiet spells; and each give-back closes the connection at the bottom of
 * the stack if it has been idle that long, so after a burst the connections a lighter load no longer needs are closed
 * by the reads that follow (there is no evictor thread: with no reads at all, idle connections stay open).
 */
final class ConnectionStack implements ConnectionProvider {
    /** An idle connection unused for longer is closed when met, not used. */
    static final Duration IDLE_LIMIT = Duration.ofSeconds(60);

    private final HostAndPort server;
    private final JedisClientConfig clientConfig;
    private final int maxConnections;
    private final Semaphore places;
    private final long maxWaitNanos;
    private final long idleLimitNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentLinkedDeque<StackedConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger open = new AtomicInteger();
    /** Connections opened at or before this stamp are not trusted: one of their generation broke. */
    private volatile long trustedSince;
    private volatile boolean closed;

    ConnectionStack(HostAndPort server, JedisClientConfig clientConfig, int maxConnections, Duration maxWait) {
        this(server, clientConfig, maxConnections, maxWait, IDLE_LIMIT, System::nanoTime);
    }

    ConnectionStack(HostAndPort server, JedisClientConfig clientConfig, int maxConnections, Duration maxWait,
                    Duration idleLimit, LongSupplier nanoTime) {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        this.server = server;
        this.clientConfig = clientConfig;
        this.maxConnections = maxConnections;
        this.places = new Semaphore(maxConnections);
        this.maxWaitNanos = maxWait.toNanos();
        this.idleLimitNanos = idleLimit.toNanos();
        this.nanoTime = nanoTime;
        this.trustedSince = nanoTime.getAsLong() - 1;
    }

    @Override
    public Connection getConnection() {
        takePlace();
        try {
            StackedConnection connection;
            while ((connection = idle.pollFirst()) != null) {
                if (usable(connection)) {
                    return connection.lend();
                }
                discard(connection);
            }
            return open().lend();
        } catch (RuntimeException | Error e) {
            places.release();
            throw e;
        }
    }

    /** Standalone: every command goes to the one server. */
    @Override
    public Connection getConnection(CommandArguments args) {
        return getConnection();
    }

    private void takePlace() {
        if (closed) {
            throw new JedisException("the Redis read connections are closed");
        }
        if (places.tryAcquire()) {
            return;
        }
        try {
            if (places.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JedisException("interrupted waiting for a Redis read connection", e);
        }
        // the pool's words and shape (a NoSuchElementException without a cause): JedisBoundedReads calls it TIMEOUT
        throw new JedisException("Could not get a resource from the pool",
                new NoSuchElementException("Timeout waiting for idle object: all " + maxConnections
                        + " read connections stayed in use for " + Duration.ofNanos(maxWaitNanos).toMillis()
                        + " ms"));
    }

    private boolean usable(StackedConnection connection) {
        return connection.openedAt - trustedSince > 0 && !connection.isBroken() && connection.isConnected()
                && nanoTime.getAsLong() - connection.idleSince < idleLimitNanos;
    }

    private StackedConnection open() {
        StackedConnection connection = new StackedConnection(this, nanoTime.getAsLong());
        open.incrementAndGet();
        return connection;
    }

    /** Called by a connection's {@code close()}: back on the stack, or closed if broken or the stack is closed. */
    private void giveBack(StackedConnection connection) {
        try {
            if (connection.isBroken()) {
                trustedSince = nanoTime.getAsLong(); // every idle connection opened until now is suspect
                discard(connection);
                discardUntrusted();
            } else if (closed) {
                discard(connection);
            } else {
                long now = nanoTime.getAsLong();
                connection.idleSince = now;
                idle.offerFirst(connection);
                if (closed) {
                    discardIdle(); // close() ran meanwhile and may have missed it
                } else {
                    retireOldest(now);
                }
            }
        } finally {
            places.release();
        }
    }

    /**
     * Closes the bottom of the stack if it has been idle for {@link #IDLE_LIMIT}: the top is what a light load keeps
     * using, so after a burst the connections it no longer needs are closed one per give-back.
     */
    private void retireOldest(long now) {
        StackedConnection oldest = idle.peekLast();
        if (oldest != null && now - oldest.idleSince >= idleLimitNanos && idle.removeLastOccurrence(oldest)) {
            discard(oldest);
        }
    }

    private void discardUntrusted() {
        for (StackedConnection connection : idle) {
            if (connection.openedAt - trustedSince <= 0 && idle.removeFirstOccurrence(connection)) {
                discard(connection);
            }
        }
    }

    private void discardIdle() {
        StackedConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            discard(connection);
        }
    }

    private void discard(StackedConnection connection) {
        open.decrementAndGet();
        try {
            connection.disconnect();
        } catch (RuntimeException e) {
            // closing a broken socket may fail; it is gone either way
        }
    }

    /** Connections open now, idle or in use (for tests and the log). */
    int openConnections() {
        return open.get();
    }

    /** Idle connections waiting on the stack (for tests). */
    int idleConnections() {
        return idle.size();
    }

    /** Closes the idle connections; one in use is closed when given back. */
    @Override
    public void close() {
        closed = true;
        discardIdle();
    }

    @Override
    public String toString() {
        return "ConnectionStack[" + server + ", " + open.get() + " open, " + idle.size() + " idle]";
    }

    /** A Jedis connection whose {@code close()} gives it back to its stack. */
    private static final class StackedConnection extends Connection {
        private final ConnectionStack stack;
        private final long openedAt;
        private long idleSince;
        /** Whether a reader holds it: a second {@code close()} gives nothing back. Handed over through the deque. */
        private boolean lent;

        StackedConnection(ConnectionStack stack, long openedAt) {
            super(new DefaultJedisSocketFactory(stack.server, stack.clientConfig), stack.clientConfig);
            this.stack = stack;
            this.openedAt = openedAt;
            this.idleSince = openedAt;
        }

        StackedConnection lend() {
            lent = true;
            return this;
        }

        @Override
        public void close() {
            if (lent) {
                lent = false;
                stack.giveBack(this);
            }
        }
    }
}
