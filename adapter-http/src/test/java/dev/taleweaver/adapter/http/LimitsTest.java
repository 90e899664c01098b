package dev.taleweaver.adapter.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests too big for the server are refused as problem+json, whether Javalin or Jetty refuses them. */
class LimitsTest {
    private static final int LIMIT = 2_048;
    private final TestApi api = TestApi.builder().maxRequestBytes(LIMIT).start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aBodyWithinTheLimitIsAccepted() {
        assertThat(api.post("/heroes", Bodies.captainWonder()).status()).isEqualTo(201);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = Bodies.captainWonder().replace("Wears a blue cape", "x".repeat(LIMIT));

        TestApi.Reply reply = api.post("/heroes", big);

        assertProblem(reply, 413, "about:blank");
        assertThat(reply.json().get("detail").asText()).contains(String.valueOf(LIMIT));
        assertThat(api.get("/heroes").items()).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() {
        byte[] big = Bodies.captainWonder().replace("Wears a blue cape", "x".repeat(LIMIT))
                .getBytes(StandardCharsets.UTF_8);
        // a stream publisher has no length, so the client sends it chunked and only reading can find the size
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/heroes"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

        assertProblem(api.send(request), 413, "about:blank");
    }

    @Test
    void headersTooLargeForJettyAreAProblemToo() {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.uri("/heroes"))
                .header("X-Padding", "x".repeat(20_000))
                .GET();

        TestApi.Reply reply = api.send(request);

        assertThat(reply.status()).isEqualTo(431);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.json().get("status").asInt()).isEqualTo(431);
    }
}
