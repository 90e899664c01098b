package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static dev.taleweaver.adapter.http.ProblemAssertions.fields;
import static dev.taleweaver.adapter.http.ProblemAssertions.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text rules over HTTP (the domain's, see {@code Text}): control characters, unpaired surrogates and invisible-only
 * names are a 400 naming the field and never reach storage; text is stored in NFC.
 */
class TextInputTest {
    private final TestApi api = TestApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    /** JSON-escaped ({@code \\u0000} as six characters) into the name of a child body. */
    private TestApi.Reply postChildNamed(String jsonEscapedName) {
        return api.post("/children", Bodies.child(jsonEscapedName, "en"));
    }

    @Test
    void aNulInAChildNameIs400NamingItAndNothingIsStored() {
        JsonNode problem = assertProblem(postChildNamed("Mia\\u0000"), 400, "name");

        assertThat(message(problem, "name")).contains("control characters", "U+0000");
        assertThat(api.childRepository.listAll()).isEmpty();
    }

    @Test
    void aNewlineWithAFakeLogLineInANameIs400() {
        JsonNode problem = assertProblem(postChildNamed("Mia\\n2024-01-15 10:30:00 INFO forged"), 400, "name");

        assertThat(message(problem, "name")).contains("U+000A").doesNotContain("\n", "forged");
        assertThat(api.childRepository.listAll()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0001", "\\u001b[31m", "\\u007f", "\\t", "\\r", "\\u0085", "\\u2028"})
    void otherControlCharactersInNamesAndListItemsAre400(String escaped) {
        assertProblem(api.post("/heroes", Bodies.hero("Captain" + escaped, "en")), 400, "name");
        assertProblem(api.post("/children", Bodies.mia().replace("dragons", "drag" + escaped + "ons")), 400,
                "interests[0]");
        assertThat(api.heroRepository.listAll()).isEmpty();
    }

    @Test
    void aHerosAppearanceMayHoldLineBreaksButNoOtherControlCharacters() {
        JsonNode hero = api.create("/heroes",
                Bodies.captainWonder().replace("golden star", "golden star,\\n\\tand boots"));

        assertThat(hero.get("appearance").asText()).endsWith("golden star,\n\tand boots");
        assertProblem(api.post("/heroes", Bodies.captainWonder().replace("golden star", "golden\\u001b[31m")), 400,
                "appearance");
    }

    @Test
    void anUnpairedSurrogateIs400NotStoredAsAQuestionMark() {
        JsonNode problem = assertProblem(postChildNamed("a\\ud800b"), 400, "name");

        assertThat(message(problem, "name")).contains("surrogate", "U+D800");
        assertProblem(postChildNamed("\\udc00"), 400, "name");
        assertThat(api.childRepository.listAll()).isEmpty();
    }

    @Test
    void aSurrogateEncodedAsUtf8BytesIsRefusedToo() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"name\": \"a".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // U+D800 as if it were a character
        body.writeBytes(("b\", \"age\": 6, \"gender\": \"female\", \"interests\": [], \"language\": \"en\"}")
                .getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/children"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));

        JsonNode problem = assertProblem(api.send(request), 400, "https://taleweaver.dev/problems/malformed-body");

        assertThat(problem.get("detail").asText()).isEqualTo("The request body is not valid UTF-8 (at byte 11).");
        assertThat(api.childRepository.listAll()).isEmpty();
    }

    @Test
    void aBodyStartingWithAByteOrderMarkIsStillJson() {
        byte[] json = Bodies.mia().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        body.writeBytes(json);
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/children"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));

        assertThat(api.send(request).status()).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u200b", "\\ufeff", "\\u00a0", "\\u200b\\u200c\\u200d\\u2060\\ufeff\\u00a0",
            "\\u3164", " \\u2800 "})
    void aNameOfOnlyInvisibleCharactersIs400AsEmpty(String escaped) {
        JsonNode problem = assertProblem(postChildNamed(escaped), 400, "name");

        assertThat(message(problem, "name")).contains("1 to 100", "invisible");
        assertProblem(api.post("/heroes", Bodies.hero(escaped, "en")), 400, "name");
        assertThat(api.childRepository.listAll()).isEmpty();
    }

    @Test
    void storyContentMayHoldLineBreaksAndTabsButTheTitleMayNot() {
        String hero = api.create("/heroes", Bodies.captainWonder()).get("id").asText();
        String child = api.create("/children", Bodies.mia()).get("id").asText();
        String story = Bodies.story("The Moon", child, hero, "en")
                .replace("Once upon a time…", "Once upon a time,\\r\\n\\tthere was a moon.\\n\\nThe end.");

        JsonNode created = api.create("/stories", story);

        assertThat(created.get("content").asText()).isEqualTo("Once upon a time,\r\n\tthere was a moon.\n\nThe end.");
        assertProblem(api.post("/stories", story.replace("The Moon", "The\\nMoon")), 400, "title");
        JsonNode nul = assertProblem(api.post("/stories", story.replace("there was", "there\\u0000was")), 400,
                "content");
        assertThat(message(nul, "content")).contains("tab, line feed and carriage return");
    }

    @Test
    void textIsStoredInNfc() {
        JsonNode child = api.create("/children", Bodies.child("Zoe\\u0301", "en"));

        assertThat(child.get("name").asText()).isEqualTo("Zo\u00e9");
        assertThat(api.get("/children/" + child.get("id").asText()).json().get("name").asText())
                .isEqualTo("Zo\u00e9");
    }

    @Test
    void echoedValuesNeverCarryControlCharactersAndStayShort() {
        JsonNode problem = assertProblem(api.post("/children", Bodies.mia()
                .replace("\"female\"", "\"fe\\u0000male\\nINFO forged " + "x".repeat(5_000) + "\\ud800\"")), 400,
                "gender");

        assertThat(message(problem, "gender")).doesNotContain("\u0000", "\n", "xxxxxxxxxxxxxxxxxxxxxxxxx")
                .contains("\ufffd").hasSizeLessThan(150);
        assertThat(fields(problem)).containsExactly("gender");
    }
}
