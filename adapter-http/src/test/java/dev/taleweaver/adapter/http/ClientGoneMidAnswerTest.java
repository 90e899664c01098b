package dev.taleweaver.adapter.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that goes away in the middle of a long answer: {@link RenderedJson#send} meets the broken connection
 * as an IOException from the response stream, in the handler. The server must stay healthy (the next request is
 * answered), count no 500 and log no server error for it, and the request must end (no thread left writing).
 */
class ClientGoneMidAnswerTest {
    /** Far more than any socket buffers on loopback hold (a few MiB at most): the server is still writing. */
    private static final int ANSWER_BYTES = 32 * 1024 * 1024;
    private static final RenderedJson.Rendered BIG = RenderedJson.Rendered.of(bigJson());

    record Seen(String route, int status) {
    }

    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

    @Test
    void aClientThatDisconnectsMidAnswerLeavesTheServerHealthyAndIsNoServerError() throws Exception {
        try (LogCapture logs = LogCapture.all(Level.WARN);
             TestApi api = TestApi.builder()
                     .observer((method, route, status, nanos) -> seen.add(new Seen(route, status)))
                     .routes(config -> config.routes.get("/big", ctx -> RenderedJson.send(ctx, 200, BIG)))
                     .start()) {
            for (int i = 0; i < 3; i++) { // more than once: nothing may pile up
                requestAndVanish(api.port);
                Seen big = nextObserved();
                assertThat(big.route()).isEqualTo("/big");
                // observed once, with the status that went out (before the fix: a 400 problem written after the 200,
                // which failed too, and Javalin then skipped the request logger: no access log line, no metric)
                assertThat(big.status()).as("status counted for the abandoned answer").isEqualTo(200);

                assertThat(api.get("/health/live").status()).isEqualTo(200);
                assertThat(nextObserved().status()).isEqualTo(200);
                assertThat(api.get("/heroes").status()).isEqualTo(200);
                assertThat(nextObserved().status()).isEqualTo(200);
            }
            assertThat(logs.events()).as("server errors logged").noneMatch(e -> e.getLevel() == Level.ERROR);
            assertThat(logs.events().stream().map(ILoggingEvent::getFormattedMessage))
                    .as("no 500 in any log line").noneMatch(m -> m.contains("Unexpected failure"));
        }
    }

    @Test
    void aClientThatStopsReadingIsCutAtTheIdleTimeoutAndTheRequestEnds() throws Exception {
        try (LogCapture logs = LogCapture.all(Level.WARN);
             TestApi api = TestApi.builder().idleTimeout(Duration.ofSeconds(1))
                     .observer((method, route, status, nanos) -> seen.add(new Seen(route, status)))
                     .routes(config -> config.routes.get("/big", ctx -> RenderedJson.send(ctx, 200, BIG)))
                     .start();
             Socket stalled = startReading(api.port)) {
            // the write blocks on the full buffers until Jetty's idle timeout fails it: bounded, then observed
            Seen big = nextObserved();
            assertThat(big).isEqualTo(new Seen("/big", 200));
            assertThat(api.get("/health/live").status()).isEqualTo(200);
            assertThat(logs.events()).as("server errors logged").noneMatch(e -> e.getLevel() == Level.ERROR);
        }
    }

    /**
     * Asks for the big answer through a tiny receive window, reads its first bytes (the server has begun writing
     * and cannot have finished), then resets the connection.
     */
    private static void requestAndVanish(int port) throws IOException {
        try (Socket socket = startReading(port)) {
            socket.setSoLinger(true, 0); // close with RST: the server's next writes fail at once
        }
    }

    /** Sends GET /big through a tiny receive window and reads the answer's first 16 KiB, then stops reading. */
    private static Socket startReading(int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(4096);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] start = in.readNBytes(16 * 1024);
            assertThat(new String(start, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            return socket;
        } catch (IOException | RuntimeException | Error e) {
            socket.close();
            throw e;
        }
    }

    /** The next request the observer was told about; fails rather than waits for ever when none comes. */
    private Seen nextObserved() throws InterruptedException {
        Seen next = seen.poll(30, TimeUnit.SECONDS);
        assertThat(next).as("a request observed within 30 s (the abandoned one must end)").isNotNull();
        return next;
    }

    private static byte[] bigJson() {
        byte[] json = new byte[ANSWER_BYTES];
        Arrays.fill(json, (byte) 'a');
        byte[] open = "{\"filler\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(open, 0, json, 0, open.length);
        json[json.length - 2] = '"';
        json[json.length - 1] = '}';
        return json;
    }
}
