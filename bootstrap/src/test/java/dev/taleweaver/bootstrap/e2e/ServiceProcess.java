package dev.taleweaver.bootstrap.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code dev.taleweaver.bootstrap.Main} in a JVM of its own, as an operator runs it: only the environment
 * variables given, output captured to files (so a chatty process can never block on a full pipe).
 */
public final class ServiceProcess implements AutoCloseable {
    private static final String MAIN = "dev.taleweaver.bootstrap.Main";

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ServiceProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts Main with exactly {@code environment} (nothing inherited). */
    public static ServiceProcess start(Map<String, String> environment) {
        try {
            Path out = Files.createTempFile("taleweaver-main-", ".out");
            Path err = Files.createTempFile("taleweaver-main-", ".err");
            ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-cp", productionClassPath(), MAIN)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            return new ServiceProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + MAIN, e);
        }
    }

    /** The java launcher running this test. */
    private static String java() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * This JVM's class path without the test classes and test-jars: the child then runs with the product's own
     * logback.xml, as in production, instead of the tests' logback-test.xml.
     */
    private static String productionClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits at most {@code timeout} for the process to end; true when it did. */
    public boolean exitsWithin(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public int exitCode() {
        return process.exitValue();
    }

    /** SIGTERM, as {@code kill} or an orchestrator sends it. */
    public void terminate() {
        process.destroy();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    public List<String> stdoutLines() {
        return stdout().lines().filter(line -> !line.isBlank()).toList();
    }

    /** Everything it printed, for failure messages. */
    public String output() {
        return "exit " + (process.isAlive() ? "(running)" : process.exitValue()) + "\n--- stdout\n" + stdout()
                + "--- stderr\n" + stderr();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            exitsWithin(Duration.ofSeconds(10));
        }
        try {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // temporary files; the OS cleans up eventually
        }
    }
}
