package dev.taleweaver.adapter.http;

import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.slf4j.MDC;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers the API's hottest requests in front of Javalin, as a Jetty handler: a plain read does not pass through the
 * servlet layer, Javalin's context, its before-handlers and its router (ADR 19). Those are item reads,
 * {@code GET /heroes/{id}} (and {@code /children/{id}}, {@code /stories/{id}}), and pages of the lists,
 * {@code GET /heroes?limit=50&cursor=…} (and {@code /children}, {@code /stories}). It reads with the very code
 * Javalin's routes use ({@link EntityRoutes#read}, {@link EntityRoutes#readPage}) and answers what those routes
 * answer — status, {@code ETag}, {@code Content-Type}, a page's {@code Link}, body (gzipped for a client that accepts
 * it, {@link AnswerEncoding}), a 304 for a matching {@code If-None-Match} — and reports it to the same
 * {@link RequestLog}.
 *
 * <p>It is a non-blocking handler (ADR 22): Jetty calls it on the selector thread that read the request. A read the
 * use case answers from memory alone ({@link EntityRoutes#heldRead}, {@link EntityRoutes#heldPage}: the L1 holds the
 * entity, or the list and every member of the page) is answered right there, with no hand-off to another thread.
 * Everything else goes on to a pool thread, as Jetty would have dispatched it to a blocking handler: a read that
 * needs Redis or the database (answered there as before, by {@link EntityRoutes#read}/{@link EntityRoutes#readPage}),
 * and every request this handler does not take. Nothing is answered on the selector thread while each answer writes
 * a log line ({@link RequestLog#logsEachRequest}).
 *
 * <p>It takes only the plain case and leaves everything else to Javalin, unchanged:
 * <ul>
 *   <li>before reading: any method but {@code GET}; a path that is not exactly {@code /collection} (a page, with any
 *       query string, which {@link EntityRoutes#readPage} judges as Javalin's route does) or {@code /collection/id}
 *       with no query string and an id of letters, digits and dashes ({@link #MAX_ID_CHARS} at most; so no
 *       percent-encoding, no path parameters, no dot segments, no trailing slash);</li>
 *   <li>after reading: a failure (a malformed id or query, not found, an overload…), handed over in a request
 *       attribute ({@link #throwFailedRead}) for Javalin's exception handlers to answer as a problem, so nothing is
 *       read twice.</li>
 * </ul>
 * Route groups that decorate every answer (CORS, with origins configured) rule it out: {@link HttpServer} then does
 * not install it, and Jetty calls Javalin on pool threads as before.
 */
final class DirectReads extends Handler.Wrapper {
    /** Request attribute: the {@link RuntimeException} a read here threw, handed to Javalin to answer. */
    static final String FAILED_READ = DirectReads.class.getName() + ".failedRead";

    /** Longest id taken here; a UUID is 36 characters, anything longer is Javalin's to refuse. */
    static final int MAX_ID_CHARS = 64;

    private final Map<String, EntityRoutes<?, ?, ?, ?>> byPath = new HashMap<>();
    private final RequestLog requestLog;

    /** @param entities the groups whose reads are answered here, each by its {@link EntityRoutes#path()} */
    DirectReads(List<? extends EntityRoutes<?, ?, ?, ?>> entities, RequestLog requestLog) {
        entities.forEach(routes -> byPath.put(routes.path(), routes));
        this.requestLog = requestLog;
    }

    /**
     * Non-blocking (ADR 22): Jetty calls this on the selector thread that read the request, with no hand-off to a pool
     * thread. What it answers there never waits: a read the use case answers from memory alone. Everything else — a
     * read that needs the cache's round trip or the database, a failure, any other request — goes on to a pool
     * thread ({@link #offload}), where it is handled as before.
     */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod())) {
            return offload(request, response, callback, () -> super.handle(request, response, callback));
        }
        String path = request.getHttpURI().getPath();
        EntityRoutes<?, ?, ?, ?> list = path == null ? null : byPath.get(path);
        boolean inline = !RequestLog.logsEachRequest();
        if (list != null) {
            String query = request.getHttpURI().getQuery();
            EntityRoutes.PageRead held;
            try {
                held = inline ? list.heldPage(path, query) : null;
            } catch (RuntimeException failure) {
                return handOver(request, response, callback, failure);
            }
            if (held != null) {
                answerPage(request, response, callback, held, path, query, list);
                return true;
            }
            return offload(request, response, callback, () -> page(list, path, query, request, response, callback));
        }
        int slash = itemSlash(request, path);
        EntityRoutes<?, ?, ?, ?> routes = slash < 0 ? null : byPath.get(path.substring(0, slash));
        if (routes == null) {
            return offload(request, response, callback, () -> super.handle(request, response, callback));
        }
        String id = path.substring(slash + 1);
        RenderedJson.Rendered held;
        try {
            held = inline ? routes.heldRead(id) : null;
        } catch (RuntimeException failure) {
            return handOver(request, response, callback, failure);
        }
        if (held != null) {
            answer(request, response, callback, held, path, null, routes.itemRoute());
            return true;
        }
        return offload(request, response, callback, () -> item(routes, id, path, request, response, callback));
    }

    /** {@code GET /collection/id}, on a thread that may wait: as {@link EntityRoutes}'s item route answers it. */
    private boolean item(EntityRoutes<?, ?, ?, ?> routes, String id, String path, Request request, Response response,
                         Callback callback) throws Exception {
        RenderedJson.Rendered read;
        try {
            read = routes.read(id);
        } catch (RuntimeException failure) {
            return super.handle(withFailure(request, failure), response, callback);
        }
        answer(request, response, callback, read, path, null, routes.itemRoute());
        return true;
    }

    /** {@code GET /collection?…}, on a thread that may wait: a page of the list, as its list route answers it. */
    private boolean page(EntityRoutes<?, ?, ?, ?> routes, String path, String query, Request request,
                         Response response, Callback callback) throws Exception {
        EntityRoutes.PageRead page;
        try {
            page = routes.readPage(path, query);
        } catch (RuntimeException failure) {
            return super.handle(withFailure(request, failure), response, callback);
        }
        answerPage(request, response, callback, page, path, query, routes);
        return true;
    }

    private void answerPage(Request request, Response response, Callback callback, EntityRoutes.PageRead page,
                            String path, String query, EntityRoutes<?, ?, ?, ?> routes) {
        if (page.nextLink() != null) {
            response.getHeaders().put(HttpHeader.LINK, page.nextLink());
        }
        answer(request, response, callback, page.rendered(), path, query, routes.path());
    }

    /**
     * Hands the request to the next handler (Javalin) on a pool thread, as Jetty would have called it had this
     * handler been blocking: with the log context of this thread (the request id), what it throws fails the callback
     * (Jetty's error answer), and a request no one handled is a 404, as Jetty answers it.
     */
    private static boolean offload(Request request, Response response, Callback callback, Handling handling) {
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        request.getContext().execute(() -> {
            if (logContext != null) {
                MDC.setContextMap(logContext);
            }
            try {
                if (!handling.handle()) {
                    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable failure) {
                callback.failed(failure);
            } finally {
                MDC.clear();
            }
        });
        return true;
    }

    /** A handling of the request that may wait; false when no handler took it. */
    @FunctionalInterface
    private interface Handling {
        boolean handle() throws Exception;
    }

    /** Hands a failure of a read met on the selector thread to Javalin, on a pool thread. */
    private boolean handOver(Request request, Response response, Callback callback, RuntimeException failure) {
        Request failed = withFailure(request, failure);
        return offload(failed, response, callback, () -> super.handle(failed, response, callback));
    }

    private static Request withFailure(Request request, RuntimeException failure) {
        request.setAttribute(FAILED_READ, failure);
        return request;
    }

    /**
     * Where the id starts (the slash before it) when {@code request} is a plain {@code GET /collection/id}; -1 when
     * it is anything else.
     */
    private static int itemSlash(Request request, String path) {
        if (!HttpMethod.GET.is(request.getMethod()) || request.getHttpURI().getQuery() != null || path == null
                || path.length() < 3 || path.charAt(0) != '/') {
            return -1;
        }
        int slash = path.indexOf('/', 1);
        int idChars = path.length() - slash - 1;
        if (slash < 0 || idChars < 1 || idChars > MAX_ID_CHARS) {
            return -1;
        }
        for (int i = slash + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c >= 'A' && c <= 'Z')) {
                return -1;
            }
        }
        return slash;
    }

    /**
     * Answers as {@link RenderedJson#send} does for a {@code GET}: 200 with the JSON (gzipped for a client that accepts
     * it), or 304 without a body; and tells the request log, as Javalin's request logger does.
     */
    private void answer(Request request, Response response, Callback callback, RenderedJson.Rendered read,
                        String path, String query, String route) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.ETAG, read.etag());
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        if (AnswerEncoding.varies(read)) {
            headers.add(HttpHeader.VARY, AnswerEncoding.VARY_VALUE);
        }
        HttpFields asked = request.getHeaders();
        byte[] body = null;
        if (EntityTag.noneMatchHits(asked.get(HttpHeader.IF_NONE_MATCH), read.etag())) {
            response.setStatus(304); // RFC 9110 §15.4.5: no body, the headers a 200 would have
        } else {
            response.setStatus(200);
            body = read.json();
            if (AnswerEncoding.gzips(read, asked.get(HttpHeader.ACCEPT_ENCODING))) {
                headers.put(HttpHeader.CONTENT_ENCODING, AnswerEncoding.GZIP);
                body = read.gzipped();
            }
            headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        }
        response.write(true, body == null ? null : ByteBuffer.wrap(body), callback);
        int status = response.getStatus();
        long written = body == null ? 0 : body.length;
        requestLog.answered(HttpMethod.GET.asString(), path, query, status, RequestLog.elapsedNanos(request),
                () -> written, route);
    }

    /**
     * Throws the failure this handler's read of the request met, if it met one, for Javalin's exception handlers to
     * answer; the route reads the request itself otherwise (this handler answers every read that succeeded).
     */
    static void throwFailedRead(Context ctx) {
        if (ctx.attribute(FAILED_READ) instanceof RuntimeException failure) {
            throw failure;
        }
    }
}
