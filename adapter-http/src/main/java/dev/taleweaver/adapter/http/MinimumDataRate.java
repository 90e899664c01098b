package dev.taleweaver.adapter.http;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.time.Duration;

/**
 * Refuses a request body that arrives slower than {@code bytesPerSecond} on average, so a client trickling its body
 * cannot hold a request thread for long: once {@link #GRACE} has passed since the handler first read the body, the
 * body must have delivered {@code bytesPerSecond} for every second beyond the grace; a read that finds it has not
 * fails with a 408 {@link BadMessageException}, which {@link ClientFailure} answers as a 408 problem.
 *
 * <p>Not Jetty's own {@code HttpConfiguration.minRequestDataRate}: that one has no grace and checks on every read,
 * including the read that only finds the end of a body already received, so a 12-byte body whose two reads are 12 ms
 * apart (a thread descheduled under load) failed with 408. Here a body that has ended is never refused, and a stall
 * with nothing arriving is left to the idle timeout.
 */
final class MinimumDataRate extends Handler.Wrapper {

    /** Free time at the start of a body: a slow first round trip or a lost packet is no reason to refuse it. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final long bytesPerSecond;

    /** @param bytesPerSecond the minimum average; 0 turns the check off */
    MinimumDataRate(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(bytesPerSecond > 0 ? new Checked(request) : request, response, callback);
    }

    private final class Checked extends Request.Wrapper {
        // read() is never called concurrently, but may be called from different threads one after the other
        private volatile long firstReadNanos;
        private volatile boolean reading;
        private volatile long bytes;
        private volatile Content.Chunk failure;

        Checked(Request request) {
            super(request);
        }

        @Override
        public Content.Chunk read() {
            if (failure != null) {
                return failure;
            }
            long now = System.nanoTime();
            if (!reading) {
                reading = true;
                firstReadNanos = now;
            }
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                bytes += chunk.remaining();
                if (chunk.isLast() || Content.Chunk.isFailure(chunk)) {
                    return chunk; // the body is complete (or already failed): nothing left to hold a thread for
                }
            }
            long beyondGraceMillis = (now - firstReadNanos - GRACE.toNanos()) / 1_000_000;
            if (beyondGraceMillis > 0 && bytes < bytesPerSecond * beyondGraceMillis / 1000) {
                if (chunk != null) {
                    chunk.release();
                }
                failure = Content.Chunk.from(new BadMessageException(408,
                        "request body slower than " + bytesPerSecond + " bytes/s"), true);
                return failure;
            }
            return chunk;
        }
    }
}
