package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Answers 503 with {@code Retry-After} at once when {@code maxInFlight} requests are already being handled, instead
 * of letting requests queue for a thread (queueing under overload only makes every answer late, and opens the cache
 * circuit, see docs/benchmarks.md). Health checks ({@code /health} and below) draw from a small pool of their own,
 * {@link #HEALTH_IN_FLIGHT}, so a load balancer can still ask while slow or many clients hold every other place; the
 * thread pool is sized to hold both pools at once (see {@link HttpServer#threadsFor}).
 *
 * <p>A refused request is answered without reading its body; Jetty then closes the connection if the body was not
 * all there. Refusals are reported to the {@link RequestObserver} as {@link RequestObserver#OVERLOADED}.
 */
final class AdmissionLimit extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger(AdmissionLimit.class);

    /** Health checks handled at once, beside {@code maxInFlight}: a few probes plus a few operators. */
    static final int HEALTH_IN_FLIGHT = 16;

    /** Seconds a refused client should wait: requests are short, a place frees up within about that. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final int maxInFlight;
    private final Semaphore requests;
    private final Semaphore healthChecks = new Semaphore(HEALTH_IN_FLIGHT);
    private final ObjectMapper mapper;
    private final RequestObserver observer;

    AdmissionLimit(int maxInFlight, ObjectMapper mapper, RequestObserver observer) {
        this.maxInFlight = maxInFlight;
        this.requests = new Semaphore(maxInFlight);
        this.mapper = mapper;
        this.observer = observer;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        boolean health = isHealthCheck(Request.getPathInContext(request));
        Semaphore places = health ? healthChecks : requests;
        if (!places.tryAcquire()) {
            refuse(request, response, callback, health);
            return true;
        }
        Place place = new Place(places);
        // fires once the request is complete however handling ended (answered, failed, or not handled: a 404)
        Request.addCompletionListener(request, place);
        try {
            return super.handle(request, response, callback);
        } catch (Throwable t) {
            place.release();
            throw t;
        }
    }

    /** A place taken: given back once, however often the request's end is reported (one object per request). */
    private static final class Place extends AtomicBoolean implements Consumer<Throwable> {
        private final transient Semaphore places;

        Place(Semaphore places) {
            this.places = places;
        }

        void release() {
            if (compareAndSet(false, true)) {
                places.release();
            }
        }

        @Override
        public void accept(Throwable failure) {
            release();
        }
    }

    static boolean isHealthCheck(String path) {
        return path != null && (path.equals("/health") || path.startsWith("/health/"));
    }

    private void refuse(Request request, Response response, Callback callback, boolean health) {
        log.debug("Refused {} {}: {} requests in flight", request.getMethod(), Request.getPathInContext(request),
                health ? HEALTH_IN_FLIGHT + " health-check" : String.valueOf(maxInFlight));
        response.getHeaders().put("Retry-After", RETRY_AFTER_SECONDS);
        JettyProblemErrorHandler.write(mapper, response, 503, "The service is handling as many requests as it can ("
                + (health ? HEALTH_IN_FLIGHT + " health checks" : maxInFlight) + "); retry in "
                + RETRY_AFTER_SECONDS + " second.", callback);
        long nanos = RequestLog.elapsedNanos(request);
        try {
            observer.observe(RequestLog.method(request.getMethod()), RequestObserver.OVERLOADED, 503, nanos);
        } catch (RuntimeException e) {
            log.debug("The request observer failed: {}", e.toString());
        }
    }
}
