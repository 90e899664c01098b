package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
        assertThat(api.get("/heroes").json()).isEmpty();
    }

    @Test
    void expectContinueWithAnOverLimitLengthGetsThe413WithoutSendingTheBody() throws IOException {
        byte[] body = heroOf(5 * 1024 * 1024);
        RawReply reply = RawReply.exchange(api.port, body, false, true);
        assertTooLarge(reply, "Expect: 100-continue");
        assertThat(reply.bodySent).as("body sent").isFalse();
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

    @Test
    void aBodyWithinTheLimitIsReadAndJudgedAsUsual() throws IOException {
        byte[] body = heroOf(LIMIT - 1024); // too long an appearance: a validation problem, not a size one
        RawReply reply = RawReply.exchange(api.port, body, false, false);
        assertThat(reply.status).as(reply.text()).isEqualTo(400);
        assertThat(reply.headers.get("connection")).isNull();
    }

    private static void assertTooLarge(RawReply reply, String what) throws IOException {
        assertThat(reply.status).as("%s: %s", what, reply.text()).isEqualTo(413);
        assertThat(reply.headers.get("content-type")).as(what).startsWith("application/problem+json");
        assertThat(reply.headers.get("connection")).as(what).isEqualToIgnoringCase("close");
        assertThat(reply.headers.get("x-request-id")).as(what).isNotBlank();
        JsonNode problem = JSON.readTree(reply.body);
        assertThat(problem.get("type").asText()).isEqualTo("about:blank");
        assertThat(problem.get("status").asInt()).isEqualTo(413);
        assertThat(problem.get("detail").asText()).contains(String.valueOf(LIMIT));
    }

    /**
     * One request on a fresh socket, written the way simple clients write it: the whole body, then read the answer.
     * A reset anywhere (while writing or reading) fails with the IOException.
     */
    private record RawReply(int status, Map<String, String> headers, byte[] body, boolean bodySent) {
        String text() {
            return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
        }

        static RawReply exchange(int port, byte[] body, boolean chunked, boolean expectContinue) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(15_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder("POST /heroes HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                        + "Content-Type: application/json\r\n");
                head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
                if (expectContinue) {
                    head.append("Expect: 100-continue\r\n");
                }
                out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (expectContinue) {
                    RawReply interim = read(in, false);
                    if (interim.status != 100) {
                        return interim;
                    }
                }
                int step = 16 * 1024;
                for (int at = 0; at < body.length; at += step) {
                    int length = Math.min(step, body.length - at);
                    if (chunked) {
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(body, at, length);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                if (chunked) {
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                return read(in, true);
            }
        }

        private static RawReply read(InputStream in, boolean bodySent) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            if (status == 100) {
                return new RawReply(status, headers, new byte[0], bodySent);
            }
            if (headers.containsKey("content-length")) {
                content.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).strip(), 16); size > 0;
                     size = Integer.parseInt(line(in).strip(), 16)) {
                    content.write(in.readNBytes(size));
                    line(in);
                }
                line(in);
            } else {
                content.write(in.readAllBytes());
            }
            return new RawReply(status, headers, content.toByteArray(), bodySent);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-line after " + Arrays.toString(line.toByteArray()));
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
