package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;

/**
 * A group of endpoints plugged into {@link HttpServer}, so features such as metrics, admin or a dashboard can add
 * routes (or before/after handlers, plugins, lifecycle events) without touching the server class. Javalin 7 takes
 * every route up front, inside {@code Javalin.create(config -> …)}, so a group registers on the config.
 */
@FunctionalInterface
public interface HttpRoutes {
    void register(JavalinConfig config);

    /**
     * Whether this group adds something to every answer (a before-handler that sets headers on all paths, as CORS
     * does): then item reads and pages are not answered in front of Javalin ({@link DirectReads}), whose answers would lack it.
     */
    default boolean decoratesEveryAnswer() {
        return false;
    }
}
