package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.UUID;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static dev.taleweaver.adapter.http.ProblemAssertions.fields;
import static dev.taleweaver.adapter.http.ProblemAssertions.message;
import static org.assertj.core.api.Assertions.assertThat;

/** Everything a client can get wrong, and the problem+json it gets back. */
class RequestProblemsTest {
    private final TestApi api = TestApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/heroes", "/children", "/stories"})
    void aMalformedIdInThePathIs400NamingId(String path) {
        for (String method : new String[] {"GET", "DELETE"}) {
            JsonNode problem = assertProblem(api.send(method, path + "/not-a-uuid", null, null), 400, "id");
            assertThat(problem.get("instance").asText()).isEqualTo(path + "/not-a-uuid");
        }
    }

    @Test
    void aLongPathIsNotEchoedAsTheProblemsInstance() {
        String longPath = "/heroes/" + "a".repeat(5_000);

        JsonNode problem = assertProblem(api.get(longPath), 400, "id");
        JsonNode unknownRoute = assertProblem(api.get("/" + "d".repeat(5_000)), 404, "about:blank");

        assertThat(problem.has("instance")).as("a path past the bound is left out, not clipped").isFalse();
        assertThat(unknownRoute.has("instance")).isFalse();
        assertThat(problem.toString().length()).isLessThan(1_000);
        String atTheBound = "/heroes/" + "a".repeat(ProblemHandlers.INSTANCE_MAX - "/heroes/".length());
        assertThat(assertProblem(api.get(atTheBound), 400, "id").get("instance").asText()).isEqualTo(atTheBound);
    }

    @Test
    void aMalformedIdOnReplaceIs400NamingId() {
        assertProblem(api.put("/heroes/123", Bodies.captainWonder()), 400, "id");
        assertProblem(api.put("/stories/123/rating", "{\"rating\": 3}"), 400, "id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/heroes", "/children", "/stories"})
    void anUnknownIdIs404(String path) {
        String id = UUID.randomUUID().toString();

        JsonNode problem = assertProblem(api.get(path + "/" + id), 404, "https://taleweaver.dev/problems/not-found");

        assertThat(problem.get("detail").asText()).contains(id);
        assertThat(problem.get("instance").asText()).isEqualTo(path + "/" + id);
        assertProblem(api.delete(path + "/" + id), 404, "https://taleweaver.dev/problems/not-found");
    }

    @Test
    void replacingAnUnknownHeroIs404() {
        assertProblem(api.put("/heroes/" + UUID.randomUUID(), Bodies.captainWonder()), 404,
                "https://taleweaver.dev/problems/not-found");
    }

    @Test
    void malformedJsonIs400SayingWhere() {
        TestApi.Reply reply = api.post("/heroes", "{\n  \"name\": \"Captain\",\n  \"age\": 12,,\n}");

        JsonNode problem = assertProblem(reply, 400, "https://taleweaver.dev/problems/malformed-body");
        assertThat(problem.get("detail").asText()).contains("line 3, column");
    }

    @Test
    void truncatedJsonIs400WithoutInternals() {
        JsonNode problem = assertProblem(api.post("/heroes", "{\"name\": \"Capt"), 400,
                "https://taleweaver.dev/problems/malformed-body");

        assertThat(problem.get("detail").asText()).contains("line 1").doesNotContain("Source", "REDACTED");
    }

    @Test
    void aBodyThatIsNotAnObjectIs400() {
        assertProblem(api.post("/heroes", "[1, 2]"), 400, "https://taleweaver.dev/problems/malformed-body");
        assertProblem(api.post("/heroes", "\"hello\""), 400, "https://taleweaver.dev/problems/malformed-body");
        assertProblem(api.post("/heroes", "null"), 400, "https://taleweaver.dev/problems/malformed-body");
    }

    @Test
    void anEmptyBodyIs400() {
        assertProblem(api.post("/heroes", ""), 400, "https://taleweaver.dev/problems/malformed-body");
        assertProblem(api.put("/children/" + UUID.randomUUID(), "  "), 400,
                "https://taleweaver.dev/problems/malformed-body");
    }

