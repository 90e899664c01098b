package dev.taleweaver.bootstrap.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.taleweaver.application.cache.aside.CachedRepository;
import dev.taleweaver.application.cache.operations.CacheAdministration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request tracing on the real service: the client's {@code X-Request-Id} (or a generated one) comes back in the
 * response and labels, through the MDC key {@code http.request.id}, the log lines the service writes while handling that
 * request — here the cache invalidation line of a PUT and the flush line of an admin DELETE. (LOG_FORMAT=json is
 * covered by the logging tests elsewhere.)
 */
class RequestIdEndToEndIT {
    private static final String TOKEN = OpsService.newAdminToken();
    private static final String HEADER = "X-Request-Id";
    private static final String MDC_KEY = "http.request.id";

    private static Backing backing;
    private static OpsService service;
    private static OpsHttp http;
    private static CapturedLogs logs;

    @BeforeAll
    static void start() {
        logs = CapturedLogs.start(Level.INFO);
        backing = Backing.create();
        service = backing.service().adminToken(TOKEN).start();
        http = service.http();
    }

    @AfterAll
    static void stop() {
        try {
            if (service != null) {
                service.close();
            }
            if (backing != null) {
                backing.close();
            }
        } finally {
            if (logs != null) {
                logs.close();
            }
        }
    }

    @Test
    void theClientsRequestIdIsEchoed() {
        HttpResponse<String> response = http.get("/health", HEADER, "abc-123");
        HttpResponse<String> notFound = http.get("/heroes/" + UUID.randomUUID(), HEADER, "abc-124");

        assertThat(response.headers().firstValue(HEADER)).contains("abc-123");
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue(HEADER)).as("errors too").contains("abc-124");
    }

    @Test
    void withoutOneTheServiceMakesUpAnIdAndEchoesIt() {
        HttpResponse<String> first = http.get("/health");
        HttpResponse<String> second = http.get("/health", HEADER, "not a sane id\"; drop");

        for (HttpResponse<String> response : List.of(first, second)) {
            String id = response.headers().firstValue(HEADER).orElseThrow();
            assertThat(UUID.fromString(id)).as("a fresh UUID").isNotNull();
        }
        assertThat(first.headers().firstValue(HEADER)).isNotEqualTo(second.headers().firstValue(HEADER));
    }

    @Test
    void theLogLinesOfARequestCarryItsId() {
        String id = http.createHero("Tracer", "en").get("id").asText();

        http.renameHero(id, "Tracer II", "en", HEADER, "abc-123");
        HttpResponse<String> flush = http.flush(TOKEN, "story", HEADER, "flush-42");
        HttpResponse<String> untraced = http.flush(TOKEN, "child");

        ILoggingEvent invalidation = only(logs.from(CachedRepository.class), "reason=UPDATE hero " + id);
        assertThat(invalidation.getMDCPropertyMap()).containsEntry(MDC_KEY, "abc-123");

        assertThat(flush.statusCode()).isEqualTo(200);
        ILoggingEvent flushed = only(logs.from(CacheAdministration.class), "Cache flush: scope=story");
        assertThat(flushed.getMDCPropertyMap()).containsEntry(MDC_KEY, "flush-42");

        String generated = untraced.headers().firstValue(HEADER).orElseThrow();
        ILoggingEvent childFlush = only(logs.from(CacheAdministration.class), "Cache flush: scope=child");
        assertThat(childFlush.getMDCPropertyMap()).as("a request without an id logs under the one it was given")
                .containsEntry(MDC_KEY, generated);
    }

    private static ILoggingEvent only(List<ILoggingEvent> events, String fragment) {
        List<ILoggingEvent> matching = events.stream().filter(e -> e.getFormattedMessage().contains(fragment))
                .toList();
        assertThat(matching).as("log lines containing '%s' among %s", fragment,
                events.stream().map(ILoggingEvent::getFormattedMessage).toList()).hasSize(1);
        return matching.get(0);
    }
}
