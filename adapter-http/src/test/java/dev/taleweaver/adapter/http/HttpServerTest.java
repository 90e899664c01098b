package dev.taleweaver.adapter.http;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpServerTest {

    @Test
    void portZeroBindsAFreePortAndStartReturnsIt() {
        try (TestApi first = TestApi.start(); TestApi second = TestApi.start()) {
            assertThat(first.port).isPositive().isNotEqualTo(second.port);
            assertThat(first.get("/heroes").status()).isEqualTo(200);
            assertThat(second.get("/heroes").status()).isEqualTo(200);
        }
    }

    @Test
    void extraRouteGroupsAreServedWithTheSameProblemHandling() {
        HttpRoutes admin = config -> {
            config.routes.get("/admin/ping", ctx -> ctx.result("pong"));
            config.routes.get("/admin/boom", ctx -> {
                throw new IllegalStateException("internal");
            });
            config.routes.get("/admin/fatal", ctx -> {
                throw new StackOverflowError("deep");
            });
        };
        try (TestApi api = TestApi.builder().routes(admin).start()) {
            TestApi.Reply ping = api.get("/admin/ping");
            assertThat(ping.status()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("pong");
            assertProblem(api.get("/admin/boom"), 500, "about:blank");
            assertProblem(api.get("/admin/fatal"), 500, "about:blank");
            assertProblem(api.get("/admin/nothing-here"), 404, "about:blank");
        }
    }

    @Test
    void noSessionIsLookedUpAndJettysUnreadStatisticsAreNotKept() {
        HttpRoutes probe = config -> config.routes.get("/probe", ctx -> {
            Server server = ServletContextRequest.getServletContextRequest(ctx.req())
                    .getConnectionMetaData().getConnector().getServer();
            ctx.result("session=" + ctx.req().getSession(false)
                    + " fromCookie=" + ctx.req().isRequestedSessionIdFromCookie()
                    + " sessionHandlers=" + server.getDescendants(SessionHandler.class).stream()
                    .map(handler -> handler.getClass().getSimpleName()).toList()
                    + " statistics=" + server.getDescendants(StatisticsHandler.class).size());
        });
        try (TestApi api = TestApi.builder().routes(probe).start()) {
            TestApi.Reply reply = api.send(HttpRequest.newBuilder(api.uri("/probe"))
                    .header("Cookie", "JSESSIONID=node0abc123.node0").GET());
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).isEqualTo("session=null fromCookie=false sessionHandlers=[NoSessions] statistics=0");
            assertThat(reply.response().headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(api.get("/heroes").status()).isEqualTo(200);
        }
    }

    @Test
    void beyondTheConnectionLimitANewConnectionWaitsUntilAnOpenOneCloses() throws Exception {
        try (TestApi api = TestApi.builder().maxConnections(2).start();
             Socket first = keptAlive(api.port); Socket second = keptAlive(api.port);
             Socket third = new Socket("127.0.0.1", api.port)) {
            third.setSoTimeout(1_000);
            third.getOutputStream().write(getHeroes());
            assertThatThrownBy(() -> third.getInputStream().read())
                    .as("not answered while two connections are open").isInstanceOf(SocketTimeoutException.class);

            first.close();
            third.setSoTimeout(10_000);
            assertThat(RawReply.read(third.getInputStream(), true).status()).isEqualTo(200);
            assertThat(statusAfter(second)).isEqualTo(200); // the open ones still work
        }
    }

    private static Socket keptAlive(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        assertThat(statusAfter(socket)).isEqualTo(200);
        return socket;
    }

    private static int statusAfter(Socket socket) throws IOException {
        socket.getOutputStream().write(getHeroes());
        return RawReply.read(socket.getInputStream(), true).status();
    }

    private static byte[] getHeroes() {
        return "GET /heroes HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void stopLetsAnInFlightRequestFinish() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpRoutes slow = config -> config.routes.get("/slow", ctx -> {
            entered.countDown();
            ctx.result(release.await(20, TimeUnit.SECONDS) ? "finished" : "timed out");
        });
        TestApi api = TestApi.builder().routes(slow).start();
        CompletableFuture<HttpResponse<String>> inFlight = api.client().sendAsync(
                HttpRequest.newBuilder(api.uri("/slow")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(api::close);
        awaitNoNewConnections(api.port);
        release.countDown();

        HttpResponse<String> response = inFlight.get(15, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("finished");
        stopping.get(15, TimeUnit.SECONDS);
    }

    @Test
    void aServerStartsOnlyOnceAndStopIsIdempotent() {
        TestApi api = TestApi.start();
        assertThatThrownBy(api.server::start).isInstanceOf(IllegalStateException.class);
        api.close();
        api.close();
    }

    @Test
    void configRefusesImpossibleValues() {
        assertThatThrownBy(() -> new HttpConfig(-1)).hasMessageContaining("port");
        assertThatThrownBy(() -> new HttpConfig(65_536)).hasMessageContaining("port");
        assertThatThrownBy(() -> new HttpConfig(8080, 0)).hasMessageContaining("maxRequestBytes");
        assertThat(new HttpConfig(8080).maxRequestBytes()).isEqualTo(HttpConfig.DEFAULT_MAX_REQUEST_BYTES)
                .isEqualTo(256 * 1024);
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new HttpConfig(0, 1, 1, 0, second, second, 0)).hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> new HttpConfig(0, 1, 1, 1, Duration.ZERO, second, 0))
                .hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> new HttpConfig(0, 1, 1, 1, second, second.negated(), 0))
                .hasMessageContaining("headerTimeout");
        assertThatThrownBy(() -> new HttpConfig(0, 1, 1, 1, second, second, -1))
                .hasMessageContaining("minRequestDataRate");
    }

    @Test
    void theThreadPoolHoldsEveryAdmittedRequestAndTheHealthChecks() {
        assertThat(HttpServer.threadsFor(HttpConfig.DEFAULT_MAX_IN_FLIGHT)).isEqualTo(250); // Javalin's own default
        assertThat(HttpServer.threadsFor(1)).isGreaterThan(1 + AdmissionLimit.HEALTH_IN_FLIGHT);
        assertThat(AdmissionLimit.isHealthCheck("/health")).isTrue();
        assertThat(AdmissionLimit.isHealthCheck("/health/live")).isTrue();
        assertThat(AdmissionLimit.isHealthCheck("/healthz")).isFalse();
        assertThat(AdmissionLimit.isHealthCheck("/heroes")).isFalse();
    }

    /** Shutdown has begun once the listening socket refuses connections. */
    private static void awaitNoNewConnections(int port) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            } catch (IOException refused) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the server kept accepting connections after stop()");
    }
}
