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
    static final String CONTENT_SECURITY_POLICY = SameOriginPage.contentSecurityPolicy("'self' 'unsafe-inline'");

    private static final String HTML = "text/html; charset=utf-8";
    private static final String SCRIPT = "text/javascript; charset=utf-8";
    private static final String STYLE = "text/css; charset=utf-8";

    private record Asset(String contentType, byte[] bytes) {
    }

    private static Asset asset(String contentType, String resource) {
        return new Asset(contentType, SameOriginPage.read(resource));
    }

    private final RenderedJson.Rendered document;
    private final Asset page;
    private final Map<String, Asset> assets;

    /** @throws IllegalStateException when the document or a page asset is missing from the class path */
    ApiDocsRoutes() {
        this.document = RenderedJson.Rendered.of(SameOriginPage.read(DOCUMENT));
        this.page = asset(HTML, "/docs/index.html");
        String swaggerUi = "/" + WEBJAR + webjarVersion() + "/";
        this.assets = Map.of(
                "swagger-ui-bundle.js", asset(SCRIPT, swaggerUi + "swagger-ui-bundle.js"),
                "swagger-ui.css", asset(STYLE, swaggerUi + "swagger-ui.css"),
                "docs.js", asset(SCRIPT, "/docs/docs.js"),
                "docs.css", asset(STYLE, "/docs/docs.css"));
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
        SameOriginPage.serve(ctx, CONTENT_SECURITY_POLICY, asset.contentType(), asset.bytes());
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
}
