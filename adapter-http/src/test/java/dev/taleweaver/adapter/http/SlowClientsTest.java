package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow and many clients cannot take the server: request headers must be complete within the header timeout, bodies
 * must arrive at the minimum data rate, a stalled connection is closed after the idle timeout, and past the admission
 * limit requests are refused at once with 503 — while {@code /health} and {@code /health/live} stay answerable
 * (issue 9, defect 2). The deadlines are short here; every wait is generous, only "answered" and "cut" are asserted.
 */
class SlowClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    private static final long MIN_RATE = 1000; // bytes per second; the tricklers send 1 byte every 300 ms
    private static final int MAX_IN_FLIGHT = 20;

    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    private TestApi api;

    @AfterEach
    void cleanUp() throws IOException {
        trickle.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private TestApi start(TestApi.Builder builder) {
        api = builder.maxInFlight(MAX_IN_FLIGHT).headerTimeout(HEADER_TIMEOUT).idleTimeout(IDLE_TIMEOUT)
                .minRequestDataRate(MIN_RATE).start();
        return api;
    }

    @Test
    void healthAnswersWhileAHundredTricklersHoldConnectionsAndAllOfThemAreCut() throws Exception {
        start(TestApi.builder());
        List<Socket> bodies = new ArrayList<>();
        List<Socket> headers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // a declared 100 KB body, one byte now and one every tick
            bodies.add(open("POST /heroes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n{"));
            // headers that never end
            headers.add(open("POST /heroes HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a"));
        }
        trickle.scheduleAtFixedRate(() -> sockets.forEach(SlowClientsTest::sendOneByte), 300, 300,
                TimeUnit.MILLISECONDS);

        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/health/live").status()).isEqualTo(200);
            assertThat(api.get("/health").status()).isEqualTo(200);
            TestApi.Reply heroes = api.get("/heroes"); // admitted, or refused at once: never left waiting
            assertThat(heroes.status()).isIn(200, 503);
            Thread.sleep(200);
        }
        assertThat(threadsOfTheServer()).as("request threads")
                .isLessThanOrEqualTo(HttpServer.threadsFor(MAX_IN_FLIGHT));

        for (Socket socket : headers) {
            assertThat(closedByServer(socket, Duration.ofSeconds(10))).as("header trickler cut").isTrue();
        }
        for (Socket socket : bodies) {
            assertThat(closedByServer(socket, Duration.ofSeconds(10))).as("body trickler cut").isTrue();
        }
        assertThat(api.get("/heroes").status()).isEqualTo(200);
    }

    @Test
    void blankLinesTrickledBeforeTheRequestLineAreCutToo() throws Exception {
        start(TestApi.builder());
        Socket socket = open("\r\n"); // Jetty's parser skips blank lines before a request, without a limit
        trickle.scheduleAtFixedRate(() -> sendOneByte(socket, '\n'), 300, 300, TimeUnit.MILLISECONDS);
        assertThat(closedByServer(socket, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void headerTricklersHoldingEveryConnectionAreCutSoHealthGetsOneSoon() throws Exception {
        start(TestApi.builder().maxConnections(50));
        for (int i = 0; i < 50; i++) {
            open("GET /heroes HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");
        }
        trickle.scheduleAtFixedRate(() -> sockets.forEach(SlowClientsTest::sendOneByte), 300, 300,
                TimeUnit.MILLISECONDS);
        // waits in the accept queue until the header deadline frees a connection; before, it waited for ever
        assertThat(api.get("/health/live").status()).isEqualTo(200);
        assertThat(api.get("/health").status()).isEqualTo(200);
    }

    @Test
    void aBodyBelowTheMinimumRateIsRefused408() throws Exception {
        start(TestApi.builder());
        Socket socket = open("POST /heroes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{");
        trickle.scheduleAtFixedRate(() -> sendOneByte(socket), 300, 300, TimeUnit.MILLISECONDS);
        RawReply reply = RawReply.read(socket.getInputStream(), false);
        assertThat(reply.status()).as(reply.text()).isEqualTo(408);
        assertProblemJson(reply);
    }

    @Test
    void aSmallBodyTheServerReadsInTwoGoesIsNotTooSlow() {
        start(TestApi.builder().routes(config -> config.routes.post("/read-in-two-goes", ctx -> {
            InputStream in = ctx.req().getInputStream();
            int first = in.read();
            Thread.sleep(300); // a thread descheduled between two reads, as under load
            ctx.result((first < 0 ? 0 : 1) + in.readAllBytes().length + " bytes");
        })));
        TestApi.Reply reply = api.send("POST", "/read-in-two-goes", "{\"rating\":5}", "application/json");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("12 bytes");
    }

    @Test
    void aBodyThatStallsIsAnswered408AfterTheIdleTimeout() throws Exception {
        start(TestApi.builder().minRequestDataRate(0));
        Socket socket = open("POST /heroes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n{\"name\":");
        RawReply reply = RawReply.read(socket.getInputStream(), false);
        assertThat(reply.status()).as(reply.text()).isEqualTo(408);
        assertProblemJson(reply);
    }

    @Test
    void theHeaderDeadlineAlsoHoldsForTheNextRequestOnAKeptAliveConnection() throws Exception {
        start(TestApi.builder());
        Socket socket = open("GET /heroes HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(RawReply.read(socket.getInputStream(), true).status()).isEqualTo(200);
        socket.getOutputStream().write("GET /heroes HTTP/1.1\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
        trickle.scheduleAtFixedRate(() -> sendOneByte(socket), 300, 300, TimeUnit.MILLISECONDS);
        assertThat(closedByServer(socket, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void pastTheAdmissionLimitRequestsAre503AtOnceButHealthIsAnswered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(MAX_IN_FLIGHT);
        BlockingQueue<String> observed = new LinkedBlockingQueue<>();
        start(TestApi.builder()
                .observer((method, route, status, nanos) -> observed.add(route + " " + status))
                .routes(config -> config.routes.get("/slow", ctx -> {
                    entered.countDown();
                    ctx.result(release.await(20, TimeUnit.SECONDS) ? "done" : "timed out");
                })));
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < MAX_IN_FLIGHT; i++) {
            held.add(open("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        }
        try {
            assertThat(entered.await(10, TimeUnit.SECONDS)).as("all admitted").isTrue();

            TestApi.Reply refused = api.get("/heroes");
            JsonNode problem = assertProblem(refused, 503, "about:blank");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.header("X-Request-Id")).isNotBlank();
            assertThat(problem.get("detail").asText()).contains(String.valueOf(MAX_IN_FLIGHT));
            assertThat(observed.poll(5, TimeUnit.SECONDS)).isEqualTo(RequestObserver.OVERLOADED + " 503");

            assertThat(api.get("/health").status()).isEqualTo(200);
            assertThat(api.get("/health/live").status()).isEqualTo(200);
        } finally {
            release.countDown();
        }
        for (Socket socket : held) {
            assertThat(RawReply.read(socket.getInputStream(), true).status()).isEqualTo(200);
        }
        assertThat(api.get("/heroes").status()).as("places are given back").isEqualTo(200);
    }

    private Socket open(String start) throws IOException {
        Socket socket = new Socket("127.0.0.1", api.port);
        socket.setSoTimeout(15_000);
        sockets.add(socket);
        socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    private static void sendOneByte(Socket socket) {
        sendOneByte(socket, 'a');
    }

    private static void sendOneByte(Socket socket, char c) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(c);
            out.flush();
        } catch (IOException closed) {
            // cut by the server: what the tests wait for
        }
    }

    /** Whether the server closes the connection within {@code wait} (after answering it or not). */
    private static boolean closedByServer(Socket socket, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout(100);
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException stillOpen) {
                // keep waiting
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    private static long threadsOfTheServer() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("http-")).count();
    }

    private static void assertProblemJson(RawReply reply) throws IOException {
        assertThat(reply.headers().get("content-type")).as(reply.text()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(reply.body());
        assertThat(problem.get("status").asInt()).isEqualTo(reply.status());
        assertThat(problem.get("detail").asText()).isNotBlank();
    }
}
