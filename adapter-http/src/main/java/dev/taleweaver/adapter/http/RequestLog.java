package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * After each request: one DEBUG access-log line and one call to the {@link RequestObserver}, with the matched route
 * pattern rather than the raw path so metrics stay bounded however many ids clients ask for.
 */
final class RequestLog implements HttpRoutes {
    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);

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
            long nanos = elapsedNanos(ctx, millis);
            if (log.isDebugEnabled()) { // String.format costs more than the rest of a cache hit's logging
                log.debug("{} {} -> {} in {} ms", ctx.method().name(), ctx.path(), status,
                        String.format("%.1f", nanos / 1e6));
            }
            try {
                observer.observe(method(ctx), routePattern(ctx, status), status, nanos);
            } catch (RuntimeException e) {
                observerFailed(e);
            }
        });
    }

    /** The first failure with its stack trace; a broken observer would otherwise add one to every request. */
    private void observerFailed(RuntimeException e) {
        if (observerWarned.compareAndSet(false, true)) {
            log.warn("The request observer failed (later failures are logged at DEBUG); requests are unaffected", e);
        } else {
            log.debug("The request observer failed again: {}", e.toString());
        }
    }

    private static String method(Context ctx) {
        return method(ctx.method().name());
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
}
