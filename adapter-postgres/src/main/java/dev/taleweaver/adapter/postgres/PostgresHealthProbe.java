package dev.taleweaver.adapter.postgres;

import dev.taleweaver.application.port.in.ComponentHealth;
import dev.taleweaver.application.port.out.HealthProbe;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Asks PostgreSQL a trivial question through the same pool the repositories use. The database is critical:
 * without it the service cannot answer.
 *
 * <p>Waiting for a pooled connection can take the pool's whole connection timeout when the database is down,
 * so the check runs on its own thread and the probe gives up after {@link #TIMEOUT}. At most one check runs at
 * a time; a probe that arrives while one is still running waits for that one instead of starting another.
 *
 * <p>Given the version {@link PostgresDatabase#migrate()} reached, the probe also reads the newest successful entry
 * of Flyway's schema history and reports the database DOWN while none was migrated yet, or when the history no longer
 * carries that version (a schema dropped or restored from an older backup): the service is not ready then.
 */
public final class PostgresHealthProbe implements HealthProbe {
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int QUERY_TIMEOUT_SECONDS = 1;

    private final Jdbi jdbi;
    private final Supplier<Optional<String>> migratedVersion;
    private final ExecutorService checks = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "taleweaver-db-health");
                thread.setDaemon(true);
                return thread;
            });
    private CompletableFuture<String> running;

    /** A probe of reachability alone. */
    public PostgresHealthProbe(Jdbi jdbi) {
        this(jdbi, null);
    }

    /** @param migratedVersion the schema version the database must carry ({@link PostgresDatabase#migratedVersion}) */
    public PostgresHealthProbe(Jdbi jdbi, Supplier<Optional<String>> migratedVersion) {
        this.jdbi = jdbi;
        this.migratedVersion = migratedVersion;
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
            if (e.getCause() instanceof SchemaNotMigrated notMigrated) {
                return ComponentHealth.down(true, notMigrated.getMessage());
            }
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
        return jdbi.withHandle(h -> {
            String version = h.createQuery("SHOW server_version")
                    .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
                    .mapTo(String.class)
                    .one();
            if (migratedVersion != null) {
                requireSchema(h);
            }
            return version;
        });
    }

    private void requireSchema(Handle h) {
        String expected = migratedVersion.get().orElseThrow(() ->
                new SchemaNotMigrated("schema migrations not applied yet"));
        Optional<String> current = h.createQuery("SELECT version FROM flyway_schema_history WHERE success"
                        + " AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")
                .setQueryTimeout(QUERY_TIMEOUT_SECONDS)
                .mapTo(String.class)
                .findOne();
        if (current.isEmpty() || !current.get().equals(expected)) {
            throw new SchemaNotMigrated("schema at version " + current.orElse("(none)") + ", expected " + expected);
        }
    }

    /** The database answers but does not carry the migrated schema. */
    private static final class SchemaNotMigrated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SchemaNotMigrated(String message) {
            super(message, null, false, false);
        }
    }
}
