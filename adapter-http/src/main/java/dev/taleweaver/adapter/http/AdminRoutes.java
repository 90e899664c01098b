package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.FlushCache;
import dev.taleweaver.application.port.in.InspectCache;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.Optional;

/**
 * The operators' endpoints: {@code GET /admin/cache/stats}, and the spec's Manual Flush, {@code DELETE
 * /admin/cache/{entity_type}} and {@code DELETE /admin/cache}. Every {@code /admin/*} request must carry
 * {@code Authorization: Bearer <admin token>} (else 401 with {@code WWW-Authenticate: Bearer}); without a configured
 * token the whole {@code /admin/*} tree answers 404, so a deployment that never set one exposes nothing.
 */
public final class AdminRoutes implements HttpRoutes {
    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);

    static final String CHALLENGE = "Bearer realm=\"taleweaver-admin\"";
    private static final String BEARER = "Bearer ";

    private final Optional<AdminToken> token;
    private final InspectCache inspect;
    private final FlushCache flush;

    /**
     * @param adminToken the operators' shared secret (ADMIN_TOKEN); empty disables every {@code /admin/*} endpoint
     * @throws IllegalArgumentException when the token is present but blank
     */
    public AdminRoutes(Optional<String> adminToken, InspectCache inspect, FlushCache flush) {
        this.token = adminToken.map(AdminToken::new);
        this.inspect = Objects.requireNonNull(inspect, "inspect");
        this.flush = Objects.requireNonNull(flush, "flush");
    }

    @Override
    public void register(JavalinConfig config) {
        // a before-handler also guards paths no route matches, so probing /admin/* reveals nothing without the token
        config.routes.before("/admin/*", this::authorize);
        config.routes.get("/admin/cache/stats", ctx -> ctx.json(CacheStatsResponse.of(inspect.report())));
        config.routes.delete("/admin/cache", ctx -> ctx.json(FlushResponse.of(flush.flush(Optional.empty()))));
        config.routes.delete("/admin/cache/{entity_type}", ctx ->
                ctx.json(FlushResponse.of(flush.flush(Optional.of(ctx.pathParam("entity_type"))))));
    }

    private void authorize(Context ctx) {
        ctx.header("Cache-Control", "no-store"); // operational figures and refusals alike are never worth caching
        if (token.isEmpty()) {
            throw HttpProblem.ofStatus(404, "The admin endpoints are disabled: set ADMIN_TOKEN to enable them.");
        }
        String presented = bearer(ctx.header("Authorization"));
        if (presented == null) {
            refuse(ctx, "no bearer token", "Send the admin token as 'Authorization: Bearer <token>'.");
        }
        if (!token.get().matches(presented)) {
            refuse(ctx, "wrong bearer token", "The admin token is not valid.");
        }
    }

    private static void refuse(Context ctx, String reason, String detail) {
        // never the presented value: a near-miss token in a log file is half a leaked token
        log.warn("Refused {} {} from {}: {}", ctx.method().name(), ctx.path(), ctx.ip(), reason);
        ctx.header("WWW-Authenticate", CHALLENGE);
        throw HttpProblem.ofStatus(401, detail);
    }

    /** The token of an {@code Authorization: Bearer …} header (scheme case-insensitive, RFC 9110), else null. */
    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String presented = header.substring(BEARER.length()).strip();
        return presented.isEmpty() ? null : presented;
    }
}
