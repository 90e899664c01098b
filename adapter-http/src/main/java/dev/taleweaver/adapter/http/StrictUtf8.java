package dev.taleweaver.adapter.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 decoding that refuses what is not UTF-8 (a stray byte, a truncated sequence, an encoded surrogate) instead of
 * replacing it with U+FFFD as {@code new String(bytes, UTF_8)} does: clients' bodies and query strings.
 */
final class StrictUtf8 {
    private StrictUtf8() {
    }

    /**
     * The text {@code in} holds, ready to read; or null when it is not UTF-8, with {@code in}'s position at the first
     * byte that is not.
     */
    static CharBuffer decode(ByteBuffer in) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(in.remaining()); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        return result.isError() ? null : out.flip();
    }
}
