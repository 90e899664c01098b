package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * After each request: one access-log line and one call to the {@link RequestObserver}, with the matched route
 * pattern rather than the raw path so metrics stay bounded however many ids clients ask for.
 *
 * <p>The access line goes to the logger {@value #ACCESS_LOGGER} at INFO when that logger is enabled (bootstrap turns it
 * on with {@code HTTP_ACCESS_LOG}), else to this class's logger at DEBUG. While it is written, the MDC carries the
 * request's fields under their Elastic Common Schema names ({@code http.request.method}, {@code url.path},
 * {@code url.query}, {@code http.response.status_code}, {@code http.response.body.bytes}, {@code event.duration} in
 * nanoseconds) for JSON logs. Path and query are clipped to {@link #MAX_LOGGED_PATH} and {@link #MAX_LOGGED_QUERY}
 * characters and carry no control characters (written as {@code \}{@code uXXXX}).
 */
final class RequestLog implements HttpRoutes {
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

    /** The access log's own logger, so it can be switched on and off apart from the service's other lines. */
    static final String ACCESS_LOGGER = "dev.taleweaver.access";
    private static final Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);

    /** Longest path and query an access line carries (a request line may be 8 KiB); longer ones end in "…". */
    static final int MAX_LOGGED_PATH = 512;
    static final int MAX_LOGGED_QUERY = 512;
    /** Longest method written (Jetty accepts any token as a method). */
    static final int MAX_LOGGED_METHOD = 16;

    private static final Set<String> STANDARD_METHODS = HandlerType.commonHttp().stream()
            .map(HandlerType::name).collect(Collectors.toUnmodifiableSet());

    private final RequestObserver observer;
    private final AtomicBoolean observerWarned = new AtomicBoolean();

    RequestLog(RequestObserver observer) {
        this.observer = observer;
    }

    @Override
    public void register(JavalinConfig config) {
        config.requestLogger.http((ctx, millis) -> {
            int status = ctx.statusCode();
            answered(ctx.req().getMethod(), ctx.path(), ctx.queryString(), status, elapsedNanos(ctx, millis),
                    () -> bytesWritten(ctx), routePattern(ctx, status));
        });
    }

    /**
     * Whether each answer writes a log line (the access log, or the debug log): a write that may wait for the log's
     * output, so {@link DirectReads} then answers nothing on a selector thread.
     */
    static boolean logsEachRequest() {
        return access.isInfoEnabled() || log.isDebugEnabled();
    }

    /**
     * Logs and reports one answered request, however it was answered (Javalin's routes, {@link DirectReads}).
     *
     * @param bytes the body bytes written, asked only when the access log is on
     * @param route the matched route pattern, or one of {@link RequestObserver}'s names for no route
     */
    void answered(String method, String path, String query, int status, long nanos, LongSupplier bytes,
                  String route) {
        if (access.isInfoEnabled()) {
            logAccess(method, path, query, status, nanos, bytes.getAsLong());
        } else if (log.isDebugEnabled()) { // String.format costs more than the rest of a cache hit's logging
            log.debug("{} {} -> {} in {} ms", clipped(method, MAX_LOGGED_METHOD), clipped(path, MAX_LOGGED_PATH),
                    status, String.format("%.1f", nanos / 1e6));
        }
        try {
            observer.observe(method(method), route, status, nanos);
        } catch (RuntimeException e) {
            observerFailed(e);
        }
    }

    private static void logAccess(String rawMethod, String rawPath, String rawQuery, int status, long nanos,
                                  long bytes) {
        String method = clipped(rawMethod, MAX_LOGGED_METHOD);
        String path = clipped(rawPath, MAX_LOGGED_PATH);
        String query = rawQuery == null ? null : clipped(rawQuery, MAX_LOGGED_QUERY);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("http.request.method", method);
        fields.put("url.path", path);
        if (query != null) {
            fields.put("url.query", query);
        }
        fields.put("http.response.status_code", Integer.toString(status));
        fields.put("http.response.body.bytes", Long.toString(bytes));
        fields.put("event.duration", Long.toString(nanos));
        fields.forEach(MDC::put);
        try {
            access.info("{} {}{} -> {} in {} ms, {} bytes", method, path, query == null ? "" : "?" + query, status,
                    String.format(Locale.ROOT, "%.1f", nanos / 1e6), bytes);
        } finally {
            fields.keySet().forEach(MDC::remove);
        }
    }

    /** Bytes of response body written so far (all of them once answered), or -1 outside a Jetty servlet response. */
    private static long bytesWritten(Context ctx) {
        try {
            return ServletContextResponse.getServletContextResponse(ctx.res()).getHttpOutput().getWritten();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * {@code text} with control and line-separator characters written as {@code \}{@code uXXXX}, cut to at most {@code max}
     * characters plus "…" when longer.
     */
    static String clipped(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 1);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            String piece = control ? String.format("\\u%04x", (int) c) : String.valueOf(c);
            if (out.length() + piece.length() > max) {
                return out.append('…').toString();
            }
            out.append(piece);
        }
        return out.toString();
    }

    /** The first failure with its stack trace; a broken observer would otherwise add one to every request. */
    private void observerFailed(RuntimeException e) {
        if (observerWarned.compareAndSet(false, true)) {
            log.warn("The request observer failed (later failures are logged at DEBUG); requests are unaffected", e);
        } else {
            log.debug("The request observer failed again: {}", e.toString());
        }
    }

    /** The method as the observer gets it: a standard one as is, anything else {@link RequestObserver#OTHER_METHOD}. */
    static String method(String method) {
        return STANDARD_METHODS.contains(method) ? method : RequestObserver.OTHER_METHOD;
    }

    private static String routePattern(Context ctx, int status) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null) {
            return endpoint.path;
        }
        return switch (status) {
            case 401 -> RequestObserver.UNAUTHORIZED;
            case 405 -> RequestObserver.METHOD_NOT_ALLOWED;
            default -> RequestObserver.NOT_FOUND;
        };
    }

    /** From when Jetty handed over the request; Javalin's own figure (from servlet entry) when that is missing. */
    private static long elapsedNanos(Context ctx, Float millis) {
        Object start = ctx.attribute(RequestIdHandler.START_NANOS);
        if (start instanceof Long startNanos) {
            return System.nanoTime() - startNanos;
        }
        return millis == null ? 0 : Math.round(millis * 1e6);
    }

    /** From when Jetty handed over {@code request} ({@link RequestIdHandler}), or 0 when that is unknown. */
    static long elapsedNanos(Request request) {
        return request.getAttribute(RequestIdHandler.START_NANOS) instanceof Long start ? System.nanoTime() - start : 0;
    }
}
