package dev.taleweaver.adapter.http;

import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * What the browser pages the service serves itself ({@link DashboardRoutes}, {@link ApiDocsRoutes}) share: a strict
 * Content-Security-Policy (same-origin scripts, styles, images and fetches; no plugin, base, form target or
 * framing), the headers sent with each file, and files read once from the class path at start-up.
 */
final class SameOriginPage {

    private SameOriginPage() {
    }

    /** @param styleSources the {@code style-src} sources, e.g. {@code 'self'} */
    static String contentSecurityPolicy(String styleSources) {
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src " + styleSources,
                "img-src 'self' data:",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'");
    }

    static void serve(Context ctx, String contentSecurityPolicy, String contentType, byte[] bytes) {
        ctx.header("Content-Security-Policy", contentSecurityPolicy)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .contentType(contentType)
                .result(bytes);
    }

    /** @throws IllegalStateException when the file is missing: a packaging error, found at start-up */
    static byte[] read(String resource) {
        try (InputStream in = SameOriginPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }
}
