package dev.taleweaver.adapter.redis;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the cache's timestamps ({@code 2024-01-15T10:30:00.123456Z}: UTC, {@code Z}, 0–9 fraction digits) without
 * {@link java.time.format.DateTimeFormatter}: on JDK 17 every {@code ISO_INSTANT} parse builds a new formatter, which
 * the profile showed as the largest single cost of decoding a cached hero. Anything else (an offset, a leap second,
 * a malformed text) goes to jsr310's own {@link InstantDeserializer#INSTANT}, so accepted input and error messages
 * are exactly Jackson's.
 */
final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;
    private static final JsonDeserializer<Instant> FALLBACK = InstantDeserializer.INSTANT;

    UtcInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant parsed = parseUtc(parser.getText());
            if (parsed != null) {
                return parsed;
            }
        }
        return FALLBACK.deserialize(parser, context);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z}, or null when the text is not exactly that. */
    static Instant parseUtc(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-'
                || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1) {
                return null;
            }
            int fraction = digits(text, 20, fractionDigits);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        } else if (length != 20) {
            return null;
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null; // e.g. 2023-02-30: the fallback reports it as Jackson does
        }
    }

    /** The decimal number of {@code count} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
