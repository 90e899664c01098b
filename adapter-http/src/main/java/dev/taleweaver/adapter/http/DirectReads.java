package dev.taleweaver.adapter.http;

import io.javalin.http.Context;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

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
 * not install it.
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

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        String path = request.getHttpURI().getPath();
        EntityRoutes<?, ?, ?, ?> list = path == null ? null : byPath.get(path);
        if (list != null) {
            return page(list, path, request, response, callback);
        }
        int slash = itemSlash(request, path);
        EntityRoutes<?, ?, ?, ?> routes = slash < 0 ? null : byPath.get(path.substring(0, slash));
        if (routes == null) {
            return super.handle(request, response, callback);
        }
        RenderedJson.Rendered read;
        try {
            read = routes.read(path.substring(slash + 1));
        } catch (RuntimeException failure) {
            return handOver(request, response, callback, failure);
        }
        answer(request, response, callback, read, path, null, routes.itemRoute());
        return true;
    }

    /** {@code GET /collection?…}: a page of the list, as {@link EntityRoutes}'s list route answers it. */
    private boolean page(EntityRoutes<?, ?, ?, ?> routes, String path, Request request, Response response,
                         Callback callback) throws Exception {
        String query = request.getHttpURI().getQuery();
        EntityRoutes.PageRead page;
        try {
            page = routes.readPage(path, query);
        } catch (RuntimeException failure) {
            return handOver(request, response, callback, failure);
        }
        if (page.nextLink() != null) {
            response.getHeaders().put(HttpHeader.LINK, page.nextLink());
        }
        answer(request, response, callback, page.rendered(), path, query, routes.path());
        return true;
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

    private boolean handOver(Request request, Response response, Callback callback, RuntimeException failure)
            throws Exception {
        request.setAttribute(FAILED_READ, failure);
        return super.handle(request, response, callback);
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
