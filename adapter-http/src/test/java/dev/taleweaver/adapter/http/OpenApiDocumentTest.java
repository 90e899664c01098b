package dev.taleweaver.adapter.http;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /openapi.json} is a valid OpenAPI 3.1 document; {@code GET /docs} shows it from this host alone. */
class OpenApiDocumentTest {

    @Test
    void theDocumentPassesAnOpenApiValidator() {
        try (TestApi api = TestApi.start()) {
            TestApi.Reply reply = api.get("/openapi.json");
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.header("ETag")).isNotNull();

            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(reply.body(), null, options);

            assertThat(result.getMessages()).isEmpty();
            OpenAPI document = result.getOpenAPI();
            assertThat(document.getOpenapi()).isEqualTo("3.1.0");
            assertThat(document.getPaths()).containsKeys("/heroes", "/heroes/{id}", "/stories/{id}/rating",
                    "/health/ready", "/info", "/openapi.json", "/docs");
            Schema<?> hero = document.getComponents().getSchemas().get("Hero");
            assertThat(((Schema<?>) hero.getProperties().get("name")).getMaxLength()).isEqualTo(100);
        }
    }

    @Test
    void aBrokenDocumentIsCaught() {
        SwaggerParseResult result = new OpenAPIV3Parser().readContents("""
                {"openapi": "3.1.0", "info": {"title": "t"},
                 "paths": {"/x/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}}}""",
                null, new ParseOptions());

        assertThat(result.getMessages()).isNotEmpty();
    }

    @Test
    void theDocumentIsAnsweredNotModifiedWhenTheClientHasIt() {
        try (TestApi api = TestApi.start()) {
            String tag = api.get("/openapi.json").header("ETag");

            TestApi.Reply again = api.send(HttpRequest.newBuilder(api.uri("/openapi.json")).header("If-None-Match", tag));

            assertThat(again.status()).isEqualTo(304);
        }
    }

    @Test
    void theDocsPageIsServedByTheServiceAndNamesNoOtherHost() {
        try (TestApi api = TestApi.start()) {
            TestApi.Reply page = api.get("/docs");
            TestApi.Reply init = api.get("/docs/docs.js");
            TestApi.Reply bundle = api.get("/docs/swagger-ui-bundle.js");

            assertThat(page.status()).isEqualTo(200);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'", "connect-src 'self'");
            assertThat(page.body()).contains("/docs/swagger-ui-bundle.js", "/docs/docs.js")
                    .doesNotContain("http://", "https://", "//cdn");
            assertThat(init.body()).contains("'/openapi.json'", "validatorUrl: null").doesNotContain("http");
            assertThat(bundle.status()).isEqualTo(200);
            assertThat(bundle.contentType()).startsWith("text/javascript");
            assertThat(bundle.body().length()).isGreaterThan(100_000);
            assertThat(api.get("/docs/swagger-initializer.js").status()).isEqualTo(404);
        }
    }
}
