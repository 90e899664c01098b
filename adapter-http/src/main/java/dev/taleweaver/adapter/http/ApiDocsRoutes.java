package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The API's contract and its human page, both served by the service itself:
 * <ul>
 *   <li>{@code GET /openapi.json}: the OpenAPI 3.1 document ({@value #DOCUMENT}, kept true by the route and response
 *       checks of the end-to-end tests), with an {@code ETag} like every JSON answer.</li>
 *   <li>{@code GET /docs}: Swagger UI over that document, its scripts and styles read from the
 *       {@code org.webjars:swagger-ui} package on the class path ({@code /docs/{asset}}); the page references no
 *       other host, and its Content-Security-Policy lets the browser fetch from this origin only.</li>
 * </ul>
 */
final class ApiDocsRoutes implements HttpRoutes {
    static final String DOCUMENT = "/openapi/openapi.json";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String WEBJAR_VERSION = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";

    /** Swagger UI sets inline styles on its elements; scripts stay same-origin only. */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
            "frame-ancestors 'none'");

    private record Asset(String contentType, byte[] bytes) {
    }

    private final RenderedJson.Rendered document;
    private final Asset page;
    private final Map<String, Asset> assets;

    /** @throws IllegalStateException when the document or a page asset is missing from the class path */
    ApiDocsRoutes() {
        this.document = RenderedJson.Rendered.of(read(DOCUMENT));
        this.page = new Asset("text/html; charset=utf-8", read("/docs/index.html"));
        String swaggerUi = "/" + WEBJAR + webjarVersion() + "/";
        this.assets = Map.of(
                "swagger-ui-bundle.js", new Asset("text/javascript; charset=utf-8",
                        read(swaggerUi + "swagger-ui-bundle.js")),
                "swagger-ui.css", new Asset("text/css; charset=utf-8", read(swaggerUi + "swagger-ui.css")),
                "docs.js", new Asset("text/javascript; charset=utf-8", read("/docs/docs.js")),
                "docs.css", new Asset("text/css; charset=utf-8", read("/docs/docs.css")));
    }

    @Override
    public void register(JavalinConfig config) {
        config.routes.get("/openapi.json", ctx -> RenderedJson.send(ctx, 200, document));
        config.routes.get("/docs", ctx -> serve(ctx, page));
        config.routes.get("/docs/{asset}", ctx -> {
            Asset asset = assets.get(ctx.pathParam("asset"));
            if (asset == null) {
                throw HttpProblem.ofStatus(404, "No such file of the API page.");
            }
            serve(ctx, asset);
        });
    }

    private static void serve(Context ctx, Asset asset) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .contentType(asset.contentType())
                .result(asset.bytes());
    }

    private static String webjarVersion() {
        Properties webjar = new Properties();
        try (InputStream in = ApiDocsRoutes.class.getResourceAsStream(WEBJAR_VERSION)) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is missing from the class path");
            }
            webjar.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + WEBJAR_VERSION, e);
        }
        return webjar.getProperty("version");
    }

    /** Read once at construction: a missing file fails at startup, not on first use. */
    private static byte[] read(String resource) {
        try (InputStream in = ApiDocsRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }
}
