package dev.taleweaver.adapter.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.taleweaver.adapter.http.ProblemAssertions.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every request carries an X-Request-Id, in the response and in every log line written while handling it. */
class RequestIdTest {
    private static final String HEADER = "X-Request-Id";
    private static final String LOGGER = "test.request-id";

    /** A route that logs, one that fails, and a probe outside the whole server that sees the MDC once it is done. */
    private final BlockingQueue<Optional<String>> mdcAfterRequests = new LinkedBlockingQueue<>();
    private final HttpRoutes testRoutes = config -> {
        config.routes.get("/logs", ctx -> {
            LoggerFactory.getLogger(LOGGER).warn("handling a request");
            ctx.result("logged");
        });
        config.routes.get("/boom", ctx -> {
            throw new IllegalStateException("internal");
        });
        config.jetty.modifyServer(server -> server.insertHandler(new Handler.Wrapper() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                try {
                    return super.handle(request, response, callback);
                } finally {
                    mdcAfterRequests.add(Optional.ofNullable(MDC.get("http.request.id")));
                }
            }
        }));
    };

    @Test
    void anIdIsGeneratedWhenTheClientSendsNone() {
        try (TestApi api = TestApi.start()) {
            String first = api.get("/heroes").header(HEADER);
            String second = api.get("/heroes").header(HEADER);

            assertThat(UUID.fromString(first)).isNotNull();
            assertThat(second).isNotEqualTo(first);
        }
    }

    @Test
    void generatedIdsAreDistinctVersion4Uuids() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIdHandler.fresh();
            java.util.UUID uuid = java.util.UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void aSaneIdFromTheClientIsEchoed() {
        String atTheLimit = "a".repeat(128);
        try (TestApi api = TestApi.start()) {
            for (String id : new String[]{"checkout-7f3a.retry:2", "X", "0b5e_1.2-3:4", atTheLimit}) {
                assertThat(withId(api, "/heroes", id).header(HEADER)).isEqualTo(id);
            }
        }
    }

    @Test
    void anInsaneIdIsReplacedByAGeneratedOne() {
        try (TestApi api = TestApi.start()) {
            for (String id : new String[]{"a".repeat(129), "two words", "id\"; injected=1", "ünïcode", "a/b", "{x}"}) {
                String answered = withId(api, "/heroes", id).header(HEADER);
                assertThat(answered).as("id for %s", id).isNotEqualTo(id);
                assertThat(UUID.fromString(answered)).isNotNull();
            }
        }
    }

    @Test
    void errorsCarryTheIdToo() {
        try (TestApi api = TestApi.builder().maxRequestBytes(1_024).routes(testRoutes).start()) {
            TestApi.Reply notFound = withId(api, "/no/such/thing", "req-404");
            assertProblem(notFound, 404);
            assertThat(notFound.header(HEADER)).isEqualTo("req-404");

            TestApi.Reply wrongMethod = api.send(HttpRequest.newBuilder(api.uri("/heroes"))
                    .header(HEADER, "req-405").method("PATCH", HttpRequest.BodyPublishers.ofString("{}")));
            assertProblem(wrongMethod, 405);
            assertThat(wrongMethod.header(HEADER)).isEqualTo("req-405");

            byte[] big = "x".repeat(4_096).getBytes(StandardCharsets.UTF_8);
            TestApi.Reply tooLarge = api.send(HttpRequest.newBuilder(api.uri("/heroes"))
                    .header(HEADER, "req-413").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))));
            assertProblem(tooLarge, 413);
            assertThat(tooLarge.header(HEADER)).isEqualTo("req-413");

            TestApi.Reply failed = withId(api, "/boom", "req-500");
            assertProblem(failed, 500);
            assertThat(failed.header(HEADER)).isEqualTo("req-500");
            assertThat(failed.json().get("detail").asText()).contains("req-500");
        }
    }

    @Test
    void everyLogLineOfARequestCarriesItsIdAndTheMdcIsClearedAfterwards() throws InterruptedException {
        try (LogCapture logs = LogCapture.all(Level.WARN);
             TestApi api = TestApi.builder().routes(testRoutes).start()) {
            assertThat(withId(api, "/logs", "trace-me-1").status()).isEqualTo(200);
            assertProblem(withId(api, "/boom", "trace-me-2"), 500);

            assertThat(mdcOf(logs, "handling a request")).containsEntry("http.request.id", "trace-me-1");
            assertThat(mdcOf(logs, "Unexpected failure")).containsEntry("http.request.id", "trace-me-2");
            // the probe sits outside the whole server: what it sees is what the thread's next task would inherit
            for (int request = 0; request < 2; request++) {
                assertThat(mdcAfterRequests.poll(10, TimeUnit.SECONDS))
                        .as("MDC after request %d", request).isNotNull().isEmpty();
            }
        }
    }

    private static Map<String, String> mdcOf(LogCapture logs, String messageStart) {
        ILoggingEvent event = logs.events().stream()
                .filter(e -> e.getFormattedMessage().startsWith(messageStart))
                .findFirst().orElseThrow(() -> new AssertionError("no log line starting " + messageStart));
        return event.getMDCPropertyMap();
    }

    private static TestApi.Reply withId(TestApi api, String path, String id) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header(HEADER, id).GET());
    }
}
