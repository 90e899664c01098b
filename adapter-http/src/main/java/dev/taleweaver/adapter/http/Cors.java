package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cross-origin access for browsers (CORS_ALLOWED_ORIGINS). With no origin listed (the default) no answer carries a
 * CORS header, so browsers keep every other origin out. A request whose {@code Origin} is listed gets
 * {@code Access-Control-Allow-Origin} with that origin (and {@code Vary: Origin}); a preflight ({@code OPTIONS} with
 * {@code Access-Control-Request-Method}, answered 204 by {@link HeadAndOptions}) also gets the methods and request
 * headers the API takes, cached for {@link #MAX_AGE_SECONDS}; any other answer also gets the response headers a
 * script may read. Requests from other origins are served as before, without CORS headers. {@code *} alone allows
 * every origin (answered {@code *}, never with credentials).
 */
public final class Cors implements HttpRoutes {
    /** Most origins the setting may list. */
    public static final int MAX_ORIGINS = 50;
    static final int MAX_AGE_SECONDS = 600;
    static final String ALLOW_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
    static final String ALLOW_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, X-Request-Id";
    static final String EXPOSE_HEADERS = "ETag, Location, Retry-After, X-Request-Id";
    static final String ANY = "*";

    /** scheme://host[:port], as a browser sends it in {@code Origin}: no path, no trailing slash. */
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.\\-\\[\\]:]{1,253}");

    private final Set<String> origins;

    /** @throws IllegalArgumentException when an entry is not an origin ({@link #originsProblem}) */
    public Cors(List<String> origins) {
        originsProblem(origins).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        this.origins = Set.copyOf(origins);
    }

    /** What is wrong with a list of allowed origins, if anything. */
    public static Optional<String> originsProblem(List<String> origins) {
        if (origins.size() > MAX_ORIGINS) {
            return Optional.of("must list at most " + MAX_ORIGINS + " origins, got " + origins.size());
        }
        if (origins.contains(ANY) && origins.size() > 1) {
            return Optional.of("* allows every origin and must stand alone");
        }
        return origins.stream().filter(o -> !o.equals(ANY) && !ORIGIN.matcher(o).matches()).findFirst()
                .map(bad -> "must be a comma-separated list of origins such as https://app.example.com "
                        + "(scheme, host and optional port; no path or trailing slash), or *");
    }

    /** Splits the setting's comma list, ignoring spaces around entries and empty entries. */
    public static List<String> parse(String setting) {
        return Pattern.compile(",").splitAsStream(setting).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** With origins listed, every answer gets {@code Vary: Origin} or the CORS headers. */
    @Override
    public boolean decoratesEveryAnswer() {
        return !origins.isEmpty();
    }

    @Override
    public void register(JavalinConfig config) {
        if (!origins.isEmpty()) {
            config.routes.before(this::decorate);
        }
    }

    private void decorate(Context ctx) {
        boolean any = origins.contains(ANY);
        if (!any) {
            ctx.header("Vary", "Origin"); // the answer depends on Origin: shared caches must key on it
        }
        String origin = ctx.header("Origin");
        if (origin == null || !(any || origins.contains(origin))) {
            return;
        }
        ctx.header("Access-Control-Allow-Origin", any ? ANY : origin);
        if (ctx.method() == HandlerType.OPTIONS && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", ALLOW_METHODS)
                    .header("Access-Control-Allow-Headers", ALLOW_HEADERS)
                    .header("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
        } else {
            ctx.header("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        }
    }
}
