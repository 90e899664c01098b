package dev.taleweaver.adapter.http;

/**
 * Told about every request once it has been answered, so a metrics adapter can count and time requests without the
 * HTTP adapter knowing any metrics library. Called on the request's thread after the response is written: keep it
 * fast and non-blocking. A failure it throws is logged and otherwise ignored.
 *
 * <p>Every argument has bounded cardinality, so each can be a metric tag: {@code routePattern} is the matched route
 * as declared ({@code /heroes/{id}}), never the raw path; requests no route matched report {@link #NOT_FOUND}, or
 * {@link #METHOD_NOT_ALLOWED} when the path exists for other methods, or {@link #UNAUTHORIZED} when refused for
 * credentials before matching, or {@link #OVERLOADED} when refused for lack of capacity. Methods outside the
 * standard HTTP set report {@link #OTHER_METHOD}.
 */
@FunctionalInterface
public interface RequestObserver {

    /** Route pattern of a request no route matched. */
    String NOT_FOUND = "NOT_FOUND";

    /** Route pattern of a request whose path exists, but not for its method (405). */
    String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";

    /**
     * Route pattern of a request refused for its credentials (401) before any route was matched: the admin guard
     * runs first and refuses every {@code /admin/*} path alike, so a route would reveal what exists.
     */
    String UNAUTHORIZED = "UNAUTHORIZED";

    /**
     * Route pattern of a request refused with 503 before any route was matched because the server was already
     * handling as many requests as it may (the admission limit, {@code HTTP_MAX_IN_FLIGHT}).
     */
    String OVERLOADED = "OVERLOADED";

    /** Method of a request whose method is not a standard HTTP one. */
    String OTHER_METHOD = "OTHER";

    /** Observes nothing: the default when no metrics adapter is wired. */
    RequestObserver NOOP = (method, routePattern, status, nanos) -> {
    };

    /**
     * @param method       upper-case HTTP method, e.g. {@code GET}
     * @param routePattern the matched route, e.g. {@code /heroes/{id}}, or one of the constants above
     * @param status       the response status code
     * @param nanos        time from the request reaching the server to the response being written
     */
    void observe(String method, String routePattern, int status, long nanos);
}
