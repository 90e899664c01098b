package dev.taleweaver.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.client.codec.StringCodec;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.taleweaver.bootstrap.e2e.Problems.assertInvalidFields;
import static dev.taleweaver.bootstrap.e2e.Problems.assertNamesFields;
import static dev.taleweaver.bootstrap.e2e.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product as deployed: the real server on real PostgreSQL and real Redis, driven over HTTP only. Covers every
 * endpoint of the README's API table, every documented error class, the README's examples as written, and that
 * the cache is used and never serves stale data after a write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEndToEndIT {
    private LiveService service;
    private HttpApi api;

    @BeforeAll
    void start() {
        service = LiveService.start(true);
        api = service.api();
    }

    @AfterAll
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @BeforeEach
    void emptyDatabaseAndCache() {
        service.reset();
    }

    @AfterEach
    void noAnswerLeaksInternals() {
        Problems.assertNothingLeaks(api.answers());
    }

    @Nested
    class Endpoints {

        @ParameterizedTest
        @EnumSource(Resource.class)
        void createFindListFilterReplaceAndDelete(Resource resource) {
            CrudRoundTrip.run(api, resource);
        }

        /** Every list endpoint: walking its cursors two at a time visits each member once; bounds and 400s. */
        @Test
        void everyListIsPagedByCursorAndRefusesBadLimitsCursorsAndParameters() {
            String hero = Resource.HEROES.create(api, "Captain Wonder", "en");
            Resource.HEROES.create(api, "Star Girl", "en");
            Resource.HEROES.create(api, "Étoile", "fr");
            String mia = Resource.CHILDREN.create(api, "Mia", "en");
            Resource.CHILDREN.create(api, "Léa", "fr");
            Resource.CHILDREN.create(api, "Leo", "en");
            for (int i = 0; i < 3; i++) {
                createStory("Story " + i, mia, hero);
            }
            List<String> lists = List.of("/heroes", "/heroes?language=en", "/children", "/children?language=en",
                    "/stories", "/stories?language=en", "/stories?child_id=" + mia,
                    "/stories?child_id=" + mia + "&language=en", "/stories?hero_id=" + hero);
            for (String list : lists) {
                List<String> whole = api.get(list + (list.contains("?") ? "&" : "?") + "limit=500").ids();
                assertThat(whole).as(list).hasSizeGreaterThanOrEqualTo(2);
                List<String> walked = new java.util.ArrayList<>();
                String next = list + (list.contains("?") ? "&" : "?") + "limit=2";
                while (next != null) {
                    ApiResponse page = api.get(next);
                    assertThat(page.status()).as("%s", page).isEqualTo(200);
                    assertThat(page.items().size()).as(next).isLessThanOrEqualTo(2);
                    walked.addAll(page.ids());
                    String link = page.header("Link");
                    next = link == null ? null : link.substring(1, link.indexOf('>'));
                    assertThat(page.json().get("next_cursor").isNull()).as(next).isEqualTo(link == null);
                }
                assertThat(walked).as(list).containsExactlyElementsOf(whole);

                String separator = list.contains("?") ? "&" : "?";
                assertInvalidFields(api.get(list + separator + "limit=0"), "limit");
                assertInvalidFields(api.get(list + separator + "limit=501"), "limit");
                assertInvalidFields(api.get(list + separator + "limit=many"), "limit");
                assertInvalidFields(api.get(list + separator + "cursor=AAAA"), "cursor");
                assertInvalidFields(api.get(list + separator + "page=2"), "page");
            }
            String heroesCursor = api.get("/heroes?limit=1").json().get("next_cursor").asText();
            assertInvalidFields(api.get("/children?cursor=" + heroesCursor), "cursor");
            // malformed percent-encodings (the JDK client refuses to send them) are QueryParametersTest's, on a socket
        }

        @Test
        void storiesOfOneChildCarryTheChildAndHeroNames() {
            String hero = Resource.HEROES.create(api, "Captain Wonder", "en");
            String mia = Resource.CHILDREN.create(api, "Mia", "en");
            String leo = Resource.CHILDREN.create(api, "Leo", "en");
            String first = createStory("The Moon Map", mia, hero);
            createStory("The Sea Wall", leo, hero);
            String second = createStory("The Paper Boat", mia, hero);

            ApiResponse ofMia = api.get("/stories?child_id=" + mia);

            assertThat(ofMia.status()).isEqualTo(200);
            assertThat(ofMia.ids()).containsExactlyInAnyOrder(first, second);
            ofMia.items().forEach(story -> {
                assertThat(story.get("child_name").asText()).isEqualTo("Mia");
                assertThat(story.get("hero_name").asText()).isEqualTo("Captain Wonder");
            });
            assertProblem(api.get("/stories?child_id=" + UUID.randomUUID()), 404);
            assertInvalidFields(api.get("/stories?child_id=mia"), "child_id");
        }

        @Test
        void aStoryIsRatedFromOneToFive() {
            String story = createStory("The Moon Map", Resource.CHILDREN.create(api, "Mia", "en"),
                    Resource.HEROES.create(api, "Captain Wonder", "en"));
            assertThat(api.get("/stories/" + story).json().get("rating").isNull()).isTrue();

            ApiResponse rated = api.put("/stories/" + story + "/rating", "{\"rating\": 4}");

            assertThat(rated.status()).as("%s", rated).isEqualTo(200);
            assertThat(rated.json().get("rating").asInt()).isEqualTo(4);
            assertThat(api.get("/stories/" + story).json().get("rating").asInt()).isEqualTo(4);
            assertInvalidFields(api.put("/stories/" + story + "/rating", "{\"rating\": 6}"), "rating");
            assertProblem(api.put("/stories/" + UUID.randomUUID() + "/rating", "{\"rating\": 3}"), 404);
        }

        @Test
        void healthReportsTheDatabaseAndTheCacheUp() {
            ApiResponse health = api.get("/health");

            assertThat(health.status()).as("%s", health).isEqualTo(200);
            JsonNode report = health.json();
            assertThat(report.path("status").asText()).isEqualTo("UP");
            assertThat(report.path("components").path("database").path("status").asText()).isEqualTo("UP");
            assertThat(report.path("components").path("cache").path("status").asText()).isEqualTo("UP");
        }
    }

    @Nested
    class Errors {

        @ParameterizedTest
        @EnumSource(Resource.class)
        void aMalformedIdIsRefusedNamingTheField(Resource resource) {
            assertInvalidFields(api.get(resource.path() + "/not-a-uuid"), "id");
            assertInvalidFields(api.put(resource.path() + "/42", resource.body(api, "Aurora", "en")), "id");
            assertInvalidFields(api.delete(resource.path() + "/42"), "id");
        }

        @ParameterizedTest
        @EnumSource(Resource.class)
        void anUnknownIdIsNotFound(Resource resource) {
            String unknown = resource.item(UUID.randomUUID().toString());
            assertProblem(api.get(unknown), 404);
            assertProblem(api.put(unknown, resource.body(api, "Aurora", "en")), 404);
            assertProblem(api.delete(unknown), 404);
        }

        @Test
        void malformedJsonIsRefused() {
            assertProblem(api.post("/heroes", "{\"name\": \"Captain Wonder\", \"age\": "), 400);
            assertProblem(api.post("/children", "not json at all"), 400);
            assertProblem(api.post("/heroes", "[]"), 400);
        }

        @Test
        void anUnknownFieldIsRefusedNamingIt() {
            assertNamesFields(api.post("/heroes", Requests.with(Requests.heroFields("Aurora", "en"),
                    "superpower", "flight")), "superpower");
            assertNamesFields(api.post("/children", Requests.with(Requests.childFields("Mia", "en"),
                    "favourite_colour", "green")), "favourite_colour");
        }

        @Test
        void aMissingFieldIsRefusedNamingIt() {
            assertNamesFields(api.post("/heroes", Requests.without(Requests.heroFields("Aurora", "en"), "age")),
                    "age");
            assertNamesFields(api.post("/children", Requests.without(Requests.childFields("Mia", "en"),
                    "language")), "language");
        }

        @Test
        void everyInvalidFieldIsListedInOneAnswer() {
            Map<String, Object> hero = Requests.heroFields("", "english");
            hero.put("age", 1001);
            hero.put("gender", "dragon");
            assertInvalidFields(api.post("/heroes", Requests.json(hero)), "name", "age", "gender", "language");

            Map<String, Object> child = Requests.childFields("Mia", "en");
            child.put("age", 18);
            child.put("interests", List.of(""));
            assertInvalidFields(api.post("/children", Requests.json(child)), "age", "interests[0]");

            String hero1 = Resource.HEROES.create(api, "Captain Wonder", "en");
            Map<String, Object> story = Requests.storyFields("", "not-an-id", hero1, "xx1");
            story.put("content", "");
            assertInvalidFields(api.post("/stories", Requests.json(story)),
                    "title", "content", "child_id", "language");
        }

        @Test
        void anUnknownRouteIsNotFound() {
            assertProblem(api.get("/dragons"), 404);
            assertProblem(api.get("/heroes/" + UUID.randomUUID() + "/stories"), 404);
        }

        @Test
        void aWrongMethodIsNotAllowed() {
            assertProblem(api.delete("/heroes"), 405);
            assertProblem(api.send("PATCH", "/children/" + UUID.randomUUID(), "{}", HttpApi.JSON), 405);
            assertProblem(api.post("/health", "{}"), 405);
        }

        @Test
        void aBodyThatIsNotJsonIsAnUnsupportedMediaType() {
            assertProblem(api.send("POST", "/heroes", Requests.hero("Aurora", "en"), "text/plain"), 415);
            assertProblem(api.send("POST", "/heroes", Requests.hero("Aurora", "en"), null), 415);
            assertProblem(api.send("PUT", "/children/" + UUID.randomUUID(), Requests.child("Mia", "en"),
                    "application/x-www-form-urlencoded"), 415);
        }

        @Test
        void aBodyOverTheLimitIsTooLarge() {
            String big = "x".repeat(257 * 1024);
            assertProblem(api.post("/heroes", Requests.with(Requests.heroFields("Aurora", "en"),
                    "appearance", big)), 413);
            // without Content-Length (chunked) the limit holds while reading
            byte[] chunked = Requests.with(Requests.heroFields("Aurora", "en"), "appearance", big)
                    .getBytes(StandardCharsets.UTF_8);
            assertProblem(api.sendPublished("POST", "/heroes", HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(chunked)), HttpApi.JSON), 413);
            assertThat(api.get("/heroes").ids()).isEmpty();
        }

        @Test
        void aStoryAboutAChildThatDoesNotExistIsRefusedNamingChildId() {
            String hero = Resource.HEROES.create(api, "Captain Wonder", "en");
            assertInvalidFields(api.post("/stories",
                    Requests.story("The Moon Map", UUID.randomUUID().toString(), hero, "en")), "child_id");
            assertThat(api.get("/stories").ids()).isEmpty();
        }

        @Test
        void aHeroOrChildWithStoriesCannotBeDeleted() {
            String hero = Resource.HEROES.create(api, "Captain Wonder", "en");
            String child = Resource.CHILDREN.create(api, "Mia", "en");
            String story = createStory("The Moon Map", child, hero);

            assertProblem(api.delete("/heroes/" + hero), 409);
            assertProblem(api.delete("/children/" + child), 409);
            assertThat(api.get("/heroes/" + hero).status()).isEqualTo(200);
            assertThat(api.get("/children/" + child).status()).isEqualTo(200);

            assertThat(api.delete("/stories/" + story).status()).isEqualTo(204);
            assertThat(api.delete("/heroes/" + hero).status()).isEqualTo(204);
            assertThat(api.delete("/children/" + child).status()).isEqualTo(204);
        }

        @ParameterizedTest
        @EnumSource(Resource.class)
        void aBadLanguageFilterIsRefusedNamingIt(Resource resource) {
            assertInvalidFields(api.get(resource.path() + "?language=english"), "language");
        }
    }

    @Nested
    class Cache {

        @Test
        void aReadHeroIsCachedUnderTheDeploymentsPrefix() {
            String hero = Resource.HEROES.create(api, "Captain Wonder", "en");

            assertThat(api.get("/heroes/" + hero).status()).isEqualTo(200);

            assertCached("hero:" + hero);
            assertThat(service.redis().keys()).allMatch(key -> key.startsWith(service.redis().keyPrefix()));
        }

        @Test
        void aReplacedHeroIsServedNewAtOnce() {
            String hero = Resource.HEROES.create(api, "Captain Wonder", "en");
            api.get("/heroes/" + hero);
            api.get("/heroes");
            assertCached("hero:" + hero, "hero:all");

            assertThat(api.put("/heroes/" + hero, Requests.hero("Captain Marvel", "en")).status()).isEqualTo(200);

            assertThat(api.get("/heroes/" + hero).json().get("name").asText()).isEqualTo("Captain Marvel");
            assertThat(api.get("/heroes").items().get(0).get("name").asText()).isEqualTo("Captain Marvel");
            String entry = service.redis().client().<String>getBucket(service.redisKey("hero:" + hero),
                    StringCodec.INSTANCE).get();
            assertThat(entry).as("the cached entry after the re-read").contains("Captain Marvel")
                    .doesNotContain("Captain Wonder");
        }

        @Test
        void renamingAChildRenamesItInEveryCachedStory() {
            String hero = Resource.HEROES.create(api, "Captain Wonder", "en");
            String child = Resource.CHILDREN.create(api, "Mia", "en");
            String story = createStory("The Moon Map", child, hero);
            assertThat(api.get("/stories/" + story).json().get("child_name").asText()).isEqualTo("Mia");
            assertThat(api.get("/stories?child_id=" + child).items().get(0).get("child_name").asText())
                    .isEqualTo("Mia");
            assertThat(api.get("/stories").items().get(0).get("child_name").asText()).isEqualTo("Mia");
            assertCached("story:" + story, "story:child:" + child, "story:all");

            assertThat(api.put("/children/" + child, Requests.child("Amelia", "en")).status()).isEqualTo(200);

            assertThat(api.get("/stories/" + story).json().get("child_name").asText()).isEqualTo("Amelia");
            assertThat(api.get("/stories?child_id=" + child).items().get(0).get("child_name").asText())
                    .isEqualTo("Amelia");
            assertThat(api.get("/stories").items().get(0).get("child_name").asText()).isEqualTo("Amelia");
        }

        @Test
        void renamingAHeroRenamesItInEveryCachedStory() {
            String hero = Resource.HEROES.create(api, "Captain Wonder", "en");
            String child = Resource.CHILDREN.create(api, "Mia", "en");
            String story = createStory("The Moon Map", child, hero);
            assertThat(api.get("/stories/" + story).json().get("hero_name").asText()).isEqualTo("Captain Wonder");
            assertThat(api.get("/stories?language=en").items().get(0).get("hero_name").asText())
                    .isEqualTo("Captain Wonder");
            assertCached("story:" + story, "story:lang:en");

            assertThat(api.put("/heroes/" + hero, Requests.hero("Captain Marvel", "en")).status()).isEqualTo(200);

            assertThat(api.get("/stories/" + story).json().get("hero_name").asText()).isEqualTo("Captain Marvel");
            assertThat(api.get("/stories?language=en").items().get(0).get("hero_name").asText())
                    .isEqualTo("Captain Marvel");
        }

        @Test
        void aDeletedHeroIsGoneFromTheApiAndTheCache() {
            String hero = Resource.HEROES.create(api, "Captain Wonder", "en");
            api.get("/heroes/" + hero);
            assertCached("hero:" + hero);

            assertThat(api.delete("/heroes/" + hero).status()).isEqualTo(204);

            assertProblem(api.get("/heroes/" + hero), 404);
            assertThat(service.cached("hero:" + hero)).as("keys %s", service.redis().keys()).isFalse();
        }

        @Test
        void aHeroMovedToAnotherLanguageLeavesOneCachedListAndJoinsTheOther() {
            String hero = Resource.HEROES.create(api, "Captain Wonder", "en");
            assertThat(api.get("/heroes?language=en").ids()).containsExactly(hero);
            assertThat(api.get("/heroes?language=fr").ids()).isEmpty();
            assertCached("hero:lang:en", "hero:lang:fr");

            assertThat(api.put("/heroes/" + hero, Requests.hero("Capitaine Merveille", "fr")).status())
                    .isEqualTo(200);

            assertThat(api.get("/heroes?language=en").ids()).isEmpty();
            assertThat(api.get("/heroes?language=fr").ids()).containsExactly(hero);
        }
    }

    @Nested
    class ReadmeExamples {

        @Test
        void theTryItSectionWorksAsWritten() {
            ApiResponse hero = api.post("/heroes", Requests.README_HERO);
            assertThat(hero.status()).as("%s", hero).isEqualTo(201);
            String heroId = hero.json().get("id").asText();
            assertThat(hero.header("Location")).isEqualTo("/heroes/" + heroId);
            assertThat(hero.json().get("personality_traits").size()).isEqualTo(3);

            assertThat(api.get("/heroes").ids()).containsExactly(heroId);
            assertThat(api.get("/heroes?language=en").ids()).containsExactly(heroId);

            ApiResponse child = api.post("/children", Requests.README_CHILD);
            assertThat(child.status()).as("%s", child).isEqualTo(201);
            String childId = child.json().get("id").asText();

            ApiResponse story = api.post("/stories", Requests.README_STORY
                    .replace("CHILD_ID", childId).replace("HERO_ID", heroId));
            assertThat(story.status()).as("%s", story).isEqualTo(201);
            String storyId = story.json().get("id").asText();
            assertThat(story.json().get("content").asText()).isEqualTo("Once upon a time…");
            assertThat(story.json().get("child_name").asText()).isEqualTo("Mia");
            assertThat(story.json().get("hero_name").asText()).isEqualTo("Captain Wonder");

            ApiResponse ofChild = api.get("/stories?child_id=" + childId);
            assertThat(ofChild.status()).isEqualTo(200);
            assertThat(ofChild.ids()).containsExactly(storyId);

            ApiResponse rated = api.put("/stories/" + storyId + "/rating", Requests.README_RATING);
            assertThat(rated.status()).as("%s", rated).isEqualTo(200);
            assertThat(rated.json().get("rating").asInt()).isEqualTo(5);

            ApiResponse invalid = api.post("/heroes", Requests.README_INVALID_HERO);
            assertInvalidFields(invalid, "gender", "language", "name", "age");
            JsonNode problem = invalid.json();
            assertThat(problem.get("type").asText()).isEqualTo("https://taleweaver.dev/problems/validation");
            assertThat(problem.get("title").asText()).isEqualTo("Invalid request");
            assertThat(problem.get("instance").asText()).isEqualTo("/heroes");
            assertThat(problem.get("errors")).isEqualTo(Requests.parse(Requests.README_INVALID_HERO_ERRORS));

            assertThat(api.get("/health").status()).isEqualTo(200);
        }
    }

    /** The reads so far really went through the cache: each logical key is stored in Redis. */
    private void assertCached(String... logicalKeys) {
        for (String key : logicalKeys) {
            assertThat(service.cached(key)).as("%s cached; keys: %s", key, service.redis().keys()).isTrue();
        }
    }

    private String createStory(String title, String childId, String heroId) {
        ApiResponse created = api.post("/stories", Requests.story(title, childId, heroId, "en"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return created.json().get("id").asText();
    }
}
