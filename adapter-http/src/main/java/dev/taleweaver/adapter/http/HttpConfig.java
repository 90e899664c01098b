package dev.taleweaver.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server listens, and how much any one client may hold of it.
 *
 * @param port               TCP port, 0 to let the OS pick a free one (tests)
 * @param maxRequestBytes    largest request body accepted; a bigger declared or sent body gets 413
 * @param maxConnections     client connections held open at once; beyond it new ones wait in the kernel's accept
 *                           queue until one closes (each open connection costs memory, see HttpServer)
 * @param maxInFlight        requests handled at once (health checks aside); past it a request is answered 503 with
 *                           {@code Retry-After} at once instead of queueing; the server's thread pool is sized from it
 * @param idleTimeout        a connection on which nothing arrives or leaves for this long is closed (a blocked body
 *                           read or response write then fails); also how long an idle keep-alive connection stays
 * @param headerTimeout      a request whose headers are not complete this long after its first byte is cut off
 * @param minRequestDataRate bytes per second a request body must arrive at on average, beyond a grace of
 *                           {@link MinimumDataRate#GRACE} from its first read; a slower body is refused with 408; 0
 *                           turns the check off
 * @param host               the address to listen on (HTTP_HOST: an IP address or a host name), or null for every
 *                           interface
 * @param rememberRenderings whether read answers keep their JSON by the identity of the value they were written from
 *                           ({@link RenderedJson}): worth it only when the use cases hand out the same instance again,
 *                           which only the cache's L1 does; without it every read value is new, and remembering
 *                           it would only cost a weak-keyed cache entry per request
 * @param directReads        whether {@code GET /heroes/{id}}, {@code /children/{id}} and {@code /stories/{id}}, and
 *                           pages of their lists, are answered in front of Javalin ({@link DirectReads}, ADRs 19
 *                           and 21) when the answer is not a failure; the answers are the same either way, only their
 *                           cost differs
 */
public record HttpConfig(int port, long maxRequestBytes, int maxConnections, int maxInFlight, Duration idleTimeout,
                         Duration headerTimeout, long minRequestDataRate, String host, boolean rememberRenderings,
                         boolean directReads) {

    /** Big enough for a story at its 20,000-character limit in any script, small enough to bound memory per request. */
    public static final long DEFAULT_MAX_REQUEST_BYTES = 256L * 1024;

    /** Far above the 100+ concurrent connections the service is sized for (docs/operations.md, Limits and abuse); bounds their memory to well under 200 MB. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;

    /**
     * Twice the 100 concurrent clients the service is sized for; with the health checks' and Jetty's own threads it makes the 250-thread
     * pool Javalin would have used (see {@link HttpServer#threadsFor}).
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 200;

    /** Jetty's own default, stated: a stalled upload or an unread response holds a thread at most this long. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** Headers are at most 8 KiB: any real client sends them in one go, well within this. */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

    /**
     * 1 KiB/s: a 256 KiB body may take up to about four minutes, a typical few-KiB body arrives in one packet; a
     * client sending one byte every few seconds is cut off at its first byte after the grace period.
     */
    public static final long DEFAULT_MIN_REQUEST_DATA_RATE = 1024;

    public HttpConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535 (0 = any free port), got " + port);
        }
        if (maxRequestBytes <= 0) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, got " + maxRequestBytes);
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be positive, got " + maxConnections);
        }
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive, got " + maxInFlight);
        }
        host = host == null || host.isBlank() ? null : host.strip();
        if (host != null && !host.matches("[A-Za-z0-9.:\\-]{1,253}")) {
            throw new IllegalArgumentException("host must be an IP address or a host name, got \"" + host + "\"");
        }
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(headerTimeout, "headerTimeout");
        if (minRequestDataRate < 0) {
            throw new IllegalArgumentException("minRequestDataRate must be 0 (off) or positive, got "
                    + minRequestDataRate);
        }
    }

    /**
     * Listening on every interface, remembering renderings, as with the L1, reads answered directly (the default
     * configuration).
     */
    public HttpConfig(int port, long maxRequestBytes, int maxConnections, int maxInFlight, Duration idleTimeout,
                      Duration headerTimeout, long minRequestDataRate) {
        this(port, maxRequestBytes, maxConnections, maxInFlight, idleTimeout, headerTimeout, minRequestDataRate, null,
                true, true);
    }

    /** Listening on {@code host} (null: every interface), remembering renderings, reads answered directly. */
    public HttpConfig(int port, long maxRequestBytes, int maxConnections, int maxInFlight, Duration idleTimeout,
                      Duration headerTimeout, long minRequestDataRate, String host) {
        this(port, maxRequestBytes, maxConnections, maxInFlight, idleTimeout, headerTimeout, minRequestDataRate, host,
                true, true);
    }

    /** This configuration, remembering read answers' JSON or not (see {@link #rememberRenderings}). */
    public HttpConfig rememberingRenderings(boolean remember) {
        return new HttpConfig(port, maxRequestBytes, maxConnections, maxInFlight, idleTimeout, headerTimeout,
                minRequestDataRate, host, remember, directReads);
    }

    /** This configuration, with reads answered in front of Javalin or not (see {@link #directReads}). */
    public HttpConfig answeringReadsDirectly(boolean direct) {
        return new HttpConfig(port, maxRequestBytes, maxConnections, maxInFlight, idleTimeout, headerTimeout,
                minRequestDataRate, host, rememberRenderings, direct);
    }

    public HttpConfig(int port, long maxRequestBytes, int maxConnections) {
        this(port, maxRequestBytes, maxConnections, DEFAULT_MAX_IN_FLIGHT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_HEADER_TIMEOUT, DEFAULT_MIN_REQUEST_DATA_RATE);
    }

    public HttpConfig(int port, long maxRequestBytes) {
        this(port, maxRequestBytes, DEFAULT_MAX_CONNECTIONS);
    }

    public HttpConfig(int port) {
        this(port, DEFAULT_MAX_REQUEST_BYTES);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
