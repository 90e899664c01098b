package dev.taleweaver.adapter.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.HandlerType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken HTTP framing and clients that go away are the client's mistake: a 400 problem (when the client is still
 * there to read it), a DEBUG line at most, never an ERROR with a stack trace, and never counted as a 5xx. A declared
 * length over the limit is refused at once, whatever its size (issue 9, defects 8 and 14).
 */
class FramingErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HERO = Bodies.captainWonder();

    private final BlockingQueue<Integer> statuses = new LinkedBlockingQueue<>();
    /** Released when a POST /heroes reaches Javalin, just before its route reads the body. */
    private final Semaphore postsDispatched = new Semaphore(0);
    private TestApi api;
    private LogCapture logs;

    @BeforeEach
    void start() {
        logs = LogCapture.all(Level.DEBUG);
        api = TestApi.builder().observer((method, route, status, nanos) -> statuses.add(status))
                .routes(config -> config.routes.before("/heroes", ctx -> {
                    if (ctx.method() == HandlerType.POST) {
                        postsDispatched.release();
                    }
                }))
                .start();
    }

    @AfterEach
    void stop() {
        api.close();
        logs.close();
    }

    @Test
    void aChunkSizeThatIsNotHexIs400() throws Exception {
        assertBadRequest(chunked("zz\r\n" + HERO + "\r\n0\r\n\r\n"));
    }

    @Test
    void aNegativeChunkSizeIs400() throws Exception {
        assertBadRequest(chunked("-5\r\n" + HERO + "\r\n0\r\n\r\n"));
    }

    @Test
    void aBrokenChunkSizeAfterAGoodChunkIs400() throws Exception {
        String first = HERO.substring(0, 10);
        assertBadRequest(chunked(Integer.toHexString(first.length()) + "\r\n" + first + "\r\nzz\r\n"
                + HERO.substring(10) + "\r\n0\r\n\r\n"));
    }

    @Test
    void aBodyShorterThanItsContentLengthIs400() throws Exception {
        try (Socket socket = socket()) {
            send(socket, head("Content-Length: " + (HERO.length() + 100)) + HERO);
            socket.shutdownOutput(); // the client is done sending but still reads
            assertBadRequest(RawReply.read(socket.getInputStream(), true));
        }
    }

    @Test
    void aClientThatAbortsMidBodyIsNoServerError() throws Exception {
        try (Socket socket = socket()) {
            send(socket, head("Content-Length: " + (HERO.length() + 100)) + HERO);
            awaitBodyBeingRead();
            socket.setSoLinger(true, 0); // close with a reset, like a killed client
        }
        assertNoServerError();
    }

    @Test
    void aChunkedClientThatAbortsMidBodyIsNoServerError() throws Exception {
        try (Socket socket = socket()) {
            send(socket, head("Transfer-Encoding: chunked") + "10\r\n" + HERO.substring(0, 16) + "\r\n");
            awaitBodyBeingRead();
            socket.setSoLinger(true, 0);
        }
        assertNoServerError();
    }

    @Test
    void aContentLengthBeyondTwoToThe31Is413AtOnce() throws Exception {
        for (String declared : List.of("4294967306", "2147483648", "9223372036854775807")) {
            try (Socket socket = socket()) {
                send(socket, head("Content-Length: " + declared) + "{\"name\":\"x\"}");
                RawReply reply = RawReply.read(socket.getInputStream(), false);
                assertThat(reply.status()).as("%s: %s", declared, reply.text()).isEqualTo(413);
                assertProblemJson(reply, 413);
            }
        }
        assertNoServerError();
    }

    @Test
    void aContentLengthBeyondALongIsAProblemToo() throws Exception {
        try (Socket socket = socket()) {
            send(socket, head("Content-Length: 99999999999999999999999") + "{}");
            RawReply reply = RawReply.read(socket.getInputStream(), false);
            assertThat(reply.status()).as(reply.text()).isBetween(400, 499);
            assertProblemJson(reply, reply.status());
        }
        assertNoServerError();
    }

    private RawReply chunked(String body) throws IOException {
        try (Socket socket = socket()) {
            send(socket, head("Transfer-Encoding: chunked") + body);
            return RawReply.read(socket.getInputStream(), true);
        }
    }

    private Socket socket() throws IOException {
        Socket socket = new Socket("127.0.0.1", api.port);
        socket.setSoTimeout(5_000); // "at once": nothing here may wait for an idle timeout
        return socket;
    }

    /** The server has dispatched the POST and is about to read (or reading) the body the client will not finish. */
    private void awaitBodyBeingRead() throws InterruptedException {
        assertThat(postsDispatched.tryAcquire(10, TimeUnit.SECONDS)).as("POST /heroes dispatched").isTrue();
    }

    private static String head(String framing) {
        return "POST /heroes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + framing + "\r\n\r\n";
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void assertBadRequest(RawReply reply) throws IOException, InterruptedException {
        assertThat(reply.status()).as(reply.text()).isEqualTo(400);
        assertProblemJson(reply, 400);
        assertNoServerError();
    }

    private static void assertProblemJson(RawReply reply, int status) throws IOException {
        assertThat(reply.headers().get("content-type")).as(reply.text()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(reply.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(new String(reply.body(), StandardCharsets.UTF_8))
                .doesNotContain("Exception", "java.", "org.eclipse", "\tat ");
    }

    /** Nothing logged at WARN or above, no stack trace at all, and no 5xx seen by the observer. */
    private void assertNoServerError() throws IOException, InterruptedException {
        // the server finishes its side of a request after the client has gone: give it a moment
        try (Socket socket = socket()) {
            send(socket, "GET /heroes HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertThat(RawReply.read(socket.getInputStream(), true).status()).isEqualTo(200);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < deadline && statuses.stream().noneMatch(s -> s >= 500) && serious().isEmpty()) {
            Thread.sleep(20);
        }
        assertThat(serious()).as("log lines at WARN or above, or with a stack trace").isEmpty();
        assertThat(statuses).as("statuses seen by the observer").allMatch(s -> s < 500);
    }

    private List<String> serious() {
        return logs.events().stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) || e.getThrowableProxy() != null)
                .map(FramingErrorsTest::describe)
                .toList();
    }

    private static String describe(ILoggingEvent e) {
        return e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getClassName());
    }
}
