package dev.taleweaver.adapter.redis;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.redisson.client.NettyHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One clear line per burst of failed TLS handshakes with Redis instead of a stack trace per connection attempt
 * (Redisson's {@code ErrorsLoggingHandler} logs each at ERROR, dozens a second while the pool keeps retrying):
 * <pre>TLS handshake with redis 10.0.0.5:6380 failed: unable to find valid certification path to requested target;
 * retrying</pre>
 * A burst ends with a successful handshake; while failures go on with the same reason, the line is repeated at most
 * every {@link #REPEAT_INTERVAL} with the number of failures since. The failures themselves still reach Redisson,
 * which fails the commands (the circuit breaker and the database take over); only their logging is replaced.
 */
final class TlsHandshakeLog implements NettyHook {
    /** While handshakes keep failing for the same reason, the summary line is repeated at most this often. */
    static final Duration REPEAT_INTERVAL = Duration.ofMinutes(5);
    private static final int MAX_REASON_LENGTH = 300;
    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeLog.class);

    private final String target;
    private final LongSupplier nanoTime;
    private final Handler handler = new Handler();
    // guarded by this
    private String loggedReason;
    private long loggedAt;
    private long failuresSinceLogged;

    /** @param target {@code host:port} as configured, for the log line */
    TlsHandshakeLog(String target) {
        this(target, System::nanoTime);
    }

    TlsHandshakeLog(String target, LongSupplier nanoTime) {
        this.target = target;
        this.nanoTime = nanoTime;
    }

    @Override
    public void afterBoostrapInitialization(Bootstrap bootstrap) {
        // nothing to change
    }

    @Override
    public void afterChannelInitialization(Channel channel) {
        ChannelHandlerContext tls = channel.pipeline().context(SslHandler.class);
        if (tls != null) {
            // right behind the TLS handler: its exceptions reach this one before Redisson's logging handler
            channel.pipeline().addAfter(tls.name(), "taleweaver-tls-handshake-log", handler);
        }
    }

    /** Records one failed handshake; logs the summary when it starts a burst, has a new reason, or is due again. */
    void failed(Throwable failure) {
        String reason = reason(failure);
        long now = nanoTime.getAsLong();
        long suppressed;
        synchronized (this) {
            // a channel closed mid-handshake (the retry's connection, a shutdown) is no new reason within a burst
            boolean newReason = !reason.equals(loggedReason) && !(loggedReason != null && isClosedChannel(failure));
            boolean due = loggedReason == null || newReason || now - loggedAt >= REPEAT_INTERVAL.toNanos();
            if (!due) {
                failuresSinceLogged++;
                return;
            }
            suppressed = failuresSinceLogged;
            loggedReason = reason;
            loggedAt = now;
            failuresSinceLogged = 0;
        }
        if (suppressed == 0) {
            LOG.warn("TLS handshake with redis {} failed: {}; retrying", target, reason);
        } else {
            LOG.warn("TLS handshake with redis {} failed: {}; retrying ({} more failed handshake(s) since the last"
                    + " report)", target, reason, suppressed);
        }
    }

    /** A successful handshake ends the burst: the next failure is reported at once. */
    synchronized void succeeded() {
        if (loggedReason != null) {
            LOG.info("TLS handshake with redis {} succeeded again", target);
        }
        loggedReason = null;
        failuresSinceLogged = 0;
    }

    private static boolean isClosedChannel(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    static boolean isTlsFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost message of the chain (the most specific), on one line and bounded. */
    static String reason(Throwable failure) {
        String reason = null;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        if (reason == null) {
            reason = failure.getClass().getSimpleName();
        }
        reason = reason.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
        return reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) + "…" : reason;
    }

    @ChannelHandler.Sharable
    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof SslHandshakeCompletionEvent completion) {
                if (completion.isSuccess()) {
                    succeeded();
                } else {
                    failed(completion.cause());
                }
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (isTlsFailure(cause)) {
                return; // reported once per burst by userEventTriggered; the TLS handler closes the channel itself
            }
            super.exceptionCaught(ctx, cause);
        }
    }
}
