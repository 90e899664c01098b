package dev.taleweaver.bootstrap.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on the API's RFC 9457 error answers and on what no answer may reveal. */
public final class Problems {
    public static final String PROBLEM_JSON = "application/problem+json";

    private Problems() {
    }

    /** The answer is a problem document of {@code status}; returns it for further checks. */
    public static JsonNode assertProblem(ApiResponse response, int status) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.contentType()).as("Content-Type of %s", response).startsWith(PROBLEM_JSON);
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).as("status field of %s", response).isEqualTo(status);
        assertThat(problem.path("title").asText()).as("title of %s", response).isNotBlank();
        assertThat(problem.path("type").asText()).as("type of %s", response).isNotBlank();
        assertNothingLeaks(response);
        return problem;
    }

    /** A 400 whose {@code errors} name exactly {@code fields} (in any order). */
    public static void assertInvalidFields(ApiResponse response, String... fields) {
        assertProblem(response, 400);
        assertThat(response.errorFields()).as("fields named by %s", response).containsExactlyInAnyOrder(fields);
    }

    /** A 400 whose {@code errors} name at least {@code fields}. */
    public static void assertNamesFields(ApiResponse response, String... fields) {
        assertProblem(response, 400);
        assertThat(response.errorFields()).as("fields named by %s", response).contains(fields);
    }

    /** No stack trace and no exception class name, whatever the answer. */
    public static void assertNothingLeaks(ApiResponse response) {
        assertThat(response.body()).as("body of %s", response)
                .doesNotContain("Exception")
                .doesNotContain("at dev.taleweaver");
    }

    public static void assertNothingLeaks(List<ApiResponse> responses) {
        assertThat(responses).isNotEmpty();
        responses.forEach(Problems::assertNothingLeaks);
    }
}
