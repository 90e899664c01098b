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
 */
final class JettyProblemErrorHandler extends ErrorHandler {
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
        write(mapper, response, code, "The HTTP server rejected the request: " + ProblemType.statusTitle(code) + ".",
                callback);
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
