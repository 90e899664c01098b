package dev.taleweaver.adapter.http;

/**
 * A request the adapter itself refuses before any use case runs (wrong media type, unreadable body, too large).
 * {@code type} is null for problems that mean no more than their status ({@code about:blank}).
 */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final ProblemType type;

    private HttpProblem(int status, ProblemType type, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
    }

    static HttpProblem of(ProblemType type, String detail) {
        return new HttpProblem(type.status(), type, detail);
    }

    static HttpProblem ofStatus(int status, String detail) {
        return new HttpProblem(status, null, detail);
    }

    int status() {
        return status;
    }

    String typeUri() {
        return type == null ? ProblemType.ABOUT_BLANK : type.uri();
    }

    String title() {
        return type == null ? ProblemType.statusTitle(status) : type.title();
    }

    String detail() {
        return getMessage();
    }
}
