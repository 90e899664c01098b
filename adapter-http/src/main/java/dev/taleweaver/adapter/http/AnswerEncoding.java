package dev.taleweaver.adapter.http;

import org.eclipse.jetty.http.QuotedQualityCSV;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * How the JSON of an answer ({@link RenderedJson.Rendered}) goes out: gzipped for a request that accepts gzip, as it
 * is otherwise, and always as it is under {@link #COMPRESS_FROM} bytes. The one decision both ways in answer by
 * ({@link RenderedJson#send} through Javalin, {@link DirectReads} in front of it), so they answer alike.
 *
 * <p>A rendering is gzipped once and the bytes are kept with it ({@link RenderedJson.Rendered#gzipped}): an answer
 * the L1 hands out again (a cached page, a cached entity) is compressed once, not once per request, as Javalin's
 * compression of the response stream did (a cached page of 50 heroes for a client sending
 * {@code Accept-Encoding: gzip} answered at a sixth of the rate of the same page uncompressed, docs/benchmarks.md).
 *
 * <p>An answer long enough to be compressed carries {@code Vary: Accept-Encoding} either way (RFC 9110 §12.5.5), and
 * both forms carry the same {@code ETag}, as they did when Javalin compressed them: a tag names the JSON, whichever
 * way it travels, so {@code If-None-Match} and {@code If-Match} work the same for every client.
 */
final class AnswerEncoding {
    /** Answers shorter than this go out as they are (Javalin's default minimum for compression). */
    static final int COMPRESS_FROM = 1_500;
    static final String GZIP = "gzip";
    static final String VARY_VALUE = "Accept-Encoding";

    private AnswerEncoding() {
    }

    /** Whether {@code rendered} is answered with {@code Vary: Accept-Encoding}: long enough to be compressed. */
    static boolean varies(RenderedJson.Rendered rendered) {
        return rendered.json().length >= COMPRESS_FROM;
    }

    /** Whether {@code rendered} goes out gzipped to a request whose {@code Accept-Encoding} is {@code accepted}. */
    static boolean gzips(RenderedJson.Rendered rendered, String accepted) {
        return varies(rendered) && acceptsGzip(accepted);
    }

    /**
     * Whether an {@code Accept-Encoding} header (null: none) accepts gzip, as RFC 9110 §12.5.3 reads it: {@code gzip}
     * or {@code x-gzip} with a weight above 0, or else {@code *} with a weight above 0. Parsed by Jetty's
     * {@link QuotedQualityCSV}. (Javalin's own matcher took only the first encoding listed, so
     * {@code deflate, gzip, br} — curl's {@code --compressed} — was never compressed.)
     */
    static boolean acceptsGzip(String accepted) {
        if (accepted == null || accepted.isEmpty()) {
            return false;
        }
        if (accepted.equals(GZIP)) {
            return true;
        }
        QuotedQualityCSV codings = new QuotedQualityCSV();
        codings.addValue(accepted);
        Boolean any = null;
        for (QuotedQualityCSV.QualityValue coding : codings.getQualityValues()) {
            String name = coding.getValue();
            if (name.equalsIgnoreCase(GZIP) || name.equalsIgnoreCase("x-gzip")) {
                return coding.isAcceptable();
            }
            if (name.equals("*")) {
                any = coding.isAcceptable();
            }
        }
        return any != null && any;
    }

    /** {@code json} gzipped (the JDK's deflater at its default level, as Javalin's gzip). */
    static byte[] gzip(byte[] json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 8 * 1024)) {
            gzip.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }
}
