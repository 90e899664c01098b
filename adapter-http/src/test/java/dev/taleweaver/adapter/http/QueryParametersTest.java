package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taleweaver.domain.common.ValidationException;
import dev.taleweaver.domain.common.Violation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

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
            return JSON.readTree(reply.body());
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
        assertThat(rawGet("/heroes?language=fr&utm_source=a+b%20c", 200)).hasSize(1);
        assertThat(rawGet("/heroes?", 200)).hasSize(2);
        assertThat(rawGet("/heroes?&&language=en&", 200)).hasSize(1);
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
