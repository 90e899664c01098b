package dev.taleweaver.adapter.redis.testing;

import dev.taleweaver.adapter.redis.RedisConfig;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * A Redis server of a test's own, on a free port of 127.0.0.1, that the test may {@link #kill()} and
 * {@link #restart()} again on the SAME port, to watch clients live through an outage. It runs the redis-server
 * binary bundled with embedded-redis, or the machine's {@code redis-server} when that one cannot start. No
 * persistence: a restarted server is empty, as after a real crash of a cache.
 *
 * <pre>{@code
 * try (PrivateRedisServer redis = PrivateRedisServer.start()) {
 *     RedissonClient client = RedisClientFactory.create(redis.config("test:"));
 *     redis.kill();      // clients now fail with CacheStoreException
 *     redis.restart();   // and recover by themselves, same port
 * }
 * }</pre>
 */
public final class PrivateRedisServer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final int port;
    private RedisServer server;
    /** Asked of the server when it starts: a frozen server cannot say it any more. */
    private long pid;

    private PrivateRedisServer(int port) {
        this.port = port;
    }

    /** A server already running on a free port. */
    public static PrivateRedisServer start() {
        PrivateRedisServer redis = notStarted();
        redis.startServer();
        return redis;
    }

    /** A free port with nothing listening yet, e.g. to create a client before Redis exists; {@link #restart()} it later. */
    public static PrivateRedisServer notStarted() {
        return new PrivateRedisServer(freePort());
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** A configuration for this server with the given key prefix and short timeouts fit for tests. */
    public RedisConfig config(String keyPrefix) {
        return RedisConfig.of(url()).withKeyPrefix(keyPrefix)
                .withTimeouts(Duration.ofSeconds(1), 1, Duration.ofMillis(100));
    }

    /** (Re)starts the server on its port and returns once it accepts connections. */
    public synchronized PrivateRedisServer restart() {
        startServer();
        return this;
    }

    /** Kills the process abruptly (SIGKILL), like a crash; returns once it is gone. */
    public synchronized void kill() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("could not kill the private Redis on port " + port, e);
        } finally {
            server = null;
        }
    }

    /**
     * Freezes the process (SIGSTOP): connections stay open but nothing answers, like a server stuck in a long
     * command or a network black hole. {@link #thaw()} resumes it; {@link #kill()} works on a frozen server too.
     */
    public synchronized void freeze() {
        signal("STOP");
    }

    public synchronized void thaw() {
        signal("CONT");
    }

    public synchronized boolean running() {
        return server != null && server.isActive();
    }

    @Override
    public void close() {
        kill();
    }

    private synchronized void startServer() {
        if (running()) {
            return;
        }
        IOException bundled;
        try {
            server = launch(ExecutableProvider.newJarResourceProvider());
            return;
        } catch (IOException | RuntimeException e) {
            bundled = e instanceof IOException io ? io : new IOException(e);
        }
        try {
            server = launch(ExecutableProvider.newExecutableInPath("redis-server"));
        } catch (IOException | RuntimeException e) {
            IllegalStateException failure = new IllegalStateException("could not start a private Redis on port "
                    + port + " with embedded-redis's binary nor with redis-server from the PATH"
                    + " (install redis-server, e.g. apt-get install redis-server)", e);
            failure.addSuppressed(bundled);
            throw failure;
        }
    }

    private RedisServer launch(ExecutableProvider executable) throws IOException {
        RedisServer candidate = new RedisServerBuilder()
                .executableProvider(executable)
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                // a unique dump name keeps parallel servers from touching each other's files
                .setting("dbfilename private-" + port + "-" + UUID.randomUUID() + ".rdb")
                .onShutdownForceStop(true)
                .build();
        candidate.start();
        awaitAcceptingConnections();
        pid = Pinger.processId("127.0.0.1", port, READY_TIMEOUT);
        return candidate;
    }

    private void awaitAcceptingConnections() throws IOException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (!Pinger.answers("127.0.0.1", port, Duration.ofMillis(200))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("the private Redis on port " + port + " did not answer PING within "
                        + READY_TIMEOUT);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** embedded-redis hides its Process and Redis rewrites its command line, so the pid comes from INFO. */
    private void signal(String signal) {
        if (server == null) {
            throw new IllegalStateException("the private Redis on port " + port + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not send SIG" + signal + " to the private Redis", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling the private Redis", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port for a private Redis", e);
        }
    }
}
