package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the metrics scrape, in whatever text format the metrics adapter writes. This adapter knows
 * nothing of metrics libraries: it is handed the content type and a way to write the scrape.
 */
public final class MetricsRoutes implements HttpRoutes {
    private final String contentType;
    private final Supplier<String> scrape;

    public MetricsRoutes(String contentType, Supplier<String> scrape) {
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.scrape = Objects.requireNonNull(scrape, "scrape");
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/metrics", ctx -> ctx.contentType(contentType).result(scrape.get()));
    }
}
