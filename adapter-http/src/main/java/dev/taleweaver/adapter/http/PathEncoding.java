package dev.taleweaver.adapter.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/**
 * Refuses a request path whose percent-encoding is broken ({@code /heroes/%u0041}, {@code /stories/%zz}, an escape
 * that makes invalid UTF-8) with a 400 before any route reads a path parameter: Javalin decodes path parameters
 * lazily and its decoder throws on such input, which reached the client as a 500.
 */
final class PathEncoding implements HttpRoutes {

    @Override
    public void register(JavalinConfig config) {
        config.routes.before(PathEncoding::check);
    }

    static void check(Context ctx) {
        String raw = ctx.req().getRequestURI();
        if (raw != null && raw.indexOf('%') >= 0 && QueryParameters.decode(raw) == null) {
            throw HttpProblem.of(ProblemType.MALFORMED_PATH, "The request path is not valid percent-encoded UTF-8:"
                    + " each % must be followed by two hexadecimal digits and the bytes must be valid UTF-8.");
        }
    }
}
