package dev.taleweaver.adapter.http;

import io.javalin.http.HttpStatus;

/**
 * The problems this API documents, each with its {@code type} URI. Problems that mean no more than their HTTP status
 * (unknown route, wrong method, 413, 415, 500) use {@code about:blank} and the status phrase as title, per RFC 9457.
 */
enum ProblemType {
    VALIDATION(400, "validation", "Invalid request"),
    MALFORMED_BODY(400, "malformed-body", "Malformed request body"),
    MALFORMED_PATH(400, "malformed-path", "Malformed request path"),
    NOT_FOUND(404, "not-found", "Resource not found"),
    CONFLICT(409, "conflict", "Conflict with the current state"),
    PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
    STORAGE_UNAVAILABLE(503, "storage-unavailable", "Storage temporarily unavailable");

    static final String BASE_URI = "https://taleweaver.dev/problems/";
    static final String ABOUT_BLANK = "about:blank";

    private final int status;
    private final String uri;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.uri = BASE_URI + slug;
        this.title = title;
    }

    int status() {
        return status;
    }

    String uri() {
        return uri;
    }

    String title() {
        return title;
    }

    /** The {@code title} of an {@code about:blank} problem: the status phrase. */
    static String statusTitle(int status) {
        HttpStatus known = HttpStatus.forStatus(status);
        return known == HttpStatus.UNKNOWN ? "HTTP " + status : known.getMessage();
    }
}
