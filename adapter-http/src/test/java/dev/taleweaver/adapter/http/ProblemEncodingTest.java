package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A problem answer is JSON, so UTF-8 (RFC 8259), whatever characters it repeats from the request. Found by
 * bootstrap's FuzzIT: without a charset, "application/problem+json" text was written as ISO-8859-1, so "é" reached
 * the client as a byte that is not UTF-8 and "☃" as "?".
 */
class ProblemEncodingTest {
    private final TestApi api = TestApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aProblemRepeatingNonAsciiInputIsUtf8() {
        TestApi.Reply reply = api.post("/heroes", Bodies.hero("Captain Wonder", "\u00e9\u2603"));

        JsonNode problem = assertProblem(reply, 400, "language");
        assertThat(problem.get("errors").get(0).get("message").asText()).endsWith("(got \"\u00e9\u2603\")");
    }
}
