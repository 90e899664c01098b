package dev.taleweaver.bootstrap.logging;

/**
 * Makes text safe for a line-oriented log: CR and LF become {@code \r} and {@code \n}, every other control character
 * (C0 but tab, DEL, C1) and the Unicode line and paragraph separators become {@code \}{@code uXXXX}. Whatever a client
 * put in a value that reaches a message, it cannot start a line of its own, so it cannot forge a log record.
 */
public final class LogText {
    private LogText() {
    }

    /** {@code text} with line breaks and control characters escaped; the same instance when it has none. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (unsafe(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean unsafe(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';
    }
}
