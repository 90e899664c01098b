package dev.taleweaver.adapter.postgres;

import dev.taleweaver.application.port.in.ComponentHealth;
import dev.taleweaver.application.port.out.HealthProbe;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks PostgreSQL a trivial question through the same pool the repositories use. The database is critical:
 * without it the service cannot answer.
 *
 * <p>Waiting for a pooled connection can take the pool's whole connection timeout when the database is down,
 * so the check runs on its own thread and the probe gives up after {@link #TIMEOUT}. At most one check runs at
 * a time; a probe that arrives while one is still running waits for that one instead of starting another.
 */
public final class PostgresHealthProbe implements HealthProbe {
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int QUERY_TIMEOUT_SECONDS = 1;

    private final Jdbi jdbi;
    private final ExecutorService checks = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "taleweaver-db-health");
                thread.setDaemon(true);
                return thread;
            });
    private CompletableFuture<String> running;

    public PostgresHealthProbe(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public String component() {
        return "database";
    }

    @Override
    public ComponentHealth probe() {
        long started = System.nanoTime();
        try {
            String version = check().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return ComponentHealth.up(true, "PostgreSQL " + version + " answered in " + millis + " ms");
        } catch (TimeoutException e) {
            return ComponentHealth.down(true, "no connection or answer within " + TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return ComponentHealth.down(true, "unreachable: " + PostgresErrors.shortMessage(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ComponentHealth.down(true, "health check interrupted");
        } catch (RuntimeException e) {
            return ComponentHealth.down(true, "health check failed: " + PostgresErrors.shortMessage(e));
        }
    }

    private synchronized CompletableFuture<String> check() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(this::serverVersion, checks);
        }
        return running;
    }

    private String serverVersion() {
        return jdbi.withHandle(h -> h.createQuery("SHOW server_version")
                .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
                .mapTo(String.class)
                .one());
    }
}
