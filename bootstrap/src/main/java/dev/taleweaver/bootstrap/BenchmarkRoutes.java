package dev.taleweaver.bootstrap;

import dev.taleweaver.adapter.http.HttpRoutes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Benchmark-only (BENCH_ENDPOINTS=true): {@code GET /bench/static} answers stored bytes with no use case, cache
 * or database behind it — the HTTP ceiling of this server, measured against {@code GET /heroes/{id}} serving
 * the same bytes. {@code POST /bench/static} stores the bytes (and content type) to serve; it needs the admin
 * token when one is configured. Never registered otherwise.
 */
final class BenchmarkRoutes implements HttpRoutes {
    static final String VARIABLE = "BENCH_ENDPOINTS";
    private static final int MAX_BODY = 1024 * 1024;

    private record Stored(byte[] body, String contentType) {
    }

    private final Optional<byte[]> adminToken;
    private volatile Stored stored;

    BenchmarkRoutes(Optional<String> adminToken) {
        this.adminToken = adminToken.map(t -> t.getBytes(StandardCharsets.UTF_8));
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
            if (!authorised(ctx)) {
                ctx.status(401).header("WWW-Authenticate", "Bearer").contentType("application/problem+json")
                        .result("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401}");
                return;
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

    private boolean authorised(Context ctx) {
        if (adminToken.isEmpty()) {
            return true;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(adminToken.get(), header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }
}
