package dev.taleweaver.adapter.postgres.testing;

import dev.taleweaver.adapter.postgres.PostgresConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on a free loopback port to PostgreSQL that can be frozen: while frozen it forwards nothing either way
 * and keeps every connection open, as a stopped server or a network that drops packets without a reset would. What
 * was sent meanwhile is forwarded after {@link #thaw()}. It can also cut a connection right after a commit reached
 * the server ({@link #cutAfterNextCommit()}).
 */
public final class FreezableRelay implements AutoCloseable {
    private static final Duration PAUSE = Duration.ofMillis(5);
    private static final Duration COMMIT_GRACE = Duration.ofMillis(300);
    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;
    private volatile boolean closed;
    private volatile boolean cutAfterCommit;

    private FreezableRelay(String targetHost, int targetPort) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        daemon("relay-accept", this::accept);
    }

    /** A relay to the test PostgreSQL server at {@code host:port}. */
    public static FreezableRelay to(String host, int port) {
        try {
            return new FreezableRelay(host, port);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open a relay port", e);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void freeze() {
        frozen = true;
    }

    public void thaw() {
        frozen = false;
    }

    /**
     * The next {@code COMMIT} a client sends reaches the server, but its answer does not reach the client: the
     * relay drops it and closes that connection both ways, as a crash or a network cut right after the commit would.
     */
    public void cutAfterNextCommit() {
        cutAfterCommit = true;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                Link link = new Link(client, server);
                pump(link, client, server, true);
                pump(link, server, client, false);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /** One client's connection: both sockets, and whether the server's answers are being dropped. */
    private static final class Link {
        final Socket client;
        final Socket server;
        volatile boolean dropping;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }
    }

    private void pump(Link link, Socket from, Socket to, boolean fromClient) {
        daemon("relay-pump", () -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    while (frozen && !closed) {
                        LockSupport.parkNanos(PAUSE.toNanos());
                    }
                    boolean commit = fromClient && cutAfterCommit && contains(buffer, read, COMMIT);
                    if (commit) {
                        cutAfterCommit = false;
                        link.dropping = true;
                    }
                    if (fromClient || !link.dropping) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                    if (commit) {
                        LockSupport.parkNanos(COMMIT_GRACE.toNanos()); // the server commits meanwhile
                        closeQuietly(link.client);
                        closeQuietly(link.server);
                    }
                }
            } catch (IOException e) {
                // one side closed: close the other too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    private static boolean contains(byte[] buffer, int length, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The same settings reached through this relay: {@code config}'s JDBC URL with its host and port replaced by
     * this relay's, and {@code prepareThreshold=0}, so that the driver sends the text of every statement (a
     * server-prepared {@code COMMIT} goes by a name, which {@link #cutAfterNextCommit()} could not recognise).
     */
    public PostgresConfig through(PostgresConfig config) {
        String url = config.jdbcUrl().replaceFirst("^jdbc:postgresql://[^/]+", "jdbc:postgresql://127.0.0.1:" + port());
        url += (url.contains("?") ? "&" : "?") + "prepareThreshold=0";
        return new PostgresConfig(url, config.user(), config.password(),
                config.maxPoolSize(), config.schema(), config.statementTimeout());
    }

    /** A relay to the host and port of {@code config}'s JDBC URL. */
    public static FreezableRelay toServerOf(PostgresConfig config) {
        URI uri = java.net.URI.create(config.jdbcUrl().substring("jdbc:".length()));
        return to(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    @Override
    public void close() {
        closed = true;
        frozen = false;
        closeQuietly(listener);
        sockets.forEach(FreezableRelay::closeQuietly);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
