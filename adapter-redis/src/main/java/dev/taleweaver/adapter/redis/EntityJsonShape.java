package dev.taleweaver.adapter.redis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.taleweaver.application.port.out.CacheCodec.EntityJson;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the entity member of a cache entry as bytes, without binding it to objects (ADR 13): a Jackson streaming
 * parser walks the entry as this service writes it — {@code {"v":…,"entity":{…},"cached_at":"…","ttl":…}}, nothing
 * after it — checking the schema version, the entity's field names in the order its wire record declares them with
 * the token types their Java types write, its id against the key's, the closed sets and ranges named below, and that
 * the entity's bytes are in the one form Jackson writes (compact, its escapes only, well-formed UTF-8, instants as
 * {@code DateTimeFormatter.ISO_INSTANT} prints them). Those bytes are then exactly what the HTTP API writes for the
 * decoded value. Anything else gives null, and the caller decodes the entry as before.
 *
 * <p>Not checked here (the domain's constructor checks them on the decode path): text lengths, the characters a
 * field allows, the number of list items. Only this service writes entries under its key prefix, after the domain
 * checked the value; what is checked is what tells an entry of another shape, version, key or writer apart.
 */
final class EntityJsonShape {
    private static final SerializedString V = new SerializedString("v");
    private static final SerializedString ENTITY = new SerializedString("entity");
    private static final SerializedString CACHED_AT = new SerializedString("cached_at");
    private static final SerializedString TTL = new SerializedString("ttl");

    /** What one field's value must be. */
    interface Check {
        /** Whether the parser, just past the field's name, holds an acceptable value; reads through its end. */
        boolean accepts(JsonParser parser, String id) throws IOException;
    }

    /** The key's id, as text. */
    static final Check ID = (parser, id) -> parser.nextToken() == JsonToken.VALUE_STRING && sameText(parser, id);

    /** Any string (decoded, so its UTF-8 is checked). */
    static final Check STRING = (parser, id) -> parser.nextToken() == JsonToken.VALUE_STRING
            && parser.getTextLength() >= 0;

    /** An instant as Jackson's JavaTimeModule writes it. */
    static final Check INSTANT = (parser, id) -> parser.nextToken() == JsonToken.VALUE_STRING
            && isoInstant(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());

    /** A list of strings. */
    static final Check STRINGS = (parser, id) -> {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            return false;
        }
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
            parser.getTextLength();
        }
        return token == JsonToken.END_ARRAY;
    };

    /** A whole number from {@code min} to {@code max}. */
    static Check range(int min, int max) {
        return (parser, id) -> parser.nextToken() == JsonToken.VALUE_NUMBER_INT
                && parser.getNumberType() == JsonParser.NumberType.INT
                && parser.getIntValue() >= min && parser.getIntValue() <= max;
    }

    /** One of a closed set of strings. */
    static Check oneOf(Set<String> allowed) {
        Set<String> copy = Set.copyOf(allowed);
        return (parser, id) -> parser.nextToken() == JsonToken.VALUE_STRING && copy.contains(parser.getText());
    }

    private final JsonFactory factory;
    private final SerializedString[] names;
    private final Check[] checks;

    private EntityJsonShape(JsonFactory factory, List<SerializedString> names, List<Check> checks) {
        this.factory = factory;
        this.names = names.toArray(new SerializedString[0]);
        this.checks = checks.toArray(new Check[0]);
    }

    /**
     * The shape of the entity JSON {@code wire} writes: its components in declaration order, named snake_case, each
     * checked by {@code special} when named there, else by its type (String, int, {@code List<String>}, Instant).
     *
     * @throws IllegalArgumentException for a component of another type without a special check
     */
    static EntityJsonShape of(JsonFactory factory, Class<? extends Record> wire, Map<String, Check> special) {
        List<SerializedString> names = new ArrayList<>();
        List<Check> checks = new ArrayList<>();
        PropertyNamingStrategies.SnakeCaseStrategy snake = new PropertyNamingStrategies.SnakeCaseStrategy();
        for (RecordComponent component : wire.getRecordComponents()) {
            String name = snake.translate(component.getName());
            names.add(new SerializedString(name));
            checks.add(special.containsKey(name) ? special.get(name) : byType(wire, component));
        }
        return new EntityJsonShape(factory, names, checks);
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
        try (JsonParser parser = factory.createParser(entry)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || !parser.nextFieldName(V)
                    || parser.nextToken() != JsonToken.VALUE_NUMBER_INT
                    || parser.getNumberType() != JsonParser.NumberType.INT) {
                return null;
            }
            int version = parser.getIntValue();
            if (version != current && version != alsoUpcast) {
                return null;
            }
            if (!parser.nextFieldName(ENTITY) || parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            long start = parser.currentTokenLocation().getByteOffset();
            for (int i = 0; i < names.length; i++) {
                if (!parser.nextFieldName(names[i]) || !checks[i].accepts(parser, id)) {
                    return null;
                }
            }
            if (parser.nextToken() != JsonToken.END_OBJECT) {
                return null;
            }
            long end = parser.currentTokenLocation().getByteOffset() + 1;
            if (!parser.nextFieldName(CACHED_AT) || !INSTANT.accepts(parser, id)
                    || !parser.nextFieldName(TTL) || parser.nextToken() != JsonToken.VALUE_NUMBER_INT
                    || parser.nextToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
            if (start < 0 || end > entry.length || !canonical(entry, (int) start, (int) end)) {
                return null;
            }
            return new EntityJson(asTheApiWritesIt(entry, (int) start, (int) end), version == alsoUpcast);
        } catch (IOException | RuntimeException e) {
            return null; // not even JSON of our shape: the decode path says what is wrong and heals it
        }
    }

    /**
     * A copy of {@code bytes[start, end)} as the API's generator writes the same value: Jackson's UTF-8 generator
     * (the HTTP answer) escapes a character beyond U+FFFF as its surrogate pair,
     * <code>&#92;uD83D&#92;uDE00</code>, where its
     * text generator (the cache entry, written as a string) writes the character's four UTF-8 bytes. Everything else
     * is the same byte for byte, so without such characters this is a plain copy.
     */
    static byte[] asTheApiWritesIt(byte[] bytes, int start, int end) {
        int fourByteChars = 0;
        for (int i = start; i < end; i++) {
            if ((bytes[i] & 0xF8) == 0xF0) {
                fourByteChars++;
            }
        }
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
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static int escape(byte[] out, int o, char c) {
        out[o++] = '\\';
        out[o++] = 'u';
        out[o++] = HEX[c >> 12 & 0xF];
        out[o++] = HEX[c >> 8 & 0xF];
        out[o++] = HEX[c >> 4 & 0xF];
        out[o++] = HEX[c & 0xF];
        return o;
    }

    private static boolean sameText(JsonParser parser, String expected) throws IOException {
        int length = parser.getTextLength();
        if (length != expected.length()) {
            return false;
        }
        char[] chars = parser.getTextCharacters();
        int offset = parser.getTextOffset();
        for (int i = 0; i < length; i++) {
            if (chars[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code bytes[start, end)}, one JSON value the parser accepted, is in the form Jackson's generator writes:
     * no whitespace between tokens, inside strings only the escapes it writes ({@code \" \\ \b \f \n \r \t} and
     * <code>&#92;u00XX</code> in upper case for the other control characters) and well-formed UTF-8 (no overlong
     * forms, no
     * encoded surrogates, nothing past U+10FFFF; the parser checks continuation bytes).
     */
    static boolean canonical(byte[] bytes, int start, int end) {
        boolean inString = false;
        for (int i = start; i < end; i++) {
            int b = bytes[i] & 0xFF;
            if (!inString) {
                if (b == '"') {
                    inString = true;
                } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                    return false;
                }
            } else if (b == '"') {
                inString = false;
            } else if (b == '\\') {
                int skip = escapeLength(bytes, i + 1, end);
                if (skip < 0) {
                    return false;
                }
                i += skip;
            } else if (b >= 0x80 && !wellFormedLead(b, i + 1 < end ? bytes[i + 1] & 0xFF : -1)) {
                return false;
            }
        }
        return !inString;
    }

    /** Bytes after the backslash at {@code at - 1} of an escape Jackson writes, or -1 for any other. */
    private static int escapeLength(byte[] bytes, int at, int end) {
        if (at >= end) {
            return -1;
        }
        switch (bytes[at]) {
            case '"', '\\', 'b', 'f', 'n', 'r', 't':
                return 1;
            case 'u':
                if (at + 4 >= end || bytes[at + 1] != '0' || bytes[at + 2] != '0') {
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

    /** A lead byte and the byte after it that start a well-formed UTF-8 sequence; continuation bytes pass. */
    private static boolean wellFormedLead(int lead, int next) {
        if (lead < 0xC0) {
            return true; // a continuation byte, checked by the parser against its lead
        }
        if (lead < 0xC2 || lead > 0xF4) {
            return false; // overlong two-byte forms, or past U+10FFFF
        }
        return switch (lead) {
            case 0xE0 -> next >= 0xA0; // overlong three-byte
            case 0xED -> next < 0xA0; // a surrogate
            case 0xF0 -> next >= 0x90; // overlong four-byte
            case 0xF4 -> next < 0x90; // past U+10FFFF
            default -> true;
        };
    }

    /**
     * Whether the text is an instant as {@code DateTimeFormatter.ISO_INSTANT} prints it for years 0000–9999:
     * {@code yyyy-MM-ddTHH:mm:ssZ} with 0, 3, 6 or 9 fractional digits, the fewest that hold the nanoseconds, and
     * fields in their ranges (the day of the month up to 31: the calendar is the decode path's business).
     */
    static boolean isoInstant(char[] c, int o, int length) {
        if (length < 20 || length > 30 || c[o + length - 1] != 'Z') {
            return false;
        }
        if (c[o + 4] != '-' || c[o + 7] != '-' || c[o + 10] != 'T' || c[o + 13] != ':' || c[o + 16] != ':') {
            return false;
        }
        int year = digits(c, o, 4);
        int month = digits(c, o + 5, 2);
        int day = digits(c, o + 8, 2);
        int hour = digits(c, o + 11, 2);
        int minute = digits(c, o + 14, 2);
        int second = digits(c, o + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return false;
        }
        int fraction = length - 20; // digits after the point, plus the point itself
        if (fraction == 0) {
            return true;
        }
        int count = fraction - 1;
        if (c[o + 19] != '.' || (count != 3 && count != 6 && count != 9) || digits(c, o + 20, count) < 0) {
            return false;
        }
        // the last group of three must not be 000, or fewer digits would have been printed
        return c[o + 17 + fraction] != '0' || c[o + 18 + fraction] != '0' || c[o + 16 + fraction] != '0';
    }

    /** The decimal value of {@code count} digits at {@code from}, or -1 if any is no digit. */
    private static int digits(char[] c, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            if (c[i] < '0' || c[i] > '9') {
                return -1;
            }
            value = value * 10 + (c[i] - '0');
        }
        return value;
    }
}
