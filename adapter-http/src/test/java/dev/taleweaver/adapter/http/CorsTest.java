package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorsTest {
    private static final String APP = "https://app.example.com";

    @Test
    void withoutAllowedOriginsNoAnswerCarriesCorsHeaders() {
        try (TestApi api = TestApi.builder().routes(new Cors(List.of())).start()) {
            TestApi.Reply reply = api.send(HttpRequest.newBuilder(api.uri("/heroes")).header("Origin", APP));
            TestApi.Reply preflight = preflight(api, APP);

            assertThat(reply.response().headers().map().keySet()).noneMatch(h -> h.startsWith("access-control"));
            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.response().headers().map().keySet()).noneMatch(h -> h.startsWith("access-control"));
        }
    }

    @Test
    void aListedOriginGetsThePreflightAndTheSimpleRequestHeaders() {
        try (TestApi api = TestApi.builder().routes(new Cors(List.of("http://localhost:3000", APP))).start()) {
            TestApi.Reply preflight = preflight(api, APP);
            TestApi.Reply simple = api.send(HttpRequest.newBuilder(api.uri("/heroes")).header("Origin", APP));

            assertThat(preflight.status()).isEqualTo(204);
            assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(preflight.header("Access-Control-Allow-Methods")).contains("PUT", "DELETE");
            assertThat(preflight.header("Access-Control-Allow-Headers")).contains("If-Match", "Content-Type");
            assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("600");
            assertThat(preflight.header("Vary")).isEqualTo("Origin");
            assertThat(simple.header("Access-Control-Allow-Origin")).isEqualTo(APP);
            assertThat(simple.header("Access-Control-Expose-Headers")).contains("ETag", "Location");
        }
    }

    @Test
    void aCompressibleAnswerVariesOnTheOriginAndTheAcceptedEncodings() {
        try (TestApi api = TestApi.builder().routes(new Cors(List.of(APP))).start()) {
            for (int i = 0; i < 10; i++) {
                api.create("/heroes", Bodies.captainWonder());
            }
            TestApi.Reply page = api.send(HttpRequest.newBuilder(api.uri("/heroes")).header("Origin", APP));

            assertThat(page.body().length()).isGreaterThan(AnswerEncoding.COMPRESS_FROM);
            assertThat(page.response().headers().allValues("Vary")).containsExactlyInAnyOrder("Origin",
                    "Accept-Encoding");
        }
    }

    @Test
    void anotherOriginGetsNoCorsHeaders() {
        try (TestApi api = TestApi.builder().routes(new Cors(List.of(APP))).start()) {
            TestApi.Reply preflight = preflight(api, "https://evil.example.net");

            assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
            assertThat(preflight.header("Access-Control-Allow-Methods")).isNull();
        }
    }

    @Test
    void theSettingIsCheckedAndParsed() {
        assertThat(Cors.parse(" https://a.example , ,http://localhost:8080")).containsExactly("https://a.example",
                "http://localhost:8080");
        assertThat(Cors.originsProblem(List.of("https://a.example/"))).isPresent();
        assertThat(Cors.originsProblem(List.of("*", APP))).isPresent();
        assertThat(Cors.originsProblem(List.of("*"))).isEmpty();
        assertThatThrownBy(() -> new Cors(List.of("app.example.com"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static TestApi.Reply preflight(TestApi api, String origin) {
        return api.send(HttpRequest.newBuilder(api.uri("/heroes/00000000-0000-4000-8000-000000000000"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type, if-match"));
    }
}
