package dev.taleweaver.adapter.redis;

import io.netty.channel.epoll.Epoll;
import org.redisson.config.TransportMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Netty transport of the Redis connections ({@value #SETTING}). {@link #EPOLL}, the default, is Netty's native
 * Linux transport: a Redis round trip costs less of it than of the JDK's selector ({@link #NIO}); docs/benchmarks.md,
 * issue 16, "Redisson's command path", has the measurement, ADR 17 the decision.
 *
 * <p>Choosing {@link #EPOLL} never fails start-up: where the native library cannot load (not Linux, a CPU without a
 * bundled library, a temporary directory mounted {@code noexec}) the client uses {@link #NIO} and says so once, with
 * Netty's reason, in the log ({@link #effective}).
 */
public enum RedisTransport {
    /** Netty's native epoll transport (Linux x86_64 and aarch64); falls back to {@link #NIO} where it cannot load. */
    EPOLL(TransportMode.EPOLL),
    /** The JDK's NIO selector: portable, and what Redisson uses unless told otherwise. */
    NIO(TransportMode.NIO);

    public static final String SETTING = "REDIS_TRANSPORT";
    public static final RedisTransport DEFAULT = EPOLL;

    private static final Logger LOG = LoggerFactory.getLogger(RedisTransport.class);
    /** The fallback is logged once per JVM, however many clients are created. */
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();

    private final TransportMode mode;

    RedisTransport(TransportMode mode) {
        this.mode = mode;
    }

    /** Redisson's name for it. */
    TransportMode mode() {
        return mode;
    }

    /** As written in {@value #SETTING}: {@code epoll} or {@code nio}. */
    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transport a setting names ({@code epoll}, {@code nio}, any case, surrounding blanks ignored), or null. */
    public static RedisTransport parse(String value) {
        if (value == null) {
            return null;
        }
        String wanted = value.strip();
        for (RedisTransport transport : values()) {
            if (transport.setting().equalsIgnoreCase(wanted)) {
                return transport;
            }
        }
        return null;
    }

    /**
     * The transport the client actually uses: this one, unless it is {@link #EPOLL} and Netty's native library does
     * not load here, then {@link #NIO} (logged once, with the reason).
     */
    public RedisTransport effective() {
        // NIO never touches the native library (asking Epoll would unpack and load it)
        return this != EPOLL ? this : effective(Epoll.isAvailable(), Epoll.unavailabilityCause(), FALLBACK_LOGGED);
    }

    /**
     * {@link #effective()} with the availability given, so the fallback can be checked where epoll does load; the
     * fallback is logged only if {@code logged} was false (and sets it).
     */
    RedisTransport effective(boolean epollAvailable, Throwable unavailabilityCause, AtomicBoolean logged) {
        if (this != EPOLL || epollAvailable) {
            return this;
        }
        if (logged.compareAndSet(false, true)) {
            LOG.warn("{}={}: Netty's native epoll transport is not available here ({}); the Redis connections use"
                            + " the JDK's NIO transport instead (set {}=nio to choose it and silence this line)",
                    SETTING, setting(), describe(unavailabilityCause), SETTING);
        }
        return NIO;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no reason given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == cause ? String.valueOf(cause) : cause + ", caused by " + root;
    }
}
