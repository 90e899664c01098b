package dev.taleweaver.domain.common;

import java.text.Normalizer;

/**
 * The rules every text field of Hero, Child and Story follows, and the one way messages echo a client's value.
 *
 * <ul>
 *   <li>Text must be valid Unicode: an unpaired surrogate ({@code "a\ud800b"}) is refused, never stored as
 *       {@code a?b}.</li>
 *   <li>Control characters (C0 U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F) are refused, and so are the line and
 *       paragraph separators U+2028/U+2029 — except that {@link Lines#MULTI multi-line} fields (story content and
 *       hero appearance, the two descriptions) allow tab, line feed and carriage return, and the two
 *       separators.</li>
 *   <li>Text is stored in Unicode normalisation form C (NFC), and its length is counted in characters (code points)
 *       after normalising and trimming, so {@code e} + combining accent counts as the one character {@code é}.</li>
 *   <li>Spaces of every kind (including no-break spaces) and zero-width spaces, word joiners and byte-order marks
 *       are trimmed from both ends; inside the text they are kept.</li>
 *   <li>A text made only of spaces and {@link #isInvisible invisible} characters counts as empty (so a required name
 *       of only U+200B is refused as empty).</li>
 * </ul>
 * Every check is one linear pass; normalising runs only when a character at or above U+0300 (where combining marks
 * begin) is present, so ASCII and Latin-1 text pays for the scan alone.
 */
public final class Text {
    /** How many characters (code points) of a client's value a message may echo. */
    public static final int ECHO_MAX = 20;

    /** Stands in for a character a message must not echo (a control character or an unpaired surrogate). */
    private static final char REPLACEMENT = '\ufffd';

    /** Below this character nothing can change under NFC (combining marks start at U+0300). */
    private static final char FIRST_COMBINING = '\u0300';

    /** Whether a field may span several lines. */
    public enum Lines {
        /** Names, titles, list items: one line, no control characters at all. */
        SINGLE,
        /** Prose (story content, hero appearance): tab, line feed, carriage return and U+2028/U+2029 allowed. */
        MULTI
    }

    private Text() {
    }

    /**
     * What is wrong with {@code value} for a field of kind {@code lines} (an unpaired surrogate or a forbidden
     * control character, naming it and its 1-based position), or null when it is acceptable text.
     */
    static String problem(String value, Lines lines) {
        int position = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            position++;
            if (isPairAt(value, i)) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must be valid Unicode text; found an unpaired surrogate " + codePoint(c) + " at character "
                        + position;
            } else if (!allowed(c, lines)) {
                return (lines == Lines.MULTI
                        ? "must not contain control characters other than tab, line feed and carriage return"
                        : "must be one line without control characters")
                        + "; found " + codePoint(c) + " at character " + position;
            }
        }
        return null;
    }

    /** NFC, then trimmed; empty when nothing visible is left. Call only on text {@link #problem} accepted. */
    static String normalise(String value) {
        String nfc = value;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= FIRST_COMBINING) {
                if (!Normalizer.isNormalized(value, Normalizer.Form.NFC)) {
                    nfc = Normalizer.normalize(value, Normalizer.Form.NFC);
                }
                break;
            }
        }
        String trimmed = trim(nfc);
        return hasVisible(trimmed) ? trimmed : "";
    }

    /**
     * Whether {@code value} is already in the form the domain keeps text in (NFC, trimmed, not invisible only), so
     * that a value built from it holds it unchanged. For readers that take stored text without building the value
     * (a cache hit served as bytes, ADR 13): the value's own checks still run on every other path.
     */
    public static boolean isNormalised(String value) {
        return normalise(value).equals(value);
    }

    /** Length in characters (code points), as the limits count it. */
    static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /**
     * A client's value as a message may show it: quoted, at most {@link #ECHO_MAX} characters (then "…"), control
     * characters and unpaired surrogates replaced by U+FFFD so a message can never break a log line; "null" for null.
     */
    public static String quoted(String value) {
        return value == null ? "null" : '"' + clip(value, ECHO_MAX) + '"';
    }

    /**
     * At most {@code max} characters (code points) of {@code value}, then "…" if there was more; control characters
     * and unpaired surrogates replaced by U+FFFD. Never splits a surrogate pair.
     */
    public static String clip(String value, int max) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), 2 * max + 1));
        int kept = 0;
        for (int i = 0; i < value.length(); i++) {
            if (kept == max) {
                return out.append('…').toString();
            }
            char c = value.charAt(i);
            if (isPairAt(value, i)) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c) || Character.isISOControl(c) || isLineSeparator(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
            kept++;
        }
        return out.toString();
    }

    /**
     * Whether a character shows nothing by itself: any space or blank (including no-break spaces), format characters
     * (zero-width space and joiners, word joiner, byte-order mark, direction marks, soft hyphen, tags), the allowed
     * control characters, variation selectors, the combining grapheme joiner, and the blank "letters" often used to
     * fake an empty name (Hangul fillers, braille blank).
     */
    static boolean isInvisible(int cp) {
        if (isSpace(cp) || Character.isISOControl(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT
                || cp == 0x034F // combining grapheme joiner
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 // Hangul fillers
                || cp == 0x2800 // braille pattern blank
                || (cp >= 0x180B && cp <= 0x180F) // Mongolian variation selectors and vowel separator
                || (cp >= 0xFE00 && cp <= 0xFE0F) // variation selectors
                || (cp >= 0xE0100 && cp <= 0xE01EF); // variation selectors supplement
    }

    private static boolean isPairAt(String value, int i) {
        return Character.isHighSurrogate(value.charAt(i)) && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1));
    }

    private static boolean allowed(char c, Lines lines) {
        boolean lineBreak = c == '\n' || c == '\r' || c == '\t' || isLineSeparator(c);
        if (lineBreak) {
            return lines == Lines.MULTI;
        }
        return !Character.isISOControl(c);
    }

    private static boolean isLineSeparator(char c) {
        return c == '\u2028' || c == '\u2029';
    }

    /** Whitespace and space separators: {@link String#strip} misses the no-break spaces U+00A0, U+2007, U+202F. */
    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    /** Trimmed at both ends: spaces, and the zero-width space, word joiner and byte-order mark. */
    private static boolean isTrimmed(int cp) {
        return isSpace(cp) || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
    }

    private static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isTrimmed(value.codePointAt(start))) {
            start += Character.charCount(value.codePointAt(start));
        }
        while (end > start && isTrimmed(value.codePointBefore(end))) {
            end -= Character.charCount(value.codePointBefore(end));
        }
        return value.substring(start, end);
    }

    private static boolean hasVisible(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (!isInvisible(cp)) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private static String codePoint(char c) {
        return String.format("U+%04X", (int) c);
    }
}
