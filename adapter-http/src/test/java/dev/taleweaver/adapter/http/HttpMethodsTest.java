package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** HEAD mirrors GET without a body; OPTIONS lists every method of a path. */
class HttpMethodsTest {

    @Test
    void headOfAnEntityHasTheStatusAndHeadersOfGetAndNoBody() {
        try (TestApi api = TestApi.start()) {
            String id = api.create("/heroes", Bodies.captainWonder()).get("id").asText();
            TestApi.Reply get = api.get("/heroes/" + id);

            TestApi.Reply head = api.send("HEAD", "/heroes/" + id, null, null);

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.header("ETag")).isEqualTo(get.header("ETag")).isNotNull();
            assertThat(head.contentType()).isEqualTo(get.contentType());
            assertThat(head.header("Content-Length")).isEqualTo(get.header("Content-Length"));
        }
    }

    @Test
    void headOfAnUnknownIdIs404() {
        try (TestApi api = TestApi.start()) {
            TestApi.Reply head = api.send("HEAD", "/stories/00000000-0000-4000-8000-000000000000", null, null);

            assertThat(head.status()).isEqualTo(404);
            assertThat(head.body()).isEmpty();
            assertThat(head.contentType()).startsWith(ProblemDetail.MEDIA_TYPE);
        }
    }

    @Test
    void headOfAListAndOfHealth() {
        try (TestApi api = TestApi.start()) {
            assertThat(api.send("HEAD", "/children?language=en", null, null).status()).isEqualTo(200);
            assertThat(api.send("HEAD", "/health/live", null, null).status()).isEqualTo(200);
            assertThat(api.send("HEAD", "/children?language=english", null, null).status()).isEqualTo(400);
        }
    }

    @Test
    void optionsIs204WithEveryMethodOfThePath() {
        try (TestApi api = TestApi.start()) {
            TestApi.Reply item = api.send("OPTIONS", "/stories/00000000-0000-4000-8000-000000000000", null, null);
            TestApi.Reply list = api.send("OPTIONS", "/heroes", null, null);
            TestApi.Reply rating = api.send("OPTIONS", "/stories/x/rating", null, null);

            assertThat(item.status()).isEqualTo(204);
            assertThat(item.body()).isEmpty();
            assertThat(item.header("Allow")).isEqualTo("GET, HEAD, PUT, DELETE, OPTIONS");
            assertThat(list.header("Allow")).isEqualTo("GET, HEAD, POST, OPTIONS");
            assertThat(rating.header("Allow")).isEqualTo("PUT, OPTIONS");
        }
    }

    @Test
    void optionsOfAnUnknownPathIs404AndAWrongMethodNamesHeadAndOptions() {
        try (TestApi api = TestApi.start()) {
            assertThat(api.send("OPTIONS", "/nothing-here", null, null).status()).isEqualTo(404);

            TestApi.Reply patch = api.send(HttpRequest.newBuilder(api.uri("/heroes"))
                    .method("PATCH", HttpRequest.BodyPublishers.noBody()));
            assertThat(patch.status()).isEqualTo(405);
            assertThat(patch.header("Allow")).contains("GET", "HEAD", "POST", "OPTIONS");
        }
    }
}
