package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Errors Jetty answers itself, before a request reaches Javalin (header too large, malformed request line), as
 * problem+json instead of Jetty's HTML page, so every error of this API has one shape.
 *
 * <p>Request lines: Jetty's parser answers 505 HTTP Version Not Supported to three different things, told apart only
 * by the reason it gives (jetty-http 12.1, {@code HttpParser}; {@code RequestLineTest} pins each case):
 * <ul>
 *   <li>no version at all ({@code GET /heroes}, HTTP/0.9 style, or {@code GET  HTTP/1.1} with an empty target,
 *       whose "HTTP/1.1" the parser takes for the target): a malformed HTTP/1.x request line, so 400;</li>
 *   <li>a version token it does not know ({@code HTTX/1.1}, {@code HTTP/1}, {@code HTTP/1.2}): the parser cannot say
 *       whether the token is malformed or only unknown, and 505 would be wrong for both: it means "this major version
 *       is not supported" (RFC 9110 section 15.6.6), and major version 1 is; so 400, naming the versions to use;</li>
 *   <li>a well-formed version it knows but does not serve on this connector ({@code HTTP/0.9} written out,
 *       {@code HTTP/3.0}): stays 505, with a detail naming the versions to use.</li>
 * </ul>
 * {@code HTTP/2.0} on an HTTP/1 connection (a prior-knowledge h2 preface, or a version line) stays Jetty's
 * 426 Upgrade Required.
 */
final class JettyProblemErrorHandler extends ErrorHandler {
    /** Jetty's reasons for its 505s (jetty-http {@code HttpParser}): a request line without a version... */
    static final String NO_VERSION = "HTTP/0.9 not supported";
    /** ...a version token that is no version Jetty knows... */
    static final String UNKNOWN_VERSION = "Unknown Version";

    static final String MALFORMED_REQUEST_LINE = "The request line is malformed or names an unknown HTTP version;"
            + " send 'METHOD target HTTP/1.1', for example 'GET /heroes HTTP/1.1'.";
    static final String UNSUPPORTED_VERSION = "This server speaks HTTP/1.1 (and HTTP/1.0); send 'METHOD target"
            + " HTTP/1.1', for example 'GET /heroes HTTP/1.1'.";

    private final ObjectMapper mapper;

    JettyProblemErrorHandler(ObjectMapper mapper) {
        this.mapper = mapper;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        if (code == 505) {
            boolean malformed = isReason(message, cause, NO_VERSION) || isReason(message, cause, UNKNOWN_VERSION);
            write(mapper, response, malformed ? 400 : 505, malformed ? MALFORMED_REQUEST_LINE : UNSUPPORTED_VERSION,
                    callback);
            return;
        }
        write(mapper, response, code, "The HTTP server rejected the request: " + ProblemType.statusTitle(code) + ".",
                callback);
    }

    private static boolean isReason(String message, Throwable cause, String reason) {
        return message != null && message.contains(reason)
                || cause != null && cause.getMessage() != null && cause.getMessage().contains(reason);
    }

    /** Writes a whole {@code about:blank} problem answer at the Jetty level, outside Javalin. */
    static void write(ObjectMapper mapper, Response response, int status, String detail, Callback callback) {
        // no instance: for a message Jetty could not parse, the request path is unknown or a placeholder
        ProblemDetail problem = new ProblemDetail(ProblemType.ABOUT_BLANK, ProblemType.statusTitle(status), status,
                detail, null, null);
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemDetail.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(json), callback);
    }
}
