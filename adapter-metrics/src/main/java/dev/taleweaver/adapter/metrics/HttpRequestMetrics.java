package dev.taleweaver.adapter.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Times HTTP requests as {@code http.server.requests} (the name Spring Boot and most dashboards expect), tagged
 * {@code method}, {@code uri}, {@code status} and {@code outcome}.
 *
 * <p>The {@code uri} tag is the route pattern ({@code /heroes/{id}}), never the raw path: one series per route,
 * not per id. A request that matched no route is {@value #NOT_FOUND}. As a guard against a caller passing raw
 * paths, at most {@value #MAX_URIS} distinct patterns are kept; later ones are {@value #OTHER_URI} and logged once.
 */
public final class HttpRequestMetrics {
    private static final Logger log = LoggerFactory.getLogger(HttpRequestMetrics.class);

    public static final String REQUESTS = "http.server.requests";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String OTHER_URI = "OTHER";
    public static final String OTHER_METHOD = "OTHER";
    public static final int MAX_URIS = 100;

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    private final MeterRegistry registry;
    private final ConcurrentMap<RequestKey, LatencyTimer> timers = new ConcurrentHashMap<>();
    private final Set<String> uris = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean tooManyUrisLogged = new AtomicBoolean();
    private final MetricFailures failures = new MetricFailures(log);

    public HttpRequestMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Records one finished request. Never throws.
     *
     * @param method       the HTTP method; anything but a standard one is {@value #OTHER_METHOD}
     * @param routePattern the matched route's pattern, or null/blank when no route matched
     * @param status       the response status
     * @param nanos        how long the request took
     */
    public void record(String method, String routePattern, int status, long nanos) {
        try {
            RequestKey key = new RequestKey(method(method), uri(routePattern), status);
            LatencyTimer timer = timers.get(key);
            if (timer == null) {
                timer = timers.computeIfAbsent(key, this::newTimer);
            }
            timer.record(nanos);
        } catch (RuntimeException e) {
            failures.report("an HTTP request", e);
        }
    }

    /** Spring Boot's outcome names, so existing dashboards work. */
    public static String outcome(int status) {
        if (status >= 100 && status < 200) {
            return "INFORMATIONAL";
        }
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status >= 400 && status < 500) {
            return "CLIENT_ERROR";
        }
        if (status >= 500 && status < 600) {
            return "SERVER_ERROR";
        }
        return "UNKNOWN";
    }

    private LatencyTimer newTimer(RequestKey key) {
        Tags tags = Tags.of("method", key.method(), "uri", key.uri(), "status", Integer.toString(key.status()),
                "outcome", outcome(key.status()));
        return LatencyTimer.register(registry, REQUESTS, "Duration of HTTP requests", tags);
    }

    private static String method(String method) {
        if (method == null) {
            return OTHER_METHOD;
        }
        String upper = method.toUpperCase(Locale.ROOT);
        return METHODS.contains(upper) ? upper : OTHER_METHOD;
    }

    private String uri(String routePattern) {
        if (routePattern == null || routePattern.isBlank()) {
            return NOT_FOUND;
        }
        if (uris.contains(routePattern)) {
            return routePattern;
        }
        synchronized (uris) {
            if (uris.size() < MAX_URIS) {
                uris.add(routePattern);
                return routePattern;
            }
        }
        if (tooManyUrisLogged.compareAndSet(false, true)) {
            log.warn("More than {} distinct HTTP route patterns (latest: {}); is a raw path passed instead of the "
                    + "route pattern? Further ones are tagged uri={}", MAX_URIS, routePattern, OTHER_URI);
        }
        return OTHER_URI;
    }

    private record RequestKey(String method, String uri, int status) {
    }
}
