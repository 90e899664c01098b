package dev.taleweaver.adapter.http;

import com.github.benmanes.caffeine.cache.Ticker;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * The one check of the admin token ({@code ADMIN_TOKEN}) for every endpoint that needs it ({@code /admin/*}, which
 * the dashboard calls, and the benchmark endpoints): {@code Authorization: Bearer <token>}, compared in constant time,
 * with failed attempts limited per client address. After {@value #MAX_FAILURES} failures within
 * {@link #FAILURE_WINDOW} from one address, that address gets 429 with {@code Retry-After} until the window ends,
 * without its token even being checked. Share one instance between route groups so they share the count.
 */
public final class AdminGuard {
    /** Failed attempts one client address may make per {@link #FAILURE_WINDOW}. */
    public static final int MAX_FAILURES = 10;
    /** Opens at an address's first failure; the address is refused until it ends once it used up its attempts. */
    public static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);
    /** Addresses tracked at once (about 100 bytes each); past it Caffeine evicts some, whose counts start again. */
    public static final int MAX_TRACKED_ADDRESSES = 10_000;
    static final String CHALLENGE = "Bearer realm=\"taleweaver-admin\"";
    private static final String BEARER = "Bearer ";
    private static final Logger log = LoggerFactory.getLogger(AdminGuard.class);

    private final Optional<AdminToken> token;
    private final FailedAttempts failures;

    /**
     * @param adminToken the operators' shared secret; empty disables everything this guard protects
     * @throws IllegalArgumentException when the token is present but not a usable token ({@link #tokenProblem})
     */
    public AdminGuard(Optional<String> adminToken) {
        this(adminToken, Ticker.systemTicker());
    }

    AdminGuard(Optional<String> adminToken, Ticker ticker) {
        this.token = adminToken.map(AdminToken::new);
        this.failures = new FailedAttempts(MAX_FAILURES, FAILURE_WINDOW, MAX_TRACKED_ADDRESSES, ticker);
    }

    /**
     * Why {@code token} cannot be the admin token — a phrase such as "must be at least 16 characters", never quoting
     * it — or empty when it can: printable ASCII without spaces, at least {@value AdminToken#MIN_LENGTH} long.
     */
    public static Optional<String> tokenProblem(String token) {
        return AdminToken.problem(token);
    }

    /** Whether a token is configured. */
    public boolean enabled() {
        return token.isPresent();
    }

    /**
     * Lets the request through, or throws the problem to answer: 404 when no token is configured, 429 (with
     * {@code Retry-After}) while the client's address used up its attempts, 401 (with {@code WWW-Authenticate})
     * for a missing or wrong token.
     */
    public void authorize(Context ctx) {
        if (token.isEmpty()) {
            throw HttpProblem.ofStatus(404, "The admin endpoints are disabled: set ADMIN_TOKEN to enable them.");
        }
        String address = ctx.ip();
        Optional<Duration> blocked = failures.blockedFor(address);
        if (blocked.isPresent()) {
            long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
            log.debug("Refused {} {} from {}: too many failed admin attempts", ctx.method().name(), ctx.path(),
                    address);
            ctx.header("Retry-After", Long.toString(seconds));
            throw HttpProblem.ofStatus(429, "Too many failed admin attempts from this address; retry in "
                    + seconds + " s.");
        }
        String presented = bearer(ctx.header("Authorization"));
        if (presented == null) {
            refuse(ctx, address, "no bearer token", "Send the admin token as 'Authorization: Bearer <token>'.");
        }
        if (!token.get().matches(presented)) {
            refuse(ctx, address, "wrong bearer token", "The admin token is not valid.");
        }
        failures.succeeded(address);
    }

    private void refuse(Context ctx, String address, String reason, String detail) {
        failures.failed(address);
        // never the presented value: a near-miss token in a log file is half a leaked token
        log.warn("Refused {} {} from {}: {}", ctx.method().name(), ctx.path(), address, reason);
        ctx.header("WWW-Authenticate", CHALLENGE);
        throw HttpProblem.ofStatus(401, detail);
    }

    /** The token of an {@code Authorization: Bearer …} header (scheme case-insensitive, RFC 9110), else null. */
    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String presented = header.substring(BEARER.length()).strip();
        return presented.isEmpty() ? null : presented;
    }
}
