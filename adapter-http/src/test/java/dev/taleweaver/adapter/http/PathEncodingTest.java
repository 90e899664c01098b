package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static dev.taleweaver.adapter.http.ProblemAssertions.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A path with a broken percent-encoding is a 400 problem (found by FuzzIT: Javalin's path-parameter decoder threw and
 * the client got a 500); so is a body field with an empty or blank name (the violation had no field to name).
 */
class PathEncodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestApi api = TestApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    private RawReply raw(String method, String target, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            return RawReply.read(socket.getInputStream(), true);
        }
    }

    @ParameterizedTest
    @CsvSource({
            "GET, /heroes/%u0041",
            "DELETE, /stories/%u0041",
            "PUT, /children/%zz",
            "PUT, /stories/%u0041/rating",
            "GET, /heroes/%ff",
            "GET, /heroes/abc%",
    })
    void aBrokenPercentEncodingInThePathIs400(String method, String target) throws IOException {
        RawReply reply = raw(method, target, method.equals("PUT") ? "{\"rating\":3}" : null);

        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertThat(reply.headers().get("content-type")).startsWith("application/problem+json");
        // Jetty refuses some of these itself (about:blank); the rest reach PathEncoding (malformed-path)
        assertThat(JSON.readTree(reply.body()).get("status").asInt()).isEqualTo(400);
        assertThat(reply.text()).doesNotContain("Exception", "URLDecoder");
    }

    @Test
    void anEscapeJettyLetsThroughIsNamedAMalformedPath() throws IOException {
        RawReply reply = raw("DELETE", "/stories/%u0041", null);

        assertThat(JSON.readTree(reply.body()).get("type").asText())
                .isEqualTo("https://taleweaver.dev/problems/malformed-path");
    }

    @Test
    void aWellEncodedPathStillReachesItsRoute() throws IOException {
        // %61 is "a": a well-formed escape decodes and the id is judged as usual (unknown → 404)
        RawReply reply = raw("GET", "/heroes/%61aaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa", null);

        assertThat(reply.status()).as(reply.text()).isEqualTo(404);
    }

    @Test
    void aBodyFieldWithAnEmptyOrBlankNameIsNamedQuoted() {
        JsonNode problem = assertProblem(api.post("/heroes", Bodies.captainWonder()
                .replaceFirst("\\{", "{\"\": 1, \" \": 2, ")), 400);

        assertThat(fields(problem)).contains("\"\"", "\" \"");
    }
}
