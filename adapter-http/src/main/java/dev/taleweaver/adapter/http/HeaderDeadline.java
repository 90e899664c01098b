package dev.taleweaver.adapter.http;

import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Cuts off a connection whose request headers are still incomplete {@code timeout} after their first byte. Jetty 12
 * has no such deadline: its idle timeout restarts with every byte, so a client sending one header byte every few
 * seconds holds its connection (and a place under the connection limit) for ever. Parsing headers takes no thread, so
 * a periodic sweep over the open connections is enough: a connection seen parsing the headers of the same request for
 * longer than the timeout is closed (no answer: the request line may not even be known yet).
 *
 * <p>The clock starts when a sweep first sees the request's headers under way (or any bytes arriving before its
 * request line, such as blank lines, which Jetty skips without limit), so a connection is cut between {@code timeout}
 * and {@code timeout} plus two sweep periods after its first header byte. A connection waiting between requests
 * (nothing of the next one received) is left to the idle timeout. Reads Jetty's parser state
 * through {@link HttpConnection}, which Jetty keeps in an internal package: SlowClientsTest fails if an upgrade
 * changes it.
 */
final class HeaderDeadline extends ContainerLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(HeaderDeadline.class);

    private final Server server;
    private final long timeoutNanos;
    private final long periodMillis;
    private final Scheduler scheduler = new ScheduledExecutorScheduler("header-deadline", true);
    /** The request whose headers each connection was parsing at the last sweep; touched only by the sweep. */
    private Map<HttpConnection, Mark> marks = new HashMap<>();

    /**
     * What a sweep saw of a connection: which request ({@code messagesIn}), how many bytes it had received, and
     * since when the clock runs ({@code counting} false: idle between requests, no clock yet).
     */
    private record Mark(long request, long bytesIn, boolean counting, long sinceNanos) {
    }

    HeaderDeadline(Server server, Duration timeout) {
        this.server = server;
        this.timeoutNanos = timeout.toNanos();
        this.periodMillis = Math.max(50, Math.min(1000, timeout.toMillis() / 4));
        addBean(scheduler);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scheduler.schedule(this::sweep, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            long now = System.nanoTime();
            Map<HttpConnection, Mark> next = new HashMap<>();
            for (Connector connector : server.getConnectors()) {
                if (connector instanceof AbstractConnector open) {
                    open.getConnectedEndPoints().forEach(endPoint -> check(endPoint, now, next));
                }
            }
            marks = next;
        } catch (RuntimeException e) {
            log.warn("The header deadline sweep failed; it runs again in {} ms", periodMillis, e);
        } finally {
            if (isRunning()) {
                scheduler.schedule(this::sweep, periodMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void check(EndPoint endPoint, long now, Map<HttpConnection, Mark> next) {
        if (!(endPoint.getConnection() instanceof HttpConnection connection)) {
            return;
        }
        HttpParser parser = connection.getParser();
        if (!parser.inHeaderState()) {
            return; // past the headers: the body and the handling have bounds of their own
        }
        long request = connection.getMessagesIn();
        long bytesIn = connection.getBytesIn();
        Mark mark = marks.get(connection);
        if (mark == null || mark.request() != request) {
            // first seen at the start of this request: idle if the parser has nothing of it yet
            mark = new Mark(request, bytesIn, !parser.isStart(), now);
        } else if (!mark.counting() && bytesIn > mark.bytesIn()) {
            // bytes arrive but no request line is complete: the headers have begun (or blank lines trickle in,
            // which Jetty's parser skips at the start of a request without limit)
            mark = new Mark(request, bytesIn, true, now);
        }
        if (mark.counting() && now - mark.sinceNanos() >= timeoutNanos) {
            log.debug("Closing a connection from {}: request headers incomplete after {} ms",
                    endPoint.getRemoteSocketAddress(), TimeUnit.NANOSECONDS.toMillis(now - mark.sinceNanos()));
            endPoint.close(new TimeoutException("request headers incomplete after the header timeout"));
        } else {
            next.put(connection, mark);
        }
    }
}
