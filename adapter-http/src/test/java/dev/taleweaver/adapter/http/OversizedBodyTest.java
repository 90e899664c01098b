package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A body over the limit gets its 413 problem however the client sends it, and never a connection reset instead: the
 * server reads (and discards) the rest of the body before answering, so a client that writes the whole body before
 * reading the answer (curl, Python requests, the JDK client) always gets to read it.
 */
class OversizedBodyTest {
    private static final int LIMIT = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.builder().maxRequestBytes(LIMIT).start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** A hero whose appearance makes the JSON {@code bytes} long (give or take a few bytes). */
    private static byte[] heroOf(int bytes) {
        String small = Bodies.captainWonder();
        return small.replace("Wears a blue cape", "x".repeat(bytes - small.length()))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBodyJustOverTheLimitIs413EveryTimeWithContentLength() throws IOException {
        byte[] body = heroOf(LIMIT + 1024);
        for (int i = 0; i < 50; i++) {
            assertTooLarge(RawReply.exchange(api.port, body, false, false), "attempt " + i);
        }
    }

    @Test
    void aBodyJustOverTheLimitIs413EveryTimeChunked() throws IOException {
        byte[] body = heroOf(LIMIT + 1024);
        for (int i = 0; i < 50; i++) {
            assertTooLarge(RawReply.exchange(api.port, body, true, false), "attempt " + i);
        }
    }

    @Test
    void aBodyOfSeveralMegabytesIs413NotAReset() throws IOException {
        byte[] body = heroOf(5 * 1024 * 1024);
        for (int i = 0; i < 5; i++) {
            assertTooLarge(RawReply.exchange(api.port, body, false, false), "Content-Length, attempt " + i);
            assertTooLarge(RawReply.exchange(api.port, body, true, false), "chunked, attempt " + i);
        }
    }

    @Test
    void theJdkClientReadsThe413EveryTime() {
        byte[] body = heroOf(LIMIT + 1024);
        for (int i = 0; i < 50; i++) {
            TestApi.Reply fixed = api.send(HttpRequest.newBuilder(api.uri("/heroes"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertProblem(fixed, 413, "about:blank");
            TestApi.Reply chunked = api.send(HttpRequest.newBuilder(api.uri("/heroes"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
            assertProblem(chunked, 413, "about:blank");
        }
        assertThat(api.get("/heroes").items()).isEmpty();
    }

    @Test
    void expectContinueWithAnOverLimitLengthGetsThe413WithoutSendingTheBody() throws IOException {
        byte[] body = heroOf(5 * 1024 * 1024);
        RawReply reply = RawReply.exchange(api.port, body, false, true);
        assertTooLarge(reply, "Expect: 100-continue");
        assertThat(reply.bodySent()).as("body sent").isFalse();
    }

    @Test
    void aDeclaredLengthBeyondTheDrainBoundIsRefusedWithoutWaitingForTheBody() throws IOException {
        long declared = new OversizedBody(LIMIT).drainBound() + 1;
        try (Socket socket = new Socket("127.0.0.1", api.port)) {
            socket.setSoTimeout(5_000); // draining would wait for a body this client never sends
            socket.getOutputStream().write(("POST /heroes HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTooLarge(RawReply.read(socket.getInputStream(), false), "beyond the drain bound");
        }
    }

    /**
     * A client that declares more than the limit (but less than the drain bound), sends a few bytes and then waits
     * for the answer: the 413 is written before the rest of the body is discarded, so it arrives at once rather than
     * after the idle timeout (issue 9: "Content-Length over the limit of any size → 413 at once").
     */
    @Test
    void aClientThatDeclaresMoreThanItSendsAndWaitsGetsThe413AtOnce() throws IOException {
        long declared = LIMIT + 40_000L;
        assertThat(declared).isLessThan(new OversizedBody(LIMIT).drainBound());
        for (String path : List.of("/heroes", "/stories/550e8400-e29b-41d4-a716-446655440000/rating")) {
            String method = path.equals("/heroes") ? "POST" : "PUT";
            try (Socket socket = new Socket("127.0.0.1", api.port)) {
                socket.setSoTimeout(3_000); // generous: before the fix the answer came only with the idle timeout
                socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + declared + "\r\n\r\n"
                        + "{\"name\":\"x\"}").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush(); // and nothing more: the socket stays open, waiting
                assertTooLarge(RawReply.read(socket.getInputStream(), false), method + " " + path);
                assertThat(socket.getInputStream().read()).as("after the 413").isEqualTo(-1);
            }
        }
    }

    @Test
    void aBodyWithinTheLimitIsReadAndJudgedAsUsual() throws IOException {
        byte[] body = heroOf(LIMIT - 1024); // too long an appearance: a validation problem, not a size one
        RawReply reply = RawReply.exchange(api.port, body, false, false);
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(reply.headers().get("connection")).isNull();
    }

    private static void assertTooLarge(RawReply reply, String what) throws IOException {
        assertThat(reply.status()).as("%s: %s", what, reply.text()).isEqualTo(413);
        assertThat(reply.headers().get("content-type")).as(what).startsWith("application/problem+json");
        assertThat(reply.headers().get("connection")).as(what).isEqualToIgnoringCase("close");
        assertThat(reply.headers().get("x-request-id")).as(what).isNotBlank();
        JsonNode problem = JSON.readTree(reply.body());
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("detail").asText()).contains(String.valueOf(LIMIT));
    }
}
