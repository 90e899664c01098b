package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taleweaver.domain.common.ValidationException;
import dev.taleweaver.domain.common.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.taleweaver.adapter.http.ProblemAssertions.fields;
import static dev.taleweaver.adapter.http.ProblemAssertions.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Query strings are decoded strictly: a malformed percent-encoding anywhere is a 400 naming the parameter, never a
 * parameter silently dropped (which turned a filtered list into the whole list).
 */
class QueryParametersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestApi api = TestApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    /** Sends the request target exactly as given (no client library would send a malformed escape). */
    private JsonNode rawGet(String target, int expectedStatus) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            RawReply reply = RawReply.read(socket.getInputStream(), true);
            assertThat(reply.status()).as(reply.text()).isEqualTo(expectedStatus);
            assertThat(reply.headers().get("content-type"))
                    .startsWith(expectedStatus == 200 ? "application/json" : "application/problem+json");
            JsonNode body = JSON.readTree(reply.body());
            return expectedStatus == 200 ? body.get("items") : body;
        }
    }

    @ParameterizedTest
    @CsvSource({
            "/stories?child_id=X%, child_id",
            "/stories?child_id=%, child_id",
            "/stories?child_id=550e8400-e29b-41d4-a716-44665544000%, child_id",
            "/heroes?language=%zz, language",
            "/children?language=e%n, language",
            "/heroes?language=%e0%a4, language",
            "/heroes?language=%c3%28, language",
            "/heroes?language=%ed%a0%80, language",
            "/stories?language=en&child_id=%g1, child_id",
            "/heroes?language=en&utm_source=%zz, utm_source",
            "/heroes?utm_%zz=1&language=en, utm_%zz"})
    void aMalformedPercentEncodingIs400NamingTheParameter(String target, String parameter) throws IOException {
        JsonNode problem = rawGet(target, 400);

        assertThat(problem.get("type").asText()).isEqualTo("https://taleweaver.dev/problems/validation");
        assertThat(fields(problem)).containsExactly(parameter);
        assertThat(message(problem, parameter)).contains("percent-encoded UTF-8");
        assertThat(problem.get("instance").asText()).doesNotContain("?");
    }

    @Test
    void wellFormedEncodingsStillFilter() throws IOException {
        api.create("/heroes", Bodies.hero("Luna", "fr"));
        api.create("/heroes", Bodies.hero("Sol", "en"));

        assertThat(rawGet("/heroes?language=%66%72", 200)).hasSize(1);
        assertThat(rawGet("/heroes?%6Canguage=fr", 200)).hasSize(1);
        assertThat(rawGet("/heroes?language=fr&limit=%31%30", 200)).hasSize(1);
        assertThat(rawGet("/heroes?", 200)).hasSize(2);
        assertThat(rawGet("/heroes?&&language=en&", 200)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "501", "-1", "ten", "1.5", "", "99999999999", "%20%35"})
    void aLimitOutside1To500IsA400NamingLimit(String limit) throws IOException {
        assertThat(message(rawGet("/heroes?limit=" + limit, 400), "limit")).contains("1 to 500");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/heroes?utm_source=x", "/heroes?Language=en", "/stories?child=x", "/children?after=x"})
    void anUnknownParameterIsA400NamingIt(String target) throws IOException {
        String name = target.substring(target.indexOf('?') + 1, target.indexOf('='));
        assertThat(message(rawGet(target, 400), name)).contains("not a parameter of this list");
    }

    @Test
    void walkingTheCursorsVisitsEveryHeroOnceInCreationOrder() throws IOException {
        List<String> created = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(api.create("/heroes", Bodies.hero("Hero " + i, "en")).get("id").asText());
        }
        List<String> seen = new java.util.ArrayList<>();
        String target = "/heroes?limit=2";
        int pages = 0;
        while (target != null) {
            TestApi.Reply reply = api.get(target);
            assertThat(reply.status()).isEqualTo(200);
            JsonNode page = reply.json();
            page.get("items").forEach(hero -> seen.add(hero.get("id").asText()));
            JsonNode next = page.get("next_cursor");
            String link = reply.header("Link");
            if (next.isNull()) {
                assertThat(link).isNull();
                target = null;
            } else {
                assertThat(link).isEqualTo("</heroes?limit=2&cursor=" + next.asText() + ">; rel=\"next\"");
                target = link.substring(1, link.indexOf('>'));
            }
            pages++;
        }
        // the test services stamp every hero with the same time: the id orders them
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created).isSorted();
        assertThat(pages).isEqualTo(3);
        assertThat(api.get("/heroes").items()).hasSize(5);
    }

    @Test
    void aTamperedOrForeignCursorIsA400NamingCursor() throws IOException {
        api.create("/heroes", Bodies.hero("Luna", "fr"));
        api.create("/heroes", Bodies.hero("Sol", "fr"));
        String cursor = api.get("/heroes?limit=1").json().get("next_cursor").asText();
        String tampered = tamper(cursor, 20);

        assertThat(api.get("/heroes?limit=1&cursor=" + cursor).items()).hasSize(1);
        assertThat(message(rawGet("/heroes?cursor=" + tampered, 400), "cursor")).contains("next_cursor");
        assertThat(message(rawGet("/heroes?language=fr&cursor=" + cursor, 400), "cursor"))
                .as("a cursor of another list").contains("next_cursor");
        assertThat(message(rawGet("/heroes?cursor=not-a-cursor", 400), "cursor")).contains("next_cursor");
        assertThat(message(rawGet("/children?cursor=" + cursor, 400), "cursor")).as("a cursor of heroes")
                .contains("next_cursor");
        assertThat(message(rawGet("/heroes?cursor=" + tamper(cursor, cursor.length() - 1), 400), "cursor"))
                .as("spare bits of the last character").contains("next_cursor");
        assertThat(message(rawGet("/heroes?cursor=%zz", 400), "cursor")).contains("percent-encoded");
    }

    private static String tamper(String cursor, int at) {
        char c = cursor.charAt(at);
        return cursor.substring(0, at) + (char) (c == 'A' ? 'B' : c == 'B' ? 'C' : 'A') + cursor.substring(at + 1);
    }

    @Test
    void aRepeatedFilterIs400RatherThanOneOfThemWinning() throws IOException {
        JsonNode problem = rawGet("/heroes?language=en&language=fr", 400);

        assertThat(message(problem, "language")).contains("at most once");
    }

    @Test
    void theProblemEchoesAtMostAClippedValue() throws IOException {
        JsonNode problem = rawGet("/stories?child_id=" + "%41".repeat(1_000) + "%", 400);

        assertThat(message(problem, "child_id").length()).isLessThan(200);
    }

    @Test
    void decodingFollowsFormEncoding() {
        InputCheck check = new InputCheck();

        QueryParameters query = QueryParameters.parse("a=x+y%2B%C3%A9&b&=z&c=1=2", check);

        assertThat(check.hasProblems()).isFalse();
        assertThat(query.single("a", check)).isEqualTo("x y+\u00e9");
        assertThat(query.single("b", check)).isEmpty();
        assertThat(query.single("c", check)).isEqualTo("1=2");
        assertThat(query.single("missing", check)).isNull();
        assertThat(QueryParameters.parse(null, check).single("a", check)).isNull();
    }

    @Test
    void aParameterWithoutANameIsNamedForWhatItIs() {
        InputCheck check = new InputCheck();

        QueryParameters.parse("=%zz", check);

        assertThatThrownBy(check::throwIfAny).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations()).extracting(Violation::field).containsExactly("(unnamed parameter)"));
    }
}
