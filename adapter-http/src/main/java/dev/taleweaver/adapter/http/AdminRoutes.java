package dev.taleweaver.adapter.http;

import dev.taleweaver.application.port.in.FlushCache;
import dev.taleweaver.application.port.in.InspectCache;
import dev.taleweaver.application.port.in.InspectCacheAnalytics;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.Objects;
import java.util.Optional;

/**
 * The operators' endpoints: {@code GET /admin/cache/stats}, {@code GET /admin/cache/analytics} (ADR 15), and the manual flush (docs/operations.md, Manual flush), {@code DELETE
 * /admin/cache/{entity_type}} and {@code DELETE /admin/cache}. Every {@code /admin/*} request must carry
 * {@code Authorization: Bearer <admin token>} (else 401 with {@code WWW-Authenticate: Bearer}); without a configured
 * token the whole {@code /admin/*} tree answers 404, so a deployment that never set one exposes nothing. Failed
 * attempts are limited per client address ({@link AdminGuard}: 429 with {@code Retry-After}).
 */
public final class AdminRoutes implements HttpRoutes {
    private final AdminGuard guard;
    private final InspectCache inspect;
    private final FlushCache flush;
    private final InspectCacheAnalytics analytics;

    /**
     * @param adminToken the operators' shared secret (ADMIN_TOKEN); empty disables every {@code /admin/*} endpoint
     * @throws IllegalArgumentException when the token is present but not a usable token
     */
    public AdminRoutes(Optional<String> adminToken, InspectCache inspect, FlushCache flush) {
        this(new AdminGuard(adminToken), inspect, flush);
    }

    /** With a guard shared with other route groups that check the admin token (one count of failed attempts). */
    public AdminRoutes(AdminGuard guard, InspectCache inspect, FlushCache flush) {
        this(guard, inspect, flush, InspectCacheAnalytics.DISABLED);
    }

    /** @param analytics the cache analytics behind {@code GET /admin/cache/analytics} */
    public AdminRoutes(AdminGuard guard, InspectCache inspect, FlushCache flush, InspectCacheAnalytics analytics) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.inspect = Objects.requireNonNull(inspect, "inspect");
        this.flush = Objects.requireNonNull(flush, "flush");
        this.analytics = Objects.requireNonNull(analytics, "analytics");
    }

    @Override
    public void register(JavalinConfig config) {
        // a before-handler also guards paths no route matches, so probing /admin/* reveals nothing without the token
        config.routes.before("/admin/*", this::authorize);
        config.routes.get("/admin/cache/stats", ctx -> ctx.json(CacheStatsResponse.of(inspect.report())));
        config.routes.get("/admin/cache/analytics", ctx -> ctx.json(analytics.analytics()));
        config.routes.delete("/admin/cache", ctx -> ctx.json(FlushResponse.of(flush.flush(Optional.empty()))));
        config.routes.delete("/admin/cache/{entity_type}", ctx ->
                ctx.json(FlushResponse.of(flush.flush(Optional.of(ctx.pathParam("entity_type"))))));
    }

    private void authorize(Context ctx) {
        ctx.header("Cache-Control", "no-store"); // operational figures and refusals alike are never worth caching
        guard.authorize(ctx);
    }
}
