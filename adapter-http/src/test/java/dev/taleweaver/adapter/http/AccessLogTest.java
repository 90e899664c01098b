package dev.taleweaver.adapter.http;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The access log: one INFO line per request on its own logger, with ECS-named MDC fields, clipped and clean. */
class AccessLogTest {
    private static final String HEADER = "X-Request-Id";

    private final Semaphore observed = new Semaphore(0);

    @Test
    void anEnabledAccessLoggerGetsOneInfoLinePerRequestWithItsFields() throws InterruptedException {
        try (LogCapture logs = LogCapture.of(RequestLog.ACCESS_LOGGER, Level.INFO);
             TestApi api = start()) {
            TestApi.Reply reply = api.send(HttpRequest.newBuilder(api.uri("/heroes?limit=5&language=en"))
                    .header(HEADER, "access-1").GET());
            assertThat(reply.status()).isEqualTo(200);

            ILoggingEvent line = awaitOne(logs);
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).startsWith("GET /heroes?limit=5&language=en -> 200 in ")
                    .endsWith(" ms, " + reply.body().getBytes(StandardCharsets.UTF_8).length + " bytes");
            Map<String, String> mdc = line.getMDCPropertyMap();
            assertThat(mdc).containsEntry("http.request.id", "access-1")
                    .containsEntry("http.request.method", "GET")
                    .containsEntry("url.path", "/heroes")
                    .containsEntry("url.query", "limit=5&language=en")
                    .containsEntry("http.response.status_code", "200")
                    .containsEntry("http.response.body.bytes",
                            Integer.toString(reply.body().getBytes(StandardCharsets.UTF_8).length));
            assertThat(Long.parseLong(mdc.get("event.duration"))).isPositive();
        }
    }

    @Test
    void errorsAreLoggedTooAndTheFieldsLeaveTheMdcAfterwards() throws InterruptedException {
        try (LogCapture logs = LogCapture.of(RequestLog.ACCESS_LOGGER, Level.INFO);
             TestApi api = start()) {
            assertThat(api.get("/no/such/thing").status()).isEqualTo(404);

            ILoggingEvent line = awaitOne(logs);
            assertThat(line.getMDCPropertyMap()).containsEntry("http.response.status_code", "404")
                    .doesNotContainKey("url.query");
            assertThat(org.slf4j.MDC.getCopyOfContextMap()).satisfiesAnyOf(
                    map -> assertThat(map).isNull(), map -> assertThat(map).doesNotContainKey("url.path"));
        }
    }

    @Test
    void aDisabledAccessLoggerWritesNothingAtInfo() throws InterruptedException {
        try (LogCapture access = LogCapture.of(RequestLog.ACCESS_LOGGER, Level.OFF);
             LogCapture all = LogCapture.all(Level.INFO);
             TestApi api = start()) {
            assertThat(api.get("/heroes").status()).isEqualTo(200);
            assertThat(api.get("/no/such/thing").status()).isEqualTo(404);
            awaitObserved(2);

            assertThat(all.events()).noneMatch(event -> event.getLoggerName().equals(RequestLog.ACCESS_LOGGER)
                    || event.getLoggerName().equals(RequestLog.class.getName()));
        }
    }

    @Test
    void aLongPathAndQueryAreClipped() throws InterruptedException {
        String longPath = "/heroes/" + "a".repeat(3_000);
        String longQuery = "q=" + "b".repeat(3_000);
        try (LogCapture logs = LogCapture.of(RequestLog.ACCESS_LOGGER, Level.INFO);
             TestApi api = start()) {
            api.get(longPath + "?" + longQuery);

            Map<String, String> mdc = awaitOne(logs).getMDCPropertyMap();
            assertThat(mdc.get("url.path")).hasSize(RequestLog.MAX_LOGGED_PATH + 1).endsWith("…")
                    .startsWith("/heroes/aaa");
            assertThat(mdc.get("url.query")).hasSize(RequestLog.MAX_LOGGED_QUERY + 1).endsWith("…");
        }
    }

    @Test
    void controlCharactersAreEscapedAndCountTowardsTheBound() {
        assertThat(RequestLog.clipped("/a\r\nb\u0000\u2028\u001b[31m", 100))
                .isEqualTo("/a\\u000d\\u000ab\\u0000\\u2028\\u001b[31m");
        assertThat(RequestLog.clipped("/ab\ncd", 4)).isEqualTo("/ab…");
        assertThat(RequestLog.clipped("/ab\ncd", 9)).isEqualTo("/ab\\u000a…");
        assertThat(RequestLog.clipped("/plain é", 100)).isEqualTo("/plain é");
        assertThat(RequestLog.clipped(null, 10)).isEmpty();
    }

    /** A server whose request observer tells when the request logger has run (it logs, then observes). */
    private TestApi start() {
        return TestApi.builder().observer((method, route, status, nanos) -> observed.release()).start();
    }

    /** The request logger runs after the answer is sent: wait until it has run for {@code requests} requests. */
    private void awaitObserved(int requests) throws InterruptedException {
        assertThat(observed.tryAcquire(requests, 10, TimeUnit.SECONDS)).as("requests observed").isTrue();
    }

    /** The one access line of the one request sent. */
    private ILoggingEvent awaitOne(LogCapture logs) throws InterruptedException {
        awaitObserved(1);
        List<ILoggingEvent> events = logs.events();
        assertThat(events).hasSize(1);
        return events.get(0);
    }
}
