package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every error response of this API must look like (RFC 9457), and nothing a client must not see. */
final class ProblemAssertions {
    private ProblemAssertions() {
    }

    /**
     * Asserts a problem+json response with {@code status}; {@code fieldOrType} is either the problem type URI
     * (when it starts with "https:" or is "about:blank") or a field the {@code errors} array must name.
     */
    static JsonNode assertProblem(TestApi.Reply reply, int status, String fieldOrType) {
        JsonNode problem = assertProblem(reply, status);
        if (fieldOrType.startsWith("https:") || fieldOrType.equals("about:blank")) {
            assertThat(problem.get("type").asText()).isEqualTo(fieldOrType);
        } else {
            assertThat(problem.get("type").asText()).isEqualTo("https://taleweaver.dev/problems/validation");
            assertThat(fields(problem)).as("fields named in %s", reply.body()).contains(fieldOrType);
        }
        return problem;
    }

    static JsonNode assertProblem(TestApi.Reply reply, int status) {
        assertThat(reply.status()).as("status of %s", reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("type").asText()).isNotBlank();
        assertThat(problem.get("title").asText()).isNotBlank();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(reply.body()).doesNotContain("Exception", "java.", "com.fasterxml", "\tat ", "dev.taleweaver");
        return problem;
    }

    static List<String> fields(JsonNode problem) {
        List<String> fields = new ArrayList<>();
        JsonNode errors = problem.get("errors");
        if (errors != null) {
            errors.forEach(e -> fields.add(e.get("field").asText()));
        }
        return fields;
    }

    static String message(JsonNode problem, String field) {
        for (JsonNode e : problem.get("errors")) {
            if (e.get("field").asText().equals(field)) {
                return e.get("message").asText();
            }
        }
        throw new AssertionError("no error for " + field + " in " + problem);
    }
}
