package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A malformed request line is the client's mistake: 400 problem+json, never the 505 Jetty's parser gives a line
 * without a version or with an unknown one; only a well-formed version this server does not serve is 505 (issue 9,
 * found by FuzzIT). See {@link JettyProblemErrorHandler} for the reasoning.
 */
class RequestLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.builder().start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "GET  HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", // empty target: two spaces
            "GET /heroes\r\n\r\n", // no version, HTTP/0.9 style
            "GET /heroes\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /heroes HTTX/1.1\r\nHost: 127.0.0.1\r\n\r\n", // not a version
            "GET /heroes HTTP/1\r\nHost: 127.0.0.1\r\n\r\n",
            "GET /heroes HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n", // a minor version Jetty does not know
    })
    void aMalformedRequestLineIs400(String request) throws IOException {
        RawReply reply = exchange(request);
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertProblem(reply, 400, JettyProblemErrorHandler.MALFORMED_REQUEST_LINE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/3.0", "HTTP/0.9"})
    void aWellFormedVersionThisServerDoesNotServeIs505(String version) throws IOException {
        RawReply reply = exchange("GET /heroes " + version + "\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(reply.status()).as(reply.text()).isEqualTo(505);
        assertProblem(reply, 505, JettyProblemErrorHandler.UNSUPPORTED_VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /heroes HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"})
    void http2OnThisHttp1ConnectorIs426UpgradeRequired(String request) throws IOException {
        RawReply reply = exchange(request);
        assertThat(reply.status()).as(reply.text()).isEqualTo(426);
        assertThat(reply.headers().get("content-type")).startsWith("application/problem+json");
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.1", "HTTP/1.0"})
    void aWellFormedRequestLineIsServed(String version) throws IOException {
        RawReply reply = exchange("GET /heroes " + version + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    }

    private static RawReply exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return RawReply.read(socket.getInputStream(), false);
        }
    }

    private static void assertProblem(RawReply reply, int status, String detail) throws IOException {
        assertThat(reply.headers().get("content-type")).as(reply.text()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(reply.body());
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isEqualTo(detail);
    }
}
