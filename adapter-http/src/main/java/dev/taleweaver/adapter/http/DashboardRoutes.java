package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;

import java.util.List;

/**
 * {@code GET /dashboard}: a live view of the cache for operators — a static page ({@code /dashboard/app.js},
 * {@code /dashboard/dashboard.css}) that asks for the admin token and polls {@code /admin/cache/stats} with it. The
 * page itself holds no data, so it needs no token; the token lives only in the page's memory.
 *
 * <p>Served with a strict Content-Security-Policy (same-origin scripts, styles and fetches only; no inline script, no
 * framing) and {@code Cache-Control: no-store}, so a redeploy never mixes an old page with a new API.
 */
public final class DashboardRoutes implements HttpRoutes {

    static final String CONTENT_SECURITY_POLICY = SameOriginPage.contentSecurityPolicy("'self'");

    private record Asset(String path, String resource, String contentType, byte[] bytes) {
    }

    private final List<Asset> assets;

    /** @throws IllegalStateException when a page asset is missing from the class path (a packaging error) */
    public DashboardRoutes() {
        this.assets = List.of(
                asset("/dashboard", "index.html", "text/html; charset=utf-8"),
                asset("/dashboard/app.js", "app.js", "text/javascript; charset=utf-8"),
                asset("/dashboard/dashboard.css", "dashboard.css", "text/css; charset=utf-8"));
    }

    @Override
    public void register(JavalinConfig config) {
        for (Asset asset : assets) {
            config.routes.get(asset.path(), ctx -> SameOriginPage.serve(ctx.header("Cache-Control", "no-store"),
                    CONTENT_SECURITY_POLICY, asset.contentType(), asset.bytes()));
        }
    }

    /** Read once at construction: a handful of small files, and a missing one fails at startup, not on first use. */
    private static Asset asset(String path, String name, String contentType) {
        String resource = "/dashboard/" + name;
        return new Asset(path, resource, contentType, SameOriginPage.read(resource));
    }
}
