package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class StoryRoutesTest {
    private final TestApi api = TestApi.start();
    private final String heroId = api.create("/heroes", Bodies.captainWonder()).get("id").asText();
    private final String miaId = api.create("/children", Bodies.mia()).get("id").asText();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createAnswers201WithNamesOfChildAndHeroAndNoRating() {
        TestApi.Reply reply = api.post("/stories", Bodies.story("The Moon Trip", miaId, heroId, "en"));

        assertThat(reply.status()).isEqualTo(201);
        JsonNode story = reply.json();
        assertThat(reply.header("Location")).isEqualTo("/stories/" + story.get("id").asText());
        List<String> fields = new ArrayList<>();
        story.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("id", "title", "content", "child_id", "hero_id", "child_name",
                "hero_name", "language", "rating", "created_at", "updated_at");
        assertThat(story.get("title").asText()).isEqualTo("The Moon Trip");
        assertThat(story.get("child_id").asText()).isEqualTo(miaId);
        assertThat(story.get("hero_id").asText()).isEqualTo(heroId);
        assertThat(story.get("child_name").asText()).isEqualTo("Mia");
        assertThat(story.get("hero_name").asText()).isEqualTo("Captain Wonder");
        assertThat(story.get("rating").isNull()).isTrue();
        assertThat(api.get("/stories/" + story.get("id").asText()).json()).isEqualTo(story);
    }

    @Test
    void createAcceptsARating() {
        TestApi.Reply reply = api.post("/stories", """
                {"title": "T", "content": "C", "child_id": "%s", "hero_id": "%s", "language": "en", "rating": 5}"""
                .formatted(miaId, heroId));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.json().get("rating").asInt()).isEqualTo(5);
    }

    @Test
    void listFiltersByLanguageByChildAndByBoth() {
        String leaId = api.create("/children", Bodies.child("Léa", "fr")).get("id").asText();
        api.create("/stories", Bodies.story("Mia EN", miaId, heroId, "en"));
        api.create("/stories", Bodies.story("Mia FR", miaId, heroId, "fr"));
        api.create("/stories", Bodies.story("Léa FR", leaId, heroId, "fr"));

        assertThat(titles(api.get("/stories"))).containsExactlyInAnyOrder("Mia EN", "Mia FR", "Léa FR");
        assertThat(titles(api.get("/stories?language=fr"))).containsExactlyInAnyOrder("Mia FR", "Léa FR");
        assertThat(titles(api.get("/stories?child_id=" + miaId))).containsExactlyInAnyOrder("Mia EN", "Mia FR");
        assertThat(titles(api.get("/stories?child_id=" + miaId + "&language=fr"))).containsExactly("Mia FR");
        String otherHero = api.create("/heroes", Bodies.hero("Star Girl", "en")).get("id").asText();
        api.create("/stories", Bodies.story("Star Girl EN", miaId, otherHero, "en"));
        assertThat(titles(api.get("/stories?hero_id=" + otherHero))).containsExactly("Star Girl EN");
        assertThat(titles(api.get("/stories?hero_id=" + heroId + "&limit=2"))).hasSize(2);
        assertProblem(api.get("/stories?hero_id=" + UUID.randomUUID()), 404,
                "https://taleweaver.dev/problems/not-found");
        assertProblem(api.get("/stories?hero_id=" + heroId + "&language=fr"), 400,
                "https://taleweaver.dev/problems/validation");
        assertProblem(api.get("/stories?hero_id=nope"), 400, "https://taleweaver.dev/problems/validation");
    }

    @Test
    void storiesOfAnUnknownChildAre404() {
        TestApi.Reply reply = api.get("/stories?child_id=" + UUID.randomUUID());

        assertProblem(reply, 404, "https://taleweaver.dev/problems/not-found");
        assertThat(reply.json().get("detail").asText()).contains("child");
    }

    @Test
    void replaceSetsEveryClientFieldAndKeepsARatingItDoesNotSend() {
        String id = api.create("/stories", """
                {"title": "T", "content": "C", "child_id": "%s", "hero_id": "%s", "language": "en", "rating": 3}"""
                .formatted(miaId, heroId)).get("id").asText();
        String otherHero = api.create("/heroes", Bodies.hero("Star Girl", "en")).get("id").asText();

        TestApi.Reply reply = api.put("/stories/" + id, Bodies.story("New title", miaId, otherHero, "en"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("title").asText()).isEqualTo("New title");
        assertThat(reply.json().get("hero_name").asText()).isEqualTo("Star Girl");
        assertThat(reply.json().get("rating").asInt()).isEqualTo(3);
    }

    @Test
    void replaceWithoutRatingKeepsOneSetThroughTheRatingEndpointAndWithOneChangesIt() {
        String id = api.create("/stories", Bodies.story("T", miaId, heroId, "en")).get("id").asText();
        api.put("/stories/" + id + "/rating", "{\"rating\": 5}");

        TestApi.Reply kept = api.put("/stories/" + id, Bodies.story("Retitled", miaId, heroId, "en"));
        TestApi.Reply nullKept = api.put("/stories/" + id, """
                {"title": "T", "content": "C", "child_id": "%s", "hero_id": "%s", "language": "en", "rating": null}"""
                .formatted(miaId, heroId));
        TestApi.Reply changed = api.put("/stories/" + id, """
                {"title": "T", "content": "C", "child_id": "%s", "hero_id": "%s", "language": "en", "rating": 2}"""
                .formatted(miaId, heroId));

        assertThat(kept.json().get("title").asText()).isEqualTo("Retitled");
        assertThat(kept.json().get("rating").asInt()).isEqualTo(5);
        assertThat(nullKept.json().get("rating").asInt()).isEqualTo(5);
        assertThat(changed.json().get("rating").asInt()).isEqualTo(2);
        assertThat(api.get("/stories/" + id).json().get("rating").asInt()).isEqualTo(2);
    }

    @Test
    void rateSetsTheRating() {
        String id = api.create("/stories", Bodies.story("T", miaId, heroId, "en")).get("id").asText();

        TestApi.Reply reply = api.put("/stories/" + id + "/rating", "{\"rating\": 4}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("rating").asInt()).isEqualTo(4);
        assertThat(api.get("/stories/" + id).json().get("rating").asInt()).isEqualTo(4);
    }

    @Test
    void ratingOutsideOneToFiveOrMissingIs400NamingRating() {
        String id = api.create("/stories", Bodies.story("T", miaId, heroId, "en")).get("id").asText();

        assertProblem(api.put("/stories/" + id + "/rating", "{\"rating\": 6}"), 400, "rating");
        assertProblem(api.put("/stories/" + id + "/rating", "{\"rating\": 0}"), 400, "rating");
        assertProblem(api.put("/stories/" + id + "/rating", "{}"), 400, "rating");
        assertProblem(api.put("/stories/" + id + "/rating", "{\"rating\": null}"), 400, "rating");
        assertThat(api.get("/stories/" + id).json().get("rating").isNull()).isTrue();
    }

    @Test
    void ratingAnUnknownStoryIs404() {
        assertProblem(api.put("/stories/" + UUID.randomUUID() + "/rating", "{\"rating\": 4}"), 404,
                "https://taleweaver.dev/problems/not-found");
    }

    @Test
    void deleteAnswers204() {
        String id = api.create("/stories", Bodies.story("T", miaId, heroId, "en")).get("id").asText();

        assertThat(api.delete("/stories/" + id).status()).isEqualTo(204);
        assertThat(api.get("/stories/" + id).status()).isEqualTo(404);
    }

    @Test
    void aStoryWithAnUnknownChildIs400NamingChildId() {
        TestApi.Reply reply = api.post("/stories", Bodies.story("T", UUID.randomUUID().toString(), heroId, "en"));

        assertProblem(reply, 400, "child_id");
        assertThat(api.get("/stories").items()).isEmpty();
    }

    @Test
    void deletingAHeroThatStoriesFeatureIs409() {
        api.create("/stories", Bodies.story("T", miaId, heroId, "en"));

        TestApi.Reply reply = api.delete("/heroes/" + heroId);

        assertProblem(reply, 409, "https://taleweaver.dev/problems/conflict");
        assertThat(reply.json().get("detail").asText()).contains(heroId);
        assertThat(api.get("/heroes/" + heroId).status()).isEqualTo(200);
    }

    @Test
    void deletingAChildWithStoriesIs409() {
        api.create("/stories", Bodies.story("T", miaId, heroId, "en"));

        assertProblem(api.delete("/children/" + miaId), 409, "https://taleweaver.dev/problems/conflict");
    }

    private static List<String> titles(TestApi.Reply reply) {
        assertThat(reply.status()).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        reply.items().forEach(s -> titles.add(s.get("title").asText()));
        return titles;
    }
}
