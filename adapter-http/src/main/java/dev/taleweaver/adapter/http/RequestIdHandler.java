package dev.taleweaver.adapter.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.MDC;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id — the client's {@code X-Request-Id} when it is sane, else a new UUID — echoes it in the
 * response and puts it in the slf4j MDC under {@code http.request.id} (its Elastic Common Schema name) while the request is handled, so every log line of
 * the request carries it. Sits in front of Javalin at the Jetty level so the id also covers Javalin's own 404, 405 and
 * 413 answers, the exception handlers and the request logger, and the MDC is cleared however handling ends.
 */
final class RequestIdHandler extends Handler.Wrapper {
    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "http.request.id";

    /** Request attribute: {@link System#nanoTime()} when the request reached this handler. */
    static final String START_NANOS = RequestIdHandler.class.getName() + ".startNanos";

    static final int MAX_LENGTH = 128;

    /** Safe to echo in a header and to print in a log line: no spaces, quotes or control characters to forge with. */
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]+");

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String id = idFor(request.getHeaders().get(HEADER));
        request.setAttribute(START_NANOS, System.nanoTime());
        response.getHeaders().put(HEADER, id);
        MDC.put(MDC_KEY, id);
        try {
            return super.handle(request, response, callback);
        } finally {
            // Jetty reuses its threads: a leftover id would label the next, unrelated log lines
            MDC.remove(MDC_KEY);
        }
    }

    /** The client's id when it is sane, otherwise a fresh one. */
    static String idFor(String offered) {
        boolean sane = offered != null && !offered.isEmpty() && offered.length() <= MAX_LENGTH
                && SANE.matcher(offered).matches();
        return sane ? offered : fresh();
    }

    /**
     * A random (version 4) UUID from {@link ThreadLocalRandom}: a request id must be unique, not unguessable, and
     * {@link UUID#randomUUID()} draws from a shared SecureRandom on every request.
     */
    static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    /** The id of the request this thread is handling, or a fresh one outside a request. */
    static String current() {
        String id = MDC.get(MDC_KEY);
        return id == null ? fresh() : id;
    }
}
