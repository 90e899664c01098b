package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's files as a browser receives them; {@link DashboardBrowserTest} runs the page itself. */
class DashboardRoutesTest {
    private final TestApi api = TestApi.builder().routes(new DashboardRoutes()).start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void everyAssetHasItsContentTypeAndIsNeverCached() {
        Map<String, String> types = Map.of(
                "/dashboard", "text/html",
                "/dashboard/app.js", "text/javascript",
                "/dashboard/dashboard.css", "text/css");
        types.forEach((path, type) -> {
            TestApi.Reply reply = api.get(path);

            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.contentType()).as(path).startsWith(type).contains("charset=utf-8");
            assertThat(reply.header("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(reply.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        });
    }

    @Test
    void thePageRunsUnderAStrictContentSecurityPolicy() {
        TestApi.Reply page = api.get("/dashboard");

        String csp = page.header("Content-Security-Policy");
        assertThat(csp).contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'",
                "object-src 'none'");
        assertThat(csp).doesNotContain("unsafe-inline", "unsafe-eval", "*", "http:", "https:");
        // what the policy forbids, the page must not need: inline scripts, inline styles, foreign hosts
        assertThat(page.body()).containsPattern("<script src=\"/dashboard/app.js\"[^>]*></script>")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContain("style=", "onclick", "onload");
        for (String asset : new String[]{"/dashboard", "/dashboard/app.js", "/dashboard/dashboard.css"}) {
            assertThat(api.get(asset).body()).as(asset).doesNotContain("http://", "https://", "//cdn", "@import");
        }
    }

    @Test
    void theTokenStaysInThePagesMemory() {
        String script = api.get("/dashboard/app.js").body();

        assertThat(script).contains("Authorization: 'Bearer ' + token")
                .doesNotContain("localStorage", "sessionStorage", "document.cookie", "indexedDB", "location.hash",
                        "?token");
        assertThat(api.get("/dashboard").body()).contains("type=\"password\"", "id=\"token\"", "id=\"connect\"");
    }
}
