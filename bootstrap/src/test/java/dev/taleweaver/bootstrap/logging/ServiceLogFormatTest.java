package dev.taleweaver.bootstrap.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Text from a request cannot forge a record in either log format, however it reaches a message. */
class ServiceLogFormatTest {
    static final String FORGED_LINE = "2026-12-04T21:00:00.000Z INFO  [main] d.t.b.Taleweaver - admin logged in";
    static final String HOSTILE = "Mia\u0000\r\n" + FORGED_LINE + "\u2028\u0085\u001b[31m";
    /** A record's first line, as the text format writes it. */
    static final Pattern RECORD_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z .*");

    @Test
    void theTextFormatEscapesLineBreaksAndControlsInMessagesAndExceptions() throws Exception {
        try (ServiceLogFormat format = ServiceLogFormat.text()) {
            String record = format.render("dev.taleweaver.Test", "saving child {} failed", failure(), HOSTILE);

            assertOneRecord(record);
            assertThat(record).contains("Mia\\u0000\\r\\n" + FORGED_LINE + "\\u2028\\u0085\\u001b[31m")
                    .doesNotContain("\u0000").doesNotContain("\r").doesNotContain("\u2028").doesNotContain("\u001b");
        }
    }

    @Test
    void aMessageWithoutControlsIsWrittenAsItIs() throws Exception {
        try (ServiceLogFormat format = ServiceLogFormat.text()) {
            assertThat(format.render("dev.taleweaver.Test", "plain\ttext é", null))
                    .endsWith(" - plain\ttext é" + System.lineSeparator());
        }
    }

    @Test
    void theJsonFormatWritesOneLinePerEventWithTheTextIntact() throws Exception {
        try (ServiceLogFormat format = ServiceLogFormat.json()) {
            String record = format.render("dev.taleweaver.Test", "saving child " + HOSTILE + " failed", failure());

            assertThat(record.strip()).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u0000");
            JsonNode json = new ObjectMapper().readTree(record);
            assertThat(json.get("message").asText()).isEqualTo("saving child " + HOSTILE + " failed");
            assertThat(json.get("error.message").asText()).isEqualTo("while saving " + HOSTILE);
            assertThat(json.get("error.stack_trace").asText()).contains("bad name " + HOSTILE);
        }
    }

    @Test
    void theJsonFormatIsEcsWithTheRequestIdAndNoOtherFields() throws Exception {
        try (ServiceLogFormat format = ServiceLogFormat.json()) {
            String record = format.render(Map.of("http.request.id", "req-42"), "dev.taleweaver.Test",
                    "saving child {} failed", failure(), "Mia");

            assertThat(record).endsWith("\n");
            assertThat(record.strip()).doesNotContain("\n");
            JsonNode json = new ObjectMapper().readTree(record);
            List<String> fields = new ArrayList<>();
            json.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactlyInAnyOrder("@timestamp", "log.level", "message", "ecs.version",
                    "service.name", "event.dataset", "process.thread.name", "log.logger", "http.request.id",
                    "error.type", "error.message", "error.stack_trace");
            assertThat(Instant.parse(json.get("@timestamp").asText())).isCloseTo(Instant.now(),
                    within(1, ChronoUnit.MINUTES));
            assertThat(json.get("log.level").asText()).isEqualTo("ERROR");
            assertThat(json.get("message").asText()).isEqualTo("saving child Mia failed");
            assertThat(json.get("log.logger").asText()).isEqualTo("dev.taleweaver.Test");
            assertThat(json.get("process.thread.name").asText()).isEqualTo(Thread.currentThread().getName());
            assertThat(json.get("service.name").asText()).isEqualTo("taleweaver");
            assertThat(json.get("http.request.id").asText()).isEqualTo("req-42");
            assertThat(json.get("error.type").asText()).isEqualTo(IllegalStateException.class.getName());
            assertThat(json.get("error.stack_trace").asText()).contains("Caused by: java.lang.IllegalArgumentException");
        }
    }

    @Test
    void theJsonFormatWithoutAnExceptionHasNoErrorFields() throws Exception {
        try (ServiceLogFormat format = ServiceLogFormat.json()) {
            JsonNode json = new ObjectMapper().readTree(format.render("dev.taleweaver.Test", "plain", null));

            assertThat(json.has("error.type")).isFalse();
            assertThat(json.has("http.request.id")).isFalse();
            assertThat(json.get("message").asText()).isEqualTo("plain");
        }
    }

    static RuntimeException failure() {
        RuntimeException cause = new IllegalArgumentException("bad name " + HOSTILE);
        RuntimeException failure = new IllegalStateException("while saving " + HOSTILE, cause);
        failure.addSuppressed(new RuntimeException("rollback of " + HOSTILE));
        return failure;
    }

    /** Exactly one line starts a record; every other line is a stack trace line, none carries the forged text. */
    static void assertOneRecord(String record) {
        List<String> lines = Arrays.asList(record.split("\n", -1));
        assertThat(lines.get(0)).matches(RECORD_START);
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> {
            assertThat(line).doesNotMatch(RECORD_START);
            assertThat(line).matches("(|\\t.*|Caused by: .*|[A-Za-z_$][\\w.$]*(: .*)?)");
        });
        assertThat(lines.stream().filter(l -> l.startsWith(FORGED_LINE))).isEmpty();
    }
}
