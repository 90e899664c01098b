package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** ETag on entity and list answers, If-None-Match answered 304. */
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
