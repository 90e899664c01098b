package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

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
            config.routes.get(asset.path(), ctx -> ctx
                    .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .header("Cache-Control", "no-store")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .contentType(asset.contentType())
                    .result(asset.bytes()));
        }
    }

    /** Read once at construction: a handful of small files, and a missing one fails at startup, not on first use. */
    private static Asset asset(String path, String name, String contentType) {
        String resource = "/dashboard/" + name;
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset " + resource + " is missing from the class path");
            }
            return new Asset(path, resource, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read dashboard asset " + resource, e);
        }
    }
}
