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
import java.util.Optional;

/**
 * Answers the API's hottest requests in front of Javalin, as a Jetty handler: a plain read does not pass through the
 * servlet layer, Javalin's context, its before-handlers and its router (ADR 19). Those are item reads,
 * {@code GET /heroes/{id}} (and {@code /children/{id}}, {@code /stories/{id}}), and pages of the lists,
 * {@code GET /heroes?limit=50&cursor=…} (and {@code /children}, {@code /stories}). It reads with the very code
 * Javalin's routes use ({@link EntityRoutes#read}, {@link EntityRoutes#readPage}) and answers what those routes
 * answer — status, {@code ETag}, {@code Content-Type}, a page's {@code Link}, body, a 304 for a matching
 * {@code If-None-Match} — and reports it to the same {@link RequestLog}.
 *
 * <p>It takes only the plain case and leaves everything else to Javalin, unchanged:
 * <ul>
 *   <li>before reading: any method but {@code GET}; a path that is not exactly {@code /collection} (a page, with any
 *       query string, which {@link EntityRoutes#readPage} judges as Javalin's route does) or {@code /collection/id}
 *       with no query string and an id of letters, digits and dashes ({@link #MAX_ID_CHARS} at most; so no
 *       percent-encoding, no path parameters, no dot segments, no trailing slash);</li>
 *   <li>after reading: a failure (a malformed id or query, not found, an overload…), handed over as it is for
 *       Javalin's exception handlers to answer as a problem; an answer Javalin could gzip, of {@code compressFrom}
 *       bytes or more, when the request has an {@code Accept-Encoding} header; and an answer of
 *       {@link #MAX_ANSWER_BYTES} or more, which Javalin sends in chunks. Both are handed over in a request
 *       attribute ({@link #readBefore}), so nothing is read twice.</li>
 * </ul>
 * Route groups that decorate every answer (CORS, with origins configured) rule it out: {@link HttpServer} then does
 * not install it.
 */
final class DirectReads extends Handler.Wrapper {
    /**
     * Request attribute: the read (a {@link RenderedJson.Rendered}, an {@link EntityRoutes.PageRead}, or the
     * {@link RuntimeException} it threw).
     */
    static final String READ = DirectReads.class.getName() + ".read";

    /** Longest id taken here; a UUID is 36 characters, anything longer is Javalin's to refuse. */
    static final int MAX_ID_CHARS = 64;

    /**
     * Answers this long or longer are left to Javalin: it writes them in pieces that overflow Jetty's output buffer
     * (32 KiB, {@code HttpConfiguration.getOutputBufferSize}), so they go out chunked, where one write here would
     * send them with a {@code Content-Length}. Shorter ones go out with a {@code Content-Length} either way.
     */
    static final int MAX_ANSWER_BYTES = 32 * 1024;

    private final Map<String, EntityRoutes<?, ?, ?, ?>> byPath = new HashMap<>();
    private final RequestLog requestLog;
    private final int compressFrom;

    /**
     * @param entities     the groups whose reads are answered here, each by its {@link EntityRoutes#path()}
     * @param compressFrom the answer size from which Javalin compresses (its minimum size for compression)
     */
    DirectReads(List<? extends EntityRoutes<?, ?, ?, ?>> entities, RequestLog requestLog, int compressFrom) {
        entities.forEach(routes -> byPath.put(routes.path(), routes));
        this.requestLog = requestLog;
        this.compressFrom = compressFrom;
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
        if (!answersItself(request, read)) {
            return handOver(request, response, callback, read);
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
        if (!answersItself(request, page.rendered())) {
            return handOver(request, response, callback, page);
        }
        if (page.nextLink() != null) {
            response.getHeaders().put(HttpHeader.LINK, page.nextLink());
        }
        answer(request, response, callback, page.rendered(), path, query, routes.path());
        return true;
    }

    /**
     * Whether the answer is sent here: when Javalin would not gzip it (shorter than it compresses, or a request that
     * does not say which encodings it accepts) and would not chunk it.
     */
    private boolean answersItself(Request request, RenderedJson.Rendered read) {
        int length = read.json().length;
        return length < compressFrom
                || length < MAX_ANSWER_BYTES && !request.getHeaders().contains(HttpHeader.ACCEPT_ENCODING);
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
     * Answers as {@link RenderedJson#send} does for a {@code GET}: 200 with the JSON, or 304 without a body; and tells
     * the request log, as Javalin's request logger does.
     */
    private void answer(Request request, Response response, Callback callback, RenderedJson.Rendered read,
                        String path, String query, String route) {
        int status = send(request, response, callback, read);
        requestLog.answered(HttpMethod.GET.asString(), path, query, status, RequestLog.elapsedNanos(request),
                () -> status == 200 ? read.json().length : 0, route);
    }

    private static int send(Request request, Response response, Callback callback, RenderedJson.Rendered read) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.ETAG, read.etag());
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        if (EntityTag.noneMatchHits(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), read.etag())) {
            response.setStatus(304); // RFC 9110 §15.4.5: no body, the headers a 200 would have
            response.write(true, null, callback);
            return 304;
        }
        response.setStatus(200);
        response.write(true, ByteBuffer.wrap(read.json()), callback);
        return 200;
    }

    private boolean handOver(Request request, Response response, Callback callback, Object read) throws Exception {
        request.setAttribute(READ, read);
        return super.handle(request, response, callback);
    }

    /**
     * The read this handler made of the request before handing it to Javalin, if any.
     *
     * @throws RuntimeException the failure that read met, for Javalin's exception handlers to answer
     */
    static <T> Optional<T> readBefore(Context ctx, Class<T> type) {
        Object read = ctx.attribute(READ);
        if (read instanceof RuntimeException failure) {
            throw failure;
        }
        return type.isInstance(read) ? Optional.of(type.cast(read)) : Optional.empty();
    }
}
