package dev.taleweaver.adapter.redis;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.taleweaver.application.port.out.CacheCodec.EntityJson;
import dev.taleweaver.domain.common.Text;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the entity member of a cache entry as bytes, without binding it to objects (ADR 13): one pass over the bytes
 * takes the entry only in the one form this service writes — {@code {"v":…,"entity":{…},"cached_at":"…","ttl":…}},
 * compact, nothing after it — checking the schema version, the entity's field names in the order its wire record
 * declares them with the value types their Java types write, its id against the key's, the closed sets and ranges
 * named below, that every string is in the one form Jackson writes (its escapes only, well-formed UTF-8, no raw
 * control characters), every text in the form the domain keeps it ({@link Text#isNormalised}: trimmed, NFC) and
 * every instant as {@code DateTimeFormatter.ISO_INSTANT} prints one kept to the microsecond. Those bytes are then
 * exactly what the HTTP API writes for the value the decode path would build. Anything else gives null, and the
 * caller decodes the entry as before.
 *
 * <p>Not checked here: the rules that make the domain refuse a value rather than change it — text lengths, the
 * characters a field allows, the number of list items. Only this service writes entries under its key prefix, after
 * the domain checked the value; what is checked is what tells an entry of another shape, version, key or writer
 * apart, and what the decode path would answer differently.
 *
 * <p>It is a hand-written scanner rather than Jackson's streaming parser because it accepts far less: one spelling
 * of one document, byte for byte, so each step is a comparison with what the writer must have put there. A parser
 * accepts every JSON document and then needs a second pass to tell the canonical ones apart; on an L1-off hit that
 * parse was 40 % of the repository's CPU (docs/benchmarks.md).
 */
final class EntityJsonShape {
    private static final byte[] HEAD = ascii("{\"v\":");
    private static final byte[] ENTITY = ascii(",\"entity\":{");
    private static final byte[] CACHED_AT = ascii(",\"cached_at\":");
    private static final byte[] TTL = ascii(",\"ttl\":");

    /** What one field's value must be. */
    interface Check {
        /** Whether the value at the scan's position is acceptable; moves the scan past it. */
        boolean accepts(Scan scan, String id);
    }

    /** The key's id, as text. */
    static final Check ID = (scan, id) -> scan.string() && scan.textEquals(id);

    /** A text in the writer's form and the domain's. */
    static final Check STRING = (scan, id) -> scan.string() && scan.textNormalised();

    /** An instant kept to the microsecond (as the domain keeps them), as Jackson's JavaTimeModule writes it. */
    static final Check INSTANT = (scan, id) -> scan.string() && scan.isoInstant(6);

    /** The envelope's {@code cached_at}: any instant Jackson writes, to the nanosecond. */
    private static final Check CACHED_AT_INSTANT = (scan, id) -> scan.string() && scan.isoInstant(9);

    /** A list of strings. */
    static final Check STRINGS = (scan, id) -> {
        if (!scan.take((byte) '[')) {
            return false;
        }
        if (scan.take((byte) ']')) {
            return true;
        }
        do {
            if (!STRING.accepts(scan, id)) {
                return false;
            }
        } while (scan.take((byte) ','));
        return scan.take((byte) ']');
    };

    /** A whole number from {@code min} to {@code max}. */
    static Check range(int min, int max) {
        return (scan, id) -> scan.integer() && scan.number >= min && scan.number <= max;
    }

    /** One of a closed set of strings. */
    static Check oneOf(Set<String> allowed) {
        TextSet set = new TextSet(allowed);
        return (scan, id) -> scan.string() && set.contains(scan);
    }

    private final byte[][] prefixes;
    private final Check[] checks;

    private EntityJsonShape(List<byte[]> prefixes, List<Check> checks) {
        this.prefixes = prefixes.toArray(new byte[0][]);
        this.checks = checks.toArray(new Check[0]);
    }

    /**
     * The shape of the entity JSON {@code wire} writes: its components in declaration order, named snake_case, each
     * checked by {@code special} when named there, else by its type (String, int, {@code List<String>}, Instant).
     *
     * @throws IllegalArgumentException for a component of another type without a special check
     */
    static EntityJsonShape of(Class<? extends Record> wire, Map<String, Check> special) {
        List<byte[]> prefixes = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        PropertyNamingStrategies.SnakeCaseStrategy snake = new PropertyNamingStrategies.SnakeCaseStrategy();
        for (RecordComponent component : wire.getRecordComponents()) {
            String name = snake.translate(component.getName());
            prefixes.add(ascii((prefixes.isEmpty() ? "" : ",") + '"' + name + "\":"));
            checks.add(special.containsKey(name) ? special.get(name) : byType(wire, component));
        }
        return new EntityJsonShape(prefixes, checks);
    }

    private static Check byType(Class<?> wire, RecordComponent component) {
        Type type = component.getGenericType();
        if (type == String.class) {
            return STRING;
        }
        if (type == int.class) {
            return range(Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        if (type == Instant.class) {
            return INSTANT;
        }
        if (type instanceof ParameterizedType list && list.getRawType() == List.class
                && list.getActualTypeArguments()[0] == String.class) {
            return STRINGS;
        }
        throw new IllegalArgumentException(wire.getSimpleName() + "." + component.getName() + " of type " + type
                + " has no entity-JSON check");
    }

    /**
     * The entity's bytes, or null (see the class comment).
     *
     * @param current     the schema version whose wire form this shape is
     * @param alsoUpcast  another version whose entity is written the same (its hits are upcast hits), or -1
     */
    EntityJson read(byte[] entry, String id, int current, int alsoUpcast) {
        Scan scan = new Scan(entry);
        if (!scan.take(HEAD) || !scan.integer()) {
            return null;
        }
        long version = scan.number;
        if (version != current && version != alsoUpcast) {
            return null;
        }
        if (!scan.take(ENTITY)) {
            return null;
        }
        int start = scan.at - 1;
        for (int i = 0; i < prefixes.length; i++) {
            if (!scan.take(prefixes[i]) || !checks[i].accepts(scan, id)) {
                return null;
            }
        }
        if (!scan.take((byte) '}')) {
            return null;
        }
        int end = scan.at;
        int fourByteChars = scan.fourByteChars;
        if (!scan.take(CACHED_AT) || !CACHED_AT_INSTANT.accepts(scan, id) || !scan.take(TTL) || !scan.integer()
                || !scan.take((byte) '}') || scan.at != entry.length) {
            return null;
        }
        return new EntityJson(asTheApiWritesIt(entry, start, end, fourByteChars), version == alsoUpcast);
    }

    /**
     * One pass over an entry: the position, and what the last string or number read was. Every method that reads
     * returns false, without a promise about the position, when the bytes there are not in the writer's form.
     */
    static final class Scan {
        private final byte[] bytes;
        private int at;
        /** The last string's characters are {@code bytes[textStart, textEnd)}, without its quotes. */
        private int textStart;
        private int textEnd;
        /** Whether the last string held an escape (so its bytes are not its characters). */
        private boolean escaped;
        /** Whether the last string held a character beyond ASCII. */
        private boolean beyondAscii;
        /** Where the last string's last character starts (its backslash, for an escape). */
        private int lastCharStart;
        /** The last number read. */
        private long number;
        /** Characters beyond U+FFFF read so far (four UTF-8 bytes each). */
        private int fourByteChars;

        Scan(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean take(byte expected) {
            if (at < bytes.length && bytes[at] == expected) {
                at++;
                return true;
            }
            return false;
        }

        boolean take(byte[] expected) {
            if (bytes.length - at < expected.length) {
                return false;
            }
            for (int i = 0; i < expected.length; i++) {
                if (bytes[at + i] != expected[i]) {
                    return false;
                }
            }
            at += expected.length;
            return true;
        }

        /**
         * A whole number as Jackson writes an int or a long: an optional minus, then 0 or digits without a leading
         * zero, at most 18 of them (so it cannot overflow), and no fraction or exponent after it.
         */
        boolean integer() {
            int i = at;
            boolean negative = i < bytes.length && bytes[i] == '-';
            if (negative) {
                i++;
            }
            int first = i;
            long value = 0;
            while (i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9') {
                value = value * 10 + (bytes[i] - '0');
                i++;
            }
            int count = i - first;
            if (count == 0 || count > 18 || (count > 1 && bytes[first] == '0') || (negative && value == 0)) {
                return false;
            }
            number = negative ? -value : value;
            at = i;
            return true;
        }

        /**
         * A string as Jackson's generator writes it: well-formed UTF-8 (no overlong forms, no encoded surrogates,
         * nothing past U+10FFFF), no raw control characters, and of escapes only {@code \" \\ \b \f \n \r \t} and
         * <code>&#92;u00XX</code> in upper case for the other control characters.
         */
        boolean string() {
            byte[] b = bytes;
            if (at >= b.length || b[at] != '"') {
                return false;
            }
            int i = at + 1;
            int last = i; // where the character before i starts
            boolean sawEscape = false;
            boolean sawBeyondAscii = false;
            while (i < b.length) {
                byte c = b[i];
                if (c >= 0x20 && c != '"' && c != '\\') { // printable ASCII, the common case: one compare more
                    last = i++;
                } else if (c == '"') {
                    textStart = at + 1;
                    textEnd = i;
                    lastCharStart = last;
                    escaped = sawEscape;
                    beyondAscii = sawBeyondAscii;
                    at = i + 1;
                    return true;
                } else if (c == '\\') {
                    int length = escapeLength(b, i + 1);
                    if (length < 0) {
                        return false;
                    }
                    sawEscape = true;
                    last = i;
                    i += 1 + length;
                } else if (c >= 0) {
                    return false; // a raw control character
                } else {
                    int length = utf8Length(b, i);
                    if (length < 0) {
                        return false;
                    }
                    if (length == 4) {
                        fourByteChars++;
                    }
                    sawBeyondAscii = true;
                    last = i;
                    i += length;
                }
            }
            return false;
        }

        /** Whether the last string is exactly {@code text} (an escape never is: ids have none). */
        boolean textEquals(String text) {
            int length = textEnd - textStart;
            if (escaped || length != text.length()) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                if (c >= 0x80 || bytes[textStart + i] != c) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Whether the last string is an instant as {@code DateTimeFormatter.ISO_INSTANT} prints it for years
         * 0000–9999: {@code yyyy-MM-ddTHH:mm:ssZ} with 0, 3, 6 or 9 fractional digits (at most {@code maxFraction}),
         * the fewest that hold the nanoseconds, and fields in their ranges (the day of the month up to 31: the
         * calendar is the decode path's business).
         */
        boolean isoInstant(int maxFraction) {
            return !escaped && EntityJsonShape.isoInstant(bytes, textStart, textEnd - textStart, maxFraction);
        }

        /**
         * Whether the last string is text as the domain keeps it ({@link Text#isNormalised}). ASCII is decided on
         * the bytes: nothing to normalise, so neither end may be a space or an escaped control character (escaped
         * quotes and backslashes are visible); text beyond ASCII is decoded and asked of the domain.
         */
        boolean textNormalised() {
            if (textStart == textEnd) {
                return true;
            }
            if (beyondAscii) {
                return Text.isNormalised(text());
            }
            return visibleAsciiAt(textStart) && visibleAsciiAt(lastCharStart);
        }

        private boolean visibleAsciiAt(int i) {
            byte b = bytes[i];
            if (b == '\\') {
                return bytes[i + 1] == '"' || bytes[i + 1] == '\\';
            }
            return b > ' ' && b < 0x7F;
        }

        /** The last string's characters (its escapes are the canonical ones {@link #string} let through). */
        private String text() {
            if (!escaped) {
                return new String(bytes, textStart, textEnd - textStart, StandardCharsets.UTF_8);
            }
            StringBuilder text = new StringBuilder(textEnd - textStart);
            int from = textStart;
            for (int i = textStart; i < textEnd; i++) {
                if (bytes[i] != '\\') {
                    continue;
                }
                text.append(new String(bytes, from, i - from, StandardCharsets.UTF_8));
                byte kind = bytes[i + 1];
                text.append(switch (kind) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> (char) ((bytes[i + 4] - '0') * 16 + hexUpper(bytes[i + 5]));
                    default -> (char) kind; // a quote or a backslash
                });
                i += kind == 'u' ? 5 : 1;
                from = i + 1;
            }
            return text.append(new String(bytes, from, textEnd - from, StandardCharsets.UTF_8)).toString();
        }
    }

    /** A closed set of strings, looked up by a string's bytes without making a String of them. */
    private static final class TextSet {
        /** The members of up to eight ASCII characters, each as {@link #key}, sorted. */
        private final long[] shortKeys;
        /** The other members' UTF-8 bytes. */
        private final byte[][] others;

        TextSet(Set<String> members) {
            List<Long> keys = new ArrayList<>();
            List<byte[]> rest = new ArrayList<>();
            for (String member : members) {
                byte[] utf8 = member.getBytes(StandardCharsets.UTF_8);
                long key = key(utf8, 0, utf8.length);
                if (key >= 0) {
                    keys.add(key);
                } else {
                    rest.add(utf8);
                }
            }
            this.shortKeys = keys.stream().mapToLong(Long::longValue).sorted().toArray();
            this.others = rest.toArray(new byte[0][]);
        }

        boolean contains(Scan scan) {
            if (scan.escaped) {
                return false; // no member needs an escape
            }
            long key = key(scan.bytes, scan.textStart, scan.textEnd);
            if (key >= 0) {
                return Arrays.binarySearch(shortKeys, key) >= 0;
            }
            for (byte[] other : others) {
                if (Arrays.equals(other, 0, other.length, scan.bytes, scan.textStart, scan.textEnd)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Up to eight ASCII bytes as one number, seven bits each under a leading one (so lengths differ), or -1 for
         * longer or other text.
         */
        private static long key(byte[] bytes, int from, int to) {
            if (to - from > 8) {
                return -1;
            }
            long key = 1;
            for (int i = from; i < to; i++) {
                if (bytes[i] < 0) {
                    return -1;
                }
                key = key << 7 | bytes[i];
            }
            return key;
        }
    }

    /**
     * A copy of {@code bytes[start, end)} as the API's generator writes the same value: Jackson's UTF-8 generator
     * (the HTTP answer) escapes a character beyond U+FFFF as its surrogate pair,
     * <code>&#92;uD83D&#92;uDE00</code>, where its
     * text generator (the cache entry, written as a string) writes the character's four UTF-8 bytes. Everything else
     * is the same byte for byte, so without such characters ({@code fourByteChars}, counted by the scan) this is a
     * plain copy.
     */
    static byte[] asTheApiWritesIt(byte[] bytes, int start, int end, int fourByteChars) {
        if (fourByteChars == 0) {
            return Arrays.copyOfRange(bytes, start, end);
        }
        byte[] out = new byte[end - start + fourByteChars * (ESCAPED_PAIR - 4)];
        int o = 0;
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if ((b & 0xF8) != 0xF0) {
                out[o++] = b;
                continue;
            }
            int codePoint = (b & 0x07) << 18 | (bytes[i + 1] & 0x3F) << 12 | (bytes[i + 2] & 0x3F) << 6
                    | (bytes[i + 3] & 0x3F);
            o = escape(out, o, Character.highSurrogate(codePoint));
            o = escape(out, o, Character.lowSurrogate(codePoint));
            i += 3;
        }
        return out;
    }

    /** Bytes of a character beyond U+FFFF as the API writes it: two escapes of six bytes. */
    private static final int ESCAPED_PAIR = 12;
    private static final byte[] HEX = ascii("0123456789ABCDEF");

    private static int escape(byte[] out, int o, char c) {
        out[o++] = '\\';
        out[o++] = 'u';
        out[o++] = HEX[c >> 12 & 0xF];
        out[o++] = HEX[c >> 8 & 0xF];
        out[o++] = HEX[c >> 4 & 0xF];
        out[o++] = HEX[c & 0xF];
        return o;
    }

    /** Bytes after the backslash at {@code at - 1} of an escape Jackson writes, or -1 for any other. */
    private static int escapeLength(byte[] bytes, int at) {
        if (at >= bytes.length) {
            return -1;
        }
        switch (bytes[at]) {
            case '"', '\\', 'b', 'f', 'n', 'r', 't':
                return 1;
            case 'u':
                if (at + 4 >= bytes.length || bytes[at + 1] != '0' || bytes[at + 2] != '0') {
                    return -1;
                }
                int high = bytes[at + 3];
                int low = hexUpper(bytes[at + 4]);
                if ((high != '0' && high != '1') || low < 0) {
                    return -1;
                }
                int c = (high - '0') * 16 + low;
                boolean shortForm = c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t';
                return shortForm ? -1 : 5;
            default:
                return -1;
        }
    }

    private static int hexUpper(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        return b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
    }

    /**
     * The length of the well-formed UTF-8 sequence of two to four bytes at {@code at}, or -1: a stray continuation
     * byte, an overlong form, an encoded surrogate, a character past U+10FFFF or a sequence cut short.
     */
    static int utf8Length(byte[] bytes, int at) {
        int lead = bytes[at] & 0xFF;
        int length;
        int low = 0x80;
        int high = 0xBF; // the second byte's range; later ones are always 0x80–0xBF
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                low = 0xA0; // overlong
            } else if (lead == 0xED) {
                high = 0x9F; // a surrogate
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                low = 0x90; // overlong
            } else if (lead == 0xF4) {
                high = 0x8F; // past U+10FFFF
            }
        } else {
            return -1;
        }
        if (bytes.length - at < length) {
            return -1;
        }
        int second = bytes[at + 1] & 0xFF;
        if (second < low || second > high) {
            return -1;
        }
        for (int i = 2; i < length; i++) {
            int next = bytes[at + i] & 0xFF;
            if (next < 0x80 || next > 0xBF) {
                return -1;
            }
        }
        return length;
    }

    /** See {@link Scan#isoInstant}: the text is {@code b[o, o + length)}. */
    static boolean isoInstant(byte[] b, int o, int length, int maxFraction) {
        if (length < 20 || length > 30 || b[o + length - 1] != 'Z') {
            return false;
        }
        if (b[o + 4] != '-' || b[o + 7] != '-' || b[o + 10] != 'T' || b[o + 13] != ':' || b[o + 16] != ':') {
            return false;
        }
        int year = digits(b, o, 4);
        int month = digits(b, o + 5, 2);
        int day = digits(b, o + 8, 2);
        int hour = digits(b, o + 11, 2);
        int minute = digits(b, o + 14, 2);
        int second = digits(b, o + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int fraction = length - 20; // digits after the point, plus the point itself
        if (fraction == 0) {
            return true;
        }
        int count = fraction - 1;
        if (b[o + 19] != '.' || (count != 3 && count != 6 && count != 9) || count > maxFraction
                || digits(b, o + 20, count) < 0) {
            return false;
        }
        // the last group of three must not be 000, or fewer digits would have been printed
        return b[o + 17 + fraction] != '0' || b[o + 18 + fraction] != '0' || b[o + 16 + fraction] != '0';
    }

    /** The decimal value of {@code count} digits at {@code from}, or -1 if any is no digit. */
    private static int digits(byte[] b, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
