package dev.taleweaver.adapter.http;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;

/**
 * Answers a 413 so that the client that caused it can read it, whatever it does next. Refusing a body without reading
 * it and then closing the connection while the client is still sending makes the kernel answer the unread bytes with a
 * TCP reset, and a client that writes its whole body before reading (curl, Python requests, the JDK HttpClient) then
 * never sees the 413, only "connection reset" or "broken pipe". So the 413 is written and flushed first, with
 * {@code Connection: close}, and only then is the rest of the body read and thrown away, up to {@link #drainBound}
 * bytes, before the connection closes. Writing first matters to the other kind of client: one that declares more
 * than it sends and waits for the answer gets it at once, not after the idle timeout that ends the discarding.
 *
 * <p>Not drained: a body that declares (Content-Length) more than the bound, since reading it would be wasted work
 * with the same outcome, and one the client holds back with {@code Expect: 100-continue}, which gets the 413 instead
 * of the {@code 100 Continue} and never sends the body. A chunked body that turns out longer than the bound is read up
 * to the bound and then cut off. In those cases the client may see a reset instead of the 413. A client that stalls
 * mid-body (after its 413 has been sent) is cut off by Jetty's idle timeout, one that trickles by
 * {@link MinimumDataRate}, like any other slow request.
 */
final class OversizedBody {
    private static final Logger log = LoggerFactory.getLogger(OversizedBody.class);

    /** At least this much of an over-limit body is read and discarded before answering 413. */
    static final long MIN_DRAIN_BYTES = 8L * 1024 * 1024;

    private final long drainBound;

    /** Drains up to {@code max(8 MiB, maxRequestBytes)} after the refusal. */
    OversizedBody(long maxRequestBytes) {
        this.drainBound = Math.max(MIN_DRAIN_BYTES, maxRequestBytes);
    }

    long drainBound() {
        return drainBound;
    }

    /**
     * Writes the whole 413 answer ({@code json}, a problem) and flushes it, then discards what is left of the body
     * (within the bound); the connection is closed after. The caller must not set a result on {@code ctx}: the answer
     * is already sent. The status stays on {@code ctx} for the request log and the {@link RequestObserver}.
     */
    void refuse(Context ctx, byte[] json) {
        ctx.status(413);
        ctx.header("Connection", "close");
        ctx.contentType(ProblemDetail.MEDIA_TYPE);
        long declared = ctx.req().getContentLengthLong(); // not contentLength(): an int, -1 past 2^31
        try {
            ctx.res().setContentLength(json.length);
            ctx.res().getOutputStream().write(json);
            ctx.res().flushBuffer();
        } catch (IOException | RuntimeException e) {
            // the client went away: nothing to answer, and the connection closes anyway
            log.debug("Could not write a 413: {}", e.toString());
            return;
        }
        boolean heldBack = declared >= 0 && "100-continue".equalsIgnoreCase(ctx.header("Expect"));
        if (heldBack || declared > drainBound) {
            return;
        }
        try {
            long discarded = discard(ctx.req().getInputStream(), drainBound);
            if (discarded >= drainBound) {
                log.debug("Over-limit body still going after {} discarded bytes; closing the connection", discarded);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, stalled or sent a broken body: the connection closes anyway
            log.debug("Could not discard the rest of an over-limit body: {}", e.toString());
        }
    }

    /** Reads and drops bytes until the end of the stream or {@code bound} bytes; returns how many it dropped. */
    static long discard(InputStream in, long bound) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        while (total < bound) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, bound - total));
            if (read < 0) {
                break;
            }
            total += read;
        }
        return total;
    }
}