    @Test
    void anUnknownFieldIs400NamingIt() {
        JsonNode problem = assertProblem(api.post("/heroes", Bodies.captainWonder().replace("\"age\"", "\"agee\"")),
                400, "agee");

        assertThat(message(problem, "agee")).contains("not a known field").contains("age");
        assertThat(fields(problem)).contains("age"); // and the real field is now missing
    }

    @Test
    void anUnknownFieldHoldingAListOrAnObjectIsNamedAsSentWhereverItStands() {
        for (String body : List.of(
                Bodies.captainWonder().replace("\"age\": 12,", "\"traits\": [\"brave\", \"kind\"], \"age\": 12,"),
                Bodies.captainWonder().replaceFirst("\\{", "{\"traits\": [\"brave\"],"),
                Bodies.captainWonder().replaceFirst("}\\s*$", ", \"traits\": [[1], {\"a\": [2]}]}"))) {
            JsonNode problem = assertProblem(api.post("/heroes", body), 400, "traits");
            assertThat(fields(problem)).as(body).containsExactly("traits");
            assertThat(message(problem, "traits")).startsWith("is not a known field");
        }
        JsonNode nested = assertProblem(api.post("/heroes",
                Bodies.captainWonder().replace("\"age\": 12,", "\"power\": {\"level\": [9]}, \"age\": 12,")), 400,
                "power");
        assertThat(fields(nested)).containsExactly("power");
    }

    @Test
    void aMissingFieldIs400NamingIt() {
        JsonNode problem = assertProblem(api.post("/children", """
                {"name": "Mia", "gender": "female", "interests": [], "language": "en"}"""), 400, "age");

        assertThat(message(problem, "age")).isEqualTo("is required");
        assertThat(fields(problem)).containsExactly("age");
    }

    @Test
    void nullForARequiredFieldIs400NamingIt() {
        assertProblem(api.post("/heroes", Bodies.captainWonder().replace("\"Captain Wonder\"", "null")), 400,
                "name");
        assertProblem(api.post("/heroes", Bodies.captainWonder().replace("\"en\"", "null")), 400, "language");
        assertProblem(api.post("/heroes", Bodies.captainWonder().replace("[\"flying\", \"super strength\"]", "null")),
                400, "strengths");
    }

    @Test
    void aValueOfTheWrongJsonTypeIs400NamingTheField() {
        JsonNode problem = assertProblem(api.post("/heroes", Bodies.captainWonder().replace("12", "\"abc\"")), 400,
                "age");
        assertThat(message(problem, "age")).isEqualTo("must be a whole number");

        assertProblem(api.post("/heroes", Bodies.captainWonder().replace("12", "12.5")), 400, "age");
        assertProblem(api.post("/heroes", Bodies.captainWonder().replace("12", "\"12\"")), 400, "age");
        JsonNode tooBig = assertProblem(api.post("/heroes", Bodies.captainWonder().replace("12", "99999999999")),
                400, "age");
        assertThat(message(tooBig, "age")).isEqualTo("is out of range");
        assertProblem(api.post("/heroes", Bodies.captainWonder().replace("12", "true")), 400, "age");
        assertProblem(api.post("/heroes", Bodies.captainWonder().replace("\"Captain Wonder\"", "42")), 400, "name");
        assertProblem(api.post("/children", Bodies.mia().replace("[\"dragons\", \"the sea\"]", "\"dragons\"")), 400,
                "interests");
        assertProblem(api.post("/children", Bodies.mia().replace("\"dragons\"", "7")), 400, "interests[0]");
    }

