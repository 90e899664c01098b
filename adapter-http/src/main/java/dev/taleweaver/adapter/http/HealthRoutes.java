package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.CheckHealth;
import dev.taleweaver.application.port.in.HealthReport;
import io.javalin.config.JavalinConfig;

import java.util.Map;

/**
 * {@code GET /health}: 200 when every critical dependency is up, else 503 — same document either way.
 * {@code GET /health/live}: 200 {@code {"status":"UP"}} whenever the process can serve a request at all; it asks no
 * dependency, so it stays cheap however often a supervisor asks. {@code GET /health/ready}: 200 {@code {"status":"UP"}}
 * when the service can do its work — the database answers and carries the schema this build migrated it to (the
 * database probe checks both) — else 503 {@code {"status":"DOWN"}}; a load balancer sends traffic only to a ready
 * instance, while a supervisor restarts only one that is not live. All three pass the admission limit through a pool
 * of their own ({@link AdmissionLimit}) and are never cached ({@code Cache-Control: no-store}).
 */
final class HealthRoutes implements HttpRoutes {
    /** What {@code /health/live} answers: the process is up; nothing about its dependencies. */
    static final Map<String, String> LIVE = Map.of("status", "UP");
    static final Map<String, String> NOT_READY = Map.of("status", "DOWN");

    private final CheckHealth health;

    HealthRoutes(CheckHealth health) {
        this.health = health;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/health", ctx -> {
            HealthReport report = health.check();
            // a cached "UP" would hide an outage from the load balancer asking
            ctx.header("Cache-Control", "no-store")
                    .status(report.healthy() ? 200 : 503)
                    .json(HealthResponse.of(report));
        });
        config.routes.get("/health/live", ctx -> ctx.header("Cache-Control", "no-store").json(LIVE));
        config.routes.get("/health/ready", ctx -> {
            boolean ready = health.check().healthy();
            ctx.header("Cache-Control", "no-store").status(ready ? 200 : 503).json(ready ? LIVE : NOT_READY);
        });
    }
}
