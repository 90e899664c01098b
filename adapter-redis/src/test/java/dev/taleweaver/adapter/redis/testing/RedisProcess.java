package dev.taleweaver.adapter.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * One {@code redis-server} process of the machine's binary (or {@code --sentinel}), on a loopback port of its own,
 * in a temporary directory of its own, without persistence. SIGKILLed by {@link #kill()}, at {@link #close()} and at
 * JVM exit, so a crashed test leaves no server behind. Never touches port 6379. Used by {@link RedisTestCluster}
 * and {@link RedisTestSentinel}.
 */
public final class RedisProcess implements AutoCloseable {
    /**
     * Every process of a test deployment asks for this password (data nodes, replicas towards their master,
     * sentinels), so the tests also prove that REDIS_PASSWORD reaches every node in every mode.
     */
    public static final String PASSWORD = "tw-test-secret";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(15);
    /** Ports are picked below this: a cluster node's bus port is its port + 10000. */
    private static final int HIGHEST_PORT = 54_000;
    private static final int LOWEST_PORT = 20_000;

    private final int port;
    private final Path dir;
    private final Process process;
    private final Tls tls;

    /**
     * A TLS-only process: its certificate and key (PEM) and the CA that signed them, which redis-cli trusts; clients
     * need no certificate of their own. Replication and the cluster bus use TLS too.
     */
    public record Tls(Path certificate, Path key, Path ca) {
        /** A certificate of {@code ca} for 127.0.0.1. */
        public static Tls of(TestPki ca) {
            Path[] files = ca.serverCertificate("redis", "ip:127.0.0.1,dns:localhost");
            return new Tls(files[0], files[1], ca.caPem());
        }

        List<String> serverLines(int port) {
            return List.of("port 0", "tls-port " + port, "tls-cert-file " + certificate, "tls-key-file " + key,
                    "tls-ca-cert-file " + ca, "tls-auth-clients no", "tls-replication yes", "tls-cluster yes",
                    // the bus port would be derived from the plain port, 0 here
                    "cluster-port " + (port + 10_000));
        }

        List<String> cliArguments() {
            return List.of("--tls", "--cacert", ca.toString());
        }
    }

    private RedisProcess(int port, Path dir, Process process, Tls tls) {
        this.port = port;
        this.dir = dir;
        this.process = process;
        this.tls = tls;
    }

    /**
     * Starts {@code redis-server <dir>/redis.conf} with {@code config} lines after the basics (port, loopback bind,
     * no persistence), and returns once it answers PING.
     */
    public static RedisProcess start(String name, List<String> config, boolean sentinel) {
        return start(name, config, sentinel, null);
    }

    /** As {@link #start(String, List, boolean)}, answering TLS only when {@code tls} is given. */
    public static RedisProcess start(String name, List<String> config, boolean sentinel, Tls tls) {
        for (int attempt = 0; ; attempt++) {
            int port = freePortPair();
            try {
                return startOn(name, port, config, sentinel, tls);
            } catch (IllegalStateException e) {
                if (attempt >= 3) {
                    throw e; // another process took the port between the check and the start: try another one
                }
            }
        }
    }

    private static RedisProcess startOn(String name, int port, List<String> config, boolean sentinel, Tls tls) {
        try {
            Path dir = Files.createTempDirectory("tw-" + name + "-" + port + "-");
            List<String> lines = new ArrayList<>(tls == null ? List.of("port " + port) : tls.serverLines(port));
            lines.addAll(List.of(
                    "bind 127.0.0.1",
                    "protected-mode no",
                    "dir " + dir,
                    "logfile " + dir.resolve("redis.log")));
            lines.add("requirepass " + PASSWORD);
            if (!sentinel) {
                lines.addAll(List.of("save \"\"", "appendonly no", "masterauth " + PASSWORD));
            }
            lines.addAll(config);
            Path conf = dir.resolve(sentinel ? "sentinel.conf" : "redis.conf");
            Files.write(conf, lines, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(redisServer(), conf.toString()));
            if (sentinel) {
                command.add("--sentinel");
            }
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            RedisProcess redis = new RedisProcess(port, dir, process, tls);
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "redis-" + port + "-kill"));
            redis.awaitReady();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server " + name + " on port " + port
                    + " (install it: apt-get install redis-server)", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL, like a crash; returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code redis-cli -p port args…}: the reply as text, or "" when the server does not answer. */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(cliOptions(tls));
        command.addAll(List.of(args));
        return run(command, Duration.ofSeconds(30));
    }

    /** The password and, for a TLS process, the TLS options of every redis-cli call. */
    static List<String> cliOptions(Tls tls) {
        List<String> options = new ArrayList<>(List.of("-a", PASSWORD, "--no-auth-warning"));
        if (tls != null) {
            options.addAll(tls.cliArguments());
        }
        return options;
    }

    /** Runs {@code command}, its output going to a file, for at most {@code timeout}: a hung command is killed. */
    static String run(List<String> command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("tw-redis-cli-", ".out");
            Process cli = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!cli.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                cli.destroyForcibly();
                cli.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout + ": "
                        + Files.readString(out));
            }
            return Files.readString(out, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0) + " (install redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (out != null) {
                out.toFile().delete();
            }
        }
    }

    /** Kills the process and deletes its directory. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!cli("PING").equals("PONG")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = tail(dir.resolve("redis.log"));
                close();
                throw new IllegalStateException("redis-server on port " + port + " did not start: " + log);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String redisServer() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "redis-server";
    }

    /** A port free on loopback whose cluster bus port (+10000) is free too. */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST_PORT, HIGHEST_PORT - 10_000);
            if (free(port) && free(port + 10_000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free pair of loopback ports for a test Redis");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
