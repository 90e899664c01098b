package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.CheckHealth;
import dev.taleweaver.application.port.in.HealthReport;
import io.javalin.config.JavalinConfig;

/** {@code GET /health}: 200 when every critical dependency is up, else 503 — same document either way. */
final class HealthRoutes implements HttpRoutes {
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
    }
}
