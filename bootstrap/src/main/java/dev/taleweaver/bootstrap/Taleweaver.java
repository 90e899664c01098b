package dev.taleweaver.bootstrap;

import dev.taleweaver.adapter.http.HttpServer;
import dev.taleweaver.adapter.postgres.PostgresDatabase;
import dev.taleweaver.application.cache.operations.CacheWarmer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A running service: migrations applied, cache connected (or disabled), HTTP listening. {@link #close()}
 * drains HTTP first, then closes the cache client and the database pool.
 */
public final class Taleweaver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Taleweaver.class);

    private final TaleweaverComponent component;
    private final int port;
    private final Optional<CompletableFuture<CacheWarmer.Result>> warmUp;

    private Taleweaver(TaleweaverComponent component, int port, Optional<CompletableFuture<CacheWarmer.Result>> warmUp) {
        this.component = component;
        this.port = port;
        this.warmUp = warmUp;
    }

    /** Builds the graph, migrates the database and starts HTTP. Fails if the database cannot be migrated. */
    public static Taleweaver start(Settings settings, Clock clock) {
        TaleweaverComponent component = DaggerTaleweaverComponent.factory().create(settings, clock);
        PostgresDatabase database = component.database();
        try {
            int applied = database.migrate();
            log.info("Database ready: {} migration(s) applied", applied);
        } catch (RuntimeException e) {
            // nothing else was built yet: close only the pool
            database.close();
            throw e;
        }
        try {
            component.cache();
            int port = component.httpServer().start();
            log.info("Taleweaver listening on port {} (cache {})", port,
                    settings.redisEnabled() ? "enabled" : "disabled by REDIS_ENABLED=false");
            // warm in the background: the service answers requests while it runs
            return new Taleweaver(component, port, component.warmer().map(CacheWarmer::warm));
        } catch (RuntimeException e) {
            closeQuietly(component);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    /** Every route the HTTP API answers, as {@code "METHOD /path/{param}"} (checked against the OpenAPI document). */
    public Set<String> routes() {
        return component.httpServer().routes();
    }

    /** The start-up cache warm-up, when CACHE_WARMUP=true. */
    public Optional<CompletableFuture<CacheWarmer.Result>> warmUp() {
        return warmUp;
    }

    @Override
    public void close() {
        warmUp.ifPresent(w -> w.cancel(true));
        closeQuietly(component);
        log.info("Taleweaver stopped");
    }

    private static void closeQuietly(TaleweaverComponent component) {
        HttpServer http = component.httpServer();
        PostgresDatabase database = component.database();
        try {
            http.stop();
        } catch (RuntimeException e) {
            log.warn("HTTP server did not stop cleanly: {}", e.toString());
        }
        component.cache().close();
        database.close();
    }
}
