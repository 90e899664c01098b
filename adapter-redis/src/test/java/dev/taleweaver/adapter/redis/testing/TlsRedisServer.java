package dev.taleweaver.adapter.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's {@code redis-server} answering TLS only, on a free port of 127.0.0.1, with a certificate the test
 * made ({@link TestPki}); clients need not present one ({@code --tls-auth-clients no}). No persistence. Close it (in
 * {@code @AfterAll}) to stop the process.
 */
public final class TlsRedisServer implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final int port;
    private final Path log;

    private TlsRedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts redis-server with a certificate {@code ca} signs for {@code subjectAltNames} (keytool syntax). */
    public static TlsRedisServer start(TestPki ca, String alias, String subjectAltNames) {
        Path[] certificate = ca.serverCertificate(alias, subjectAltNames);
        return start(certificate[0], certificate[1], ca.caPem());
    }

    /** Starts redis-server with {@code certificate} (PEM) and its private {@code key} (PEM). */
    public static TlsRedisServer start(Path certificate, Path key, Path caPem) {
        int port = freePort();
        try {
            Path log = Files.createTempFile("tw-tls-redis-", ".log");
            Process process = new ProcessBuilder(List.of("redis-server", "--port", "0",
                    "--bind", "127.0.0.1", "--tls-port", Integer.toString(port),
                    "--tls-cert-file", certificate.toString(), "--tls-key-file", key.toString(),
                    "--tls-ca-cert-file", caPem.toString(), "--tls-auth-clients", "no",
                    "--save", "", "--appendonly", "no"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            TlsRedisServer server = new TlsRedisServer(process, port, log);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run redis-server (with TLS support) from the PATH, which the TLS"
                    + " tests need; on Debian: apt-get install redis-server", e);
        }
    }

    /** {@code rediss://127.0.0.1:<port>}; use {@link #port()} with another host name for name checks. */
    public String url() {
        return "rediss://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private void awaitListening() throws IOException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server with TLS exited (" + process.exitValue() + "): "
                        + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("redis-server with TLS did not listen on " + port + " within "
                + READY_TIMEOUT + ": " + Files.readString(log));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