    @Test
    void typeErrorsUnknownFieldsMissingFieldsAndDomainRulesAreReportedTogether() {
        TestApi.Reply reply = api.post("/heroes", """
                {"name": "", "age": "twelve", "gender": "robot", "appearance": 7,
                 "personality_traits": "brave", "interests": [{"a": 1}], "language": "xx", "power": 9}""");

        JsonNode problem = assertProblem(reply, 400, "age");
        assertThat(fields(problem)).containsExactlyInAnyOrder("age", "appearance", "personality_traits",
                "interests[0]", "power", "gender", "language", "name", "strengths");
        assertThat(message(problem, "age")).isEqualTo("must be a whole number");
        assertThat(message(problem, "appearance")).isEqualTo("must be a string");
        assertThat(message(problem, "personality_traits")).isEqualTo("must be an array of strings");
        assertThat(message(problem, "power")).startsWith("is not a known field");
        assertThat(message(problem, "gender")).contains("male", "female", "non_binary");
        assertThat(message(problem, "language")).contains("ISO 639-1");
        assertThat(message(problem, "name")).contains("1 to 100");
        assertThat(message(problem, "strengths")).contains("required");
        assertThat(problem.get("detail").asText()).contains("9 fields");
    }

    @Test
    void everyDomainRuleBrokenByABodyIsReportedAtOnce() {
        String longName = "x".repeat(101);
        JsonNode problem = assertProblem(api.post("/children", """
                {"name": "%s", "age": 18, "gender": "female", "interests": ["ok", ""], "language": "en"}"""
                .formatted(longName)), 400, "name");

        assertThat(fields(problem)).containsExactlyInAnyOrder("name", "age", "interests[1]");
        assertThat(message(problem, "age")).contains("0", "17");
    }

    @Test
    void storyBodiesNameTheirIdFields() {
        JsonNode problem = assertProblem(api.post("/stories", """
                {"title": "T", "content": "C", "child_id": "nope", "hero_id": "also-nope", "language": "en",
                 "rating": 7}"""), 400, "child_id");

        assertThat(fields(problem)).containsExactlyInAnyOrder("child_id", "hero_id", "rating");
    }

    @Test
    void aBadLanguageQueryParameterIs400() {
        JsonNode problem = assertProblem(api.get("/heroes?language=english"), 400, "language");

        assertThat(problem.get("instance").asText()).isEqualTo("/heroes");
        assertProblem(api.get("/children?language="), 400, "language");
        assertProblem(api.get("/stories?language=EN"), 400, "language");
    }

    @Test
    void aBadChildIdQueryParameterIs400() {
        assertProblem(api.get("/stories?child_id=42"), 400, "child_id");

        JsonNode both = assertProblem(api.get("/stories?child_id=42&language=zz"), 400, "child_id");
        assertThat(fields(both)).containsExactlyInAnyOrder("child_id", "language");
    }

    @Test
    void anUnknownRouteIs404ProblemJson() {
        JsonNode problem = assertProblem(api.get("/dragons"), 404, "about:blank");

        assertThat(problem.get("title").asText()).isEqualTo("Not Found");
        assertThat(problem.get("instance").asText()).isEqualTo("/dragons");
        assertProblem(api.get("/heroes/" + UUID.randomUUID() + "/friends"), 404, "about:blank");
    }

    @Test
    void aWrongMethodOnAKnownPathIs405WithAllow() {
        TestApi.Reply reply = api.delete("/heroes");

        assertProblem(reply, 405, "about:blank");
        assertThat(reply.header("Allow")).contains("GET", "POST");
        assertProblem(api.send("PATCH", "/stories/" + UUID.randomUUID(), "{}", "application/json"), 405);
        assertProblem(api.send("POST", "/health", "{}", "application/json"), 405);
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        assertProblem(api.send("POST", "/heroes", Bodies.captainWonder(), "text/plain"), 415, "about:blank");
        assertProblem(api.send("POST", "/heroes", Bodies.captainWonder(), null), 415);
        assertProblem(api.send("PUT", "/children/" + UUID.randomUUID(), Bodies.mia(), "application/xml"), 415);
        assertProblem(api.send("PUT", "/stories/" + UUID.randomUUID() + "/rating", "{\"rating\": 1}",
                "application/x-www-form-urlencoded"), 415);
        assertThat(api.get("/heroes").items()).isEmpty();
    }
}
