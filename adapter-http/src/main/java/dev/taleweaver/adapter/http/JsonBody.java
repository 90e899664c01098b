package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.taleweaver.domain.common.Text;
import io.javalin.http.Context;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.Locale;

/**
 * Reads a request body into a request DTO. Refuses what is not a JSON object sent as {@code application/json} (415,
 * 400, 413) and records field-level problems (unknown field, wrong JSON type) in the request's {@link InputCheck}.
 */
final class JsonBody {
    private static final String JSON = "application/json";

    /** Most characters of a client's Content-Type or of Jackson's complaint about the body that a detail echoes. */
    static final int ECHO_MAX = 100;

    private final ObjectMapper mapper;
    private final long maxBytes;

    /** The API's one mapper, which also writes the responses. */
    ObjectMapper mapper() {
        return mapper;
    }

    JsonBody(ObjectMapper mapper, long maxBytes) {
        this.mapper = mapper;
        this.maxBytes = maxBytes;
    }

    <Q> Q read(Context ctx, Class<Q> type, InputCheck check) {
        requireJsonContentType(ctx.header("Content-Type"));
        // A declared length over the limit is refused before reading a byte (the 413 handler then discards the body,
        // see OversizedBody); Javalin enforces the same limit while reading bodies of unknown length (chunked). The
        // long form: the servlet's int getContentLength() is -1 for any length past 2^31, which then looked unknown.
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        String text = utf8(ctx.bodyAsBytes());
        if (text.isBlank()) {
            throw HttpProblem.of(ProblemType.MALFORMED_BODY, "The request body is empty; send a JSON object.");
        }
        try {
            Q request = mapper.readerFor(type).withAttribute(InputCheck.class, check).readValue(text);
            if (request == null) { // the document was the literal null
                throw HttpProblem.of(ProblemType.MALFORMED_BODY, "The request body must be a JSON object.");
            }
            return request;
        } catch (StreamReadException | StreamConstraintsException e) {
            throw malformed(e);
        } catch (JsonMappingException e) {
            // bad syntax, or a limit of JsonMapping passed, met while binding a field
            if (e.getCause() instanceof StreamReadException || e.getCause() instanceof StreamConstraintsException) {
                throw malformed((JsonProcessingException) e.getCause());
            }
            throw mismatch(e, check);
        } catch (IOException e) {
            throw HttpProblem.of(ProblemType.MALFORMED_BODY, "The request body could not be read.");
        }
    }

    static HttpProblem tooLarge(long maxBytes) {
        return HttpProblem.ofStatus(413, "The request body is larger than the limit of " + maxBytes + " bytes.");
    }

    private static void requireJsonContentType(String header) {
        String mediaType = header == null ? "" : header.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(JSON)) {
            throw HttpProblem.ofStatus(415, "Send the request body as " + JSON + " (got "
                    + (header == null || header.isBlank() ? "no Content-Type" : clip(header)) + ").");
        }
    }

    /**
     * A mismatch the problem handler declined (a document that is not an object) or Jackson could not skip past:
     * reading stops there, so the client gets it together with whatever was collected before it.
     */
    private static RuntimeException mismatch(JsonMappingException e, InputCheck check) {
        String path = JsonPaths.of(e.getPath());
        if (path.isEmpty()) {
            return HttpProblem.of(ProblemType.MALFORMED_BODY, "The request body must be a JSON object.");
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            check.add(path, JsonPaths.expected(m.getTargetType()));
        } else {
            check.add(path, "has the wrong JSON type");
        }
        return check.failure();
    }

    /**
     * The body as text, which JSON exchanged between systems must encode in UTF-8 (RFC 8259): bytes that are not
     * UTF-8 (an encoded surrogate, a stray 0xFF) are a 400 naming where, never silently replaced by U+FFFD. The
     * API's parser reads text rather than bytes because it does not pool field names (see {@link JsonMapping}); its
     * byte parser needs that pool. A leading byte-order mark is dropped.
     */
    private static String utf8(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer text = StrictUtf8.decode(in);
        if (text == null) {
            throw HttpProblem.of(ProblemType.MALFORMED_BODY,
                    "The request body is not valid UTF-8 (at byte " + in.position() + ").");
        }
        if (text.hasRemaining() && text.charAt(0) == '\ufeff') {
            text.position(1);
        }
        return text.toString();
    }

    /**
     * Says where the JSON breaks, in Jackson's words minus anything naming Java types or echoing the source; for a
     * body past one of {@link JsonMapping}'s limits, which limit (Jackson's "…maximum allowed (16, from
     * `StreamReadConstraints…`)" ends at the number).
     */
    private static HttpProblem malformed(JsonProcessingException e) {
        String reason = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        for (String cut : new String[] {": ", " (start marker", ", from `"}) {
            int at = reason.indexOf(cut);
            if (at > 0) {
                reason = reason.substring(0, at) + (cut.startsWith(",") ? ")" : "");
            }
        }
        if (reason.contains("com.fasterxml") || reason.contains("java.") || reason.contains("Source:")) {
            reason = "";
        }
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return HttpProblem.of(ProblemType.MALFORMED_BODY,
                "The request body is not valid JSON" + where + (reason.isBlank() ? "" : ": " + clip(reason)) + ".");
    }

    /** At most {@link #ECHO_MAX} characters of a client's header or Jackson's message about the body. */
    private static String clip(String text) {
        return Text.clip(text, ECHO_MAX);
    }
}
