package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** ETag on entity and list answers, If-None-Match answered 304, If-Match refusing a write over another state. */
class ConditionalRequestsTest {

    @Test
    void everyEntityAnswerCarriesTheTagOfItsBytes() {
        try (TestApi api = TestApi.start()) {
            TestApi.Reply created = api.post("/heroes", Bodies.captainWonder());
            String id = created.json().get("id").asText();
            TestApi.Reply read = api.get("/heroes/" + id);

            assertThat(created.header("ETag")).matches("\"[A-Za-z0-9_-]{22}\"");
            assertThat(read.header("ETag")).isEqualTo(created.header("ETag")); // the same bytes, the same tag
            assertThat(read.header("ETag")).isEqualTo(EntityTag.of(read.body().getBytes()));
            assertThat(api.get("/heroes").header("ETag")).isNotNull().isNotEqualTo(read.header("ETag"));

            TestApi.Reply replaced = api.put("/heroes/" + id, Bodies.hero("Captain Other", "en"));
            assertThat(replaced.header("ETag")).isNotNull().isNotEqualTo(read.header("ETag"));
            assertThat(api.get("/heroes/" + id).header("ETag")).isEqualTo(replaced.header("ETag"));
        }
    }

    @Test
    void ifNoneMatchWithTheCurrentTagIs304WithoutABody() {
        try (TestApi api = TestApi.start()) {
            String id = api.create("/heroes", Bodies.captainWonder()).get("id").asText();
            String tag = api.get("/heroes/" + id).header("ETag");

            TestApi.Reply notModified = api.send(HttpRequest.newBuilder(api.uri("/heroes/" + id))
                    .header("If-None-Match", "\"other\", W/" + tag));
            TestApi.Reply listNotModified = api.send(HttpRequest.newBuilder(api.uri("/heroes"))
                    .header("If-None-Match", api.get("/heroes").header("ETag")));
            TestApi.Reply stale = api.send(HttpRequest.newBuilder(api.uri("/heroes/" + id))
                    .header("If-None-Match", "\"other\""));

            assertThat(notModified.status()).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
            assertThat(notModified.header("ETag")).isEqualTo(tag);
            assertThat(listNotModified.status()).isEqualTo(304);
            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.json().get("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void ifMatchWritesOnlyOverTheStateItNames() {
        try (TestApi api = TestApi.start()) {
            String path = "/heroes/" + api.create("/heroes", Bodies.captainWonder()).get("id").asText();
            String read = api.get(path).header("ETag");

            TestApi.Reply first = conditional(api, "PUT", path, Bodies.hero("First", "en"), read);
            TestApi.Reply second = conditional(api, "PUT", path, Bodies.hero("Second", "en"), read);
            TestApi.Reply weak = conditional(api, "PUT", path, Bodies.hero("Weak", "en"), "W/" + first.header("ETag"));
            TestApi.Reply staleDelete = conditional(api, "DELETE", path, null, read);

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(412);
            assertThat(second.contentType()).startsWith(ProblemDetail.MEDIA_TYPE);
            assertThat(second.json().get("type").asText()).isEqualTo("https://taleweaver.dev/problems/precondition-failed");
            assertThat(weak.status()).isEqualTo(412);
            assertThat(staleDelete.status()).isEqualTo(412);
            assertThat(api.get(path).json().get("name").asText()).isEqualTo("First");

            assertThat(conditional(api, "PUT", path, Bodies.hero("Any", "en"), "*").status()).isEqualTo(200);
            assertThat(conditional(api, "DELETE", path, null, api.get(path).header("ETag")).status()).isEqualTo(204);
            assertThat(conditional(api, "DELETE", path, null, "*").status()).isEqualTo(404);
        }
    }

    @Test
    void ifMatchGuardsTheRatingAndTheStoryReplace() {
        try (TestApi api = TestApi.start()) {
            String child = api.create("/children", Bodies.mia()).get("id").asText();
            String hero = api.create("/heroes", Bodies.captainWonder()).get("id").asText();
            String path = "/stories/" + api.create("/stories", Bodies.story("T", child, hero, "en")).get("id").asText();
            String read = api.get(path).header("ETag");

            TestApi.Reply rated = conditional(api, "PUT", path + "/rating", "{\"rating\": 4}", read);
            TestApi.Reply staleRating = conditional(api, "PUT", path + "/rating", "{\"rating\": 1}", read);
            TestApi.Reply staleReplace = conditional(api, "PUT", path, Bodies.story("U", child, hero, "en"), read);

            assertThat(rated.status()).isEqualTo(200);
            assertThat(rated.header("ETag")).isEqualTo(api.get(path).header("ETag"));
            assertThat(staleRating.status()).isEqualTo(412);
            assertThat(staleReplace.status()).isEqualTo(412);
            assertThat(api.get(path).json().get("rating").asInt()).isEqualTo(4);
        }
    }

    private static TestApi.Reply conditional(TestApi api, String method, String path, String json, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri(path)).header("If-Match", ifMatch)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return api.send(request);
    }

    @Test
    void tagsAreComparedAsRfc9110Says() {
        String tag = "\"abc\"";
        assertThat(EntityTag.noneMatchHits("W/\"abc\"", tag)).isTrue();
        assertThat(EntityTag.matchHits("W/\"abc\"", tag)).isFalse();
        assertThat(EntityTag.matchHits(" \"x\" , \"abc\"", tag)).isTrue();
        assertThat(EntityTag.matchHits("*", tag)).isTrue();
        assertThat(EntityTag.matchHits("abc", tag)).isFalse();
        assertThat(EntityTag.matchHits(null, tag)).isFalse();
        assertThat(EntityTag.matchHits("\"x\",".repeat(EntityTag.MAX_LISTED) + tag, tag)).isFalse();
    }
}
