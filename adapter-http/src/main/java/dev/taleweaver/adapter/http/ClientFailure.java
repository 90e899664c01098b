package dev.taleweaver.adapter.http;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.EofException;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Failures of the client's side of a request, met while reading its body: broken HTTP framing (a chunk size like
 * {@code zz} or {@code -5}), a body that ends before its declared length, a client that went away, a body that
 * stalls past the idle timeout or arrives slower than the minimum data rate. They are the client's doing, so they
 * are answered 4xx (when the client is still there to read it) and logged at DEBUG without a stack trace, never as a
 * server error. Jetty reports them as exceptions thrown from the body read, which Javalin passes to the exception
 * handlers like any other.
 */
final class ClientFailure {
    /** How deep to look along the cause chain; Jetty wraps its exceptions at most a couple of times. */
    private static final int MAX_DEPTH = 8;

    private ClientFailure() {
    }

    /** The problem to answer when {@code failure} is the client's, empty when it is the server's. */
    static Optional<HttpProblem> of(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof IOException && t.getCause() instanceof TimeoutException) { // Jetty's idle timeout
                return Optional.of(stalled());
            }
            if (t instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                return Optional.of(switch (http.getCode()) {
                    case 408 -> tooSlow();
                    case 413, 431 -> HttpProblem.ofStatus(http.getCode(), "The request is larger than allowed.");
                    default -> broken();
                });
            }
            if (t instanceof EofException) {
                return Optional.of(broken());
            }
        }
        return Optional.empty();
    }

    private static HttpProblem broken() {
        return HttpProblem.ofStatus(400, "The request body could not be read: its HTTP framing is broken or it "
                + "ended before its declared length.");
    }

    private static HttpProblem tooSlow() {
        return HttpProblem.ofStatus(408, "The request body arrived more slowly than the server's minimum rate.");
    }

    /** Nothing arrived for the idle timeout. */
    static HttpProblem stalled() {
        return HttpProblem.ofStatus(408, "The request body stopped arriving before it was complete.");
    }
}
