package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HeroRoutesTest {
    private final TestApi api = TestApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createAnswers201WithLocationAndTheStoredHero() {
        TestApi.Reply reply = api.post("/heroes", Bodies.captainWonder());

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode hero = reply.json();
        assertThat(reply.header("Location")).isEqualTo("/heroes/" + hero.get("id").asText());
        assertThat(UUID.fromString(hero.get("id").asText())).isNotNull();
        assertThat(hero.get("name").asText()).isEqualTo("Captain Wonder");
        assertThat(api.get(reply.header("Location")).json()).isEqualTo(hero);
    }

    @Test
    void heroJsonHasExactlyTheFieldsOfTheSpecExample() {
        JsonNode hero = api.create("/heroes", Bodies.captainWonder());

        List<String> fields = new ArrayList<>();
        hero.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "name", "age", "gender", "appearance", "personality_traits",
                "interests", "strengths", "language", "created_at", "updated_at");
        assertThat(hero.get("age").isInt()).isTrue();
        assertThat(hero.get("age").asInt()).isEqualTo(12);
        assertThat(hero.get("gender").asText()).isEqualTo("male");
        assertThat(hero.get("appearance").asText()).isEqualTo("Wears a blue cape with a golden star");
        assertThat(hero.get("personality_traits")).extracting(JsonNode::asText)
                .containsExactly("brave", "kind", "curious");
        assertThat(hero.get("interests")).extracting(JsonNode::asText)
                .containsExactly("exploring space", "helping others");
        assertThat(hero.get("strengths")).extracting(JsonNode::asText).containsExactly("flying", "super strength");
        assertThat(hero.get("language").asText()).isEqualTo("en");
        assertThat(hero.get("created_at").asText()).isEqualTo("2024-01-15T10:30:00Z");
        assertThat(hero.get("updated_at").asText()).isEqualTo("2024-01-15T10:30:00Z");
    }

    @Test
    void getReturnsTheHero() {
        JsonNode created = api.create("/heroes", Bodies.captainWonder());

        TestApi.Reply reply = api.get("/heroes/" + created.get("id").asText());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()).isEqualTo(created);
    }

    @Test
    void listReturnsEveryHeroOldestFirstAndFiltersByLanguage() {
        api.create("/heroes", Bodies.hero("Captain Wonder", "en"));
        api.create("/heroes", Bodies.hero("Capitaine Merveille", "fr"));
        api.create("/heroes", Bodies.hero("Star Girl", "en"));

        assertThat(api.get("/heroes").items()).extracting(h -> h.get("name").asText())
                .containsExactlyInAnyOrder("Captain Wonder", "Capitaine Merveille", "Star Girl");
        TestApi.Reply french = api.get("/heroes?language=fr");
        assertThat(french.status()).isEqualTo(200);
        assertThat(french.items()).extracting(h -> h.get("name").asText()).containsExactly("Capitaine Merveille");
        assertThat(api.get("/heroes?language=de").items()).isEmpty();
    }

    @Test
    void replaceSetsEveryClientFieldKeepsCreatedAtAndMovesUpdatedAt() {
        JsonNode created = api.create("/heroes", Bodies.captainWonder());
        String id = created.get("id").asText();

        TestApi.Reply reply = api.put("/heroes/" + id, """
                {"name": "Captain Marvel", "age": 30, "gender": "female", "appearance": "",
                 "personality_traits": [], "interests": ["music"], "strengths": ["speed"], "language": "fr"}""");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode hero = reply.json();
        assertThat(hero.get("id").asText()).isEqualTo(id);
        assertThat(hero.get("name").asText()).isEqualTo("Captain Marvel");
        assertThat(hero.get("age").asInt()).isEqualTo(30);
        assertThat(hero.get("gender").asText()).isEqualTo("female");
        assertThat(hero.get("appearance").asText()).isEmpty();
        assertThat(hero.get("personality_traits")).isEmpty();
        assertThat(hero.get("interests")).extracting(JsonNode::asText).containsExactly("music");
        assertThat(hero.get("language").asText()).isEqualTo("fr");
        assertThat(hero.get("created_at").asText()).isEqualTo("2024-01-15T10:30:00Z");
        // the clock is fixed, so the service moves updated_at one microsecond on; sub-second digits are kept
        assertThat(hero.get("updated_at").asText()).isEqualTo("2024-01-15T10:30:00.000001Z");
        assertThat(api.get("/heroes/" + id).json()).isEqualTo(hero);
    }

    @Test
    void deleteAnswers204AndTheHeroIsGone() {
        String id = api.create("/heroes", Bodies.captainWonder()).get("id").asText();

        TestApi.Reply reply = api.delete("/heroes/" + id);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        assertThat(api.get("/heroes/" + id).status()).isEqualTo(404);
        assertThat(api.get("/heroes").items()).isEmpty();
    }

    @Test
    void jsonContentTypeWithCharsetIsAccepted() {
        TestApi.Reply reply = api.send("POST", "/heroes", Bodies.captainWonder(), "application/json; charset=UTF-8");

        assertThat(reply.status()).isEqualTo(201);
    }

    @Test
    void anAnswerLongerThanTheCopyBufferArrivesWhole() {
        int heroes = 40; // about 250 bytes each: several copies of HttpServer.RESPONSE_COPY_BUFFER_BYTES
        for (int i = 0; i < heroes; i++) {
            api.create("/heroes", Bodies.captainWonder());
        }

        TestApi.Reply list = api.get("/heroes");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isGreaterThan(HttpServer.RESPONSE_COPY_BUFFER_BYTES);
        assertThat(list.json().get("items")).hasSize(heroes); // one page: under the default limit of 50
        assertThat(list.json().get("items").get(heroes - 1).get("name").asText()).isEqualTo("Captain Wonder");
    }

    /**
     * RenderedJson writes each answer straight into the response stream with its Content-Length: it goes out whole,
     * not chunked, for GET and HEAD alike, also past Jetty's output buffer (32 KiB).
     */
    @Test
    void anAnswerKeepsItsContentLengthForGetAndHead() {
        for (int i = 0; i < 50; i++) {
            api.create("/heroes", Bodies.captainWonder());
        }

        TestApi.Reply page = api.get("/heroes?limit=50");
        TestApi.Reply head = api.send("HEAD", "/heroes?limit=50", null, null);

        int length = page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(length).isGreaterThan(2 * HttpServer.RESPONSE_COPY_BUFFER_BYTES);
        assertThat(page.json().get("items")).hasSize(50);
        assertThat(page.header("Content-Length")).isEqualTo(Integer.toString(length));
        assertThat(page.header("Transfer-Encoding")).isNull();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(length));
        assertThat(head.header("ETag")).isEqualTo(page.header("ETag")).isNotNull();
    }

    /** Longer than Jetty's output buffer: sent whole, with its Content-Length. */
    @Test
    void anAnswerLongerThanJettysOutputBufferArrivesWhole() {
        for (int i = 0; i < 120; i++) {
            api.create("/heroes", Bodies.captainWonder().replace("Captain Wonder", "Captain Wonder " + i));
        }

        TestApi.Reply page = api.get("/heroes?limit=120");

        int length = page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertThat(length).isGreaterThan(32 * 1024);
        assertThat(page.header("Content-Length")).isEqualTo(Integer.toString(length));
        List<String> names = new ArrayList<>();
        page.json().get("items").forEach(hero -> names.add(hero.get("name").asText()));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            created.add("Captain Wonder " + i);
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(created); // same created_at: ordered by id
        assertThat(page.body()).isEqualTo(api.get("/heroes?limit=120").body());
    }

    @Test
    void aLongAnswerIsGzippedForAClientThatAsksAndAShortOneIsNot() throws Exception {
        for (int i = 0; i < 40; i++) {
            api.create("/heroes", Bodies.captainWonder());
        }
        java.net.http.HttpRequest.Builder asking = java.net.http.HttpRequest.newBuilder(api.uri("/heroes"))
                .header("Accept-Encoding", "gzip");
        java.net.http.HttpResponse<byte[]> list = api.client().send(asking.build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());

        assertThat(list.headers().firstValue("Content-Encoding")).contains("gzip");
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(list.body()))) {
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(json).isEqualTo(api.get("/heroes").body());
        }
        String id = api.get("/heroes").json().get("items").get(0).get("id").asText();
        java.net.http.HttpResponse<byte[]> one = api.client().send(java.net.http.HttpRequest.newBuilder(
                api.uri("/heroes/" + id)).header("Accept-Encoding", "gzip").build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(one.headers().firstValue("Content-Encoding")).as("under 1,500 bytes: sent as it is").isEmpty();
    }
}
