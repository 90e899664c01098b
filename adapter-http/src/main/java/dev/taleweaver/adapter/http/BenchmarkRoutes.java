package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;

/**
 * Benchmark-only (registered only when the BENCH_ENDPOINTS setting is true): {@code GET /bench/static} answers stored bytes with no use case, cache
 * or database behind it — the HTTP ceiling of this server, measured against {@code GET /heroes/{id}} serving
 * the same bytes. {@code POST /bench/static} stores the bytes (and content type) to serve; it needs the admin
 * token when one is configured, checked by the same {@link AdminGuard} as {@code /admin/*} (constant time, failed
 * attempts limited per address). Never registered otherwise.
 */
public final class BenchmarkRoutes implements HttpRoutes {
    private static final int MAX_BODY = 1024 * 1024;

    private record Stored(byte[] body, String contentType) {
    }

    private final AdminGuard guard;
    private volatile Stored stored;

    public BenchmarkRoutes(AdminGuard guard) {
        this.guard = guard;
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/bench/static", ctx -> {
            Stored current = stored;
            if (current == null) {
                ctx.status(404).contentType("application/problem+json")
                        .result("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                                + "\"detail\":\"POST a body to /bench/static first\"}");
                return;
            }
            ctx.contentType(current.contentType()).result(current.body());
        });
        config.routes.post("/bench/static", ctx -> {
            if (guard.enabled()) {
                guard.authorize(ctx); // throws the 401/429 problem
            }
            byte[] body = ctx.bodyAsBytes();
            if (body.length > MAX_BODY) {
                ctx.status(413);
                return;
            }
            String type = ctx.contentType() == null ? "application/json" : ctx.contentType();
            stored = new Stored(body, type);
            ctx.status(204);
        });
    }
}
