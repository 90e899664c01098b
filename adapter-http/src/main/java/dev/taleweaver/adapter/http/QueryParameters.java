package dev.taleweaver.adapter.http;

import dev.taleweaver.domain.common.Text;
import io.javalin.http.Context;

import dev.taleweaver.domain.paging.PageRequest;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of a request, decoded strictly: the one place query parameters are read and judged.
 *
 * <p>Parameters are {@code name=value} pairs joined by {@code &}, form-encoded: {@code +} is a space and
 * {@code %XX} a byte, and the bytes must be UTF-8. A parameter whose name or value breaks that is a problem under
 * its name (its raw name, clipped, when the name itself is broken) — never silently dropped, which turned
 * {@code ?child_id=X%} into the unfiltered list (Javalin's own decoding drops such parameters). A filter given twice
 * is a problem too ({@link #single}), rather than one of the two winning unseen.
 *
 * <p>Size needs no bound of its own: the query string is part of the request line, which Jetty limits, and the
 * problems go to an {@link InputCheck}, which lists at most 20.
 */
final class QueryParameters {
    /** Names a problem with a parameter that has no name ({@code ?=x}). */
    static final String UNNAMED = "(unnamed parameter)";

    private static final String MALFORMED = "must be percent-encoded UTF-8: each % followed by two hexadecimal "
            + "digits, the bytes a valid UTF-8 sequence";

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** The request's query parameters; problems with their encoding go to {@code check}. */
    static QueryParameters read(Context ctx, InputCheck check) {
        return parse(ctx.queryString(), check);
    }

    /** {@code rawQuery} as it came in the request line (null or empty for none). */
    static QueryParameters parse(String rawQuery, InputCheck check) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParameters(values);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String rawValue = equals < 0 ? "" : pair.substring(equals + 1);
            String name = decode(rawName);
            String field = field(name == null ? rawName : name);
            String value = decode(rawValue);
            if (name == null || value == null) {
                check.add(field, MALFORMED + " (got " + Text.quoted(name == null ? rawName : rawValue) + ")");
            } else {
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new QueryParameters(values);
    }

    /** The value of a parameter that may be given once, or null when absent; given more often is a problem. */
    String single(String name, InputCheck check) {
        List<String> given = values.get(name);
        if (given == null) {
            return null;
        }
        if (given.size() > 1) {
            check.add(name, "must be given at most once (got it " + given.size() + " times)");
        }
        return given.get(0);
    }

    /** Reports every parameter not in {@code known} under its name: a misspelt filter must not return everything. */
    void allowOnly(Set<String> known, InputCheck check) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                check.add(field(name), "is not a parameter of this list (known: " + String.join(", ", new TreeSet<>(known))
                        + ")");
            }
        }
    }

    /**
     * {@code limit}: a whole number from 1 to {@link PageRequest#MAX_LIMIT}, {@link PageRequest#DEFAULT_LIMIT} when
     * absent; anything else is a problem under {@code limit} (and the default is returned).
     */
    int limit(InputCheck check) {
        String raw = single("limit", check);
        if (raw == null) {
            return PageRequest.DEFAULT_LIMIT;
        }
        int limit = -1;
        if (!raw.isEmpty() && raw.length() <= 4 && raw.chars().allMatch(c -> c >= '0' && c <= '9')) {
            limit = Integer.parseInt(raw);
        }
        if (limit < 1 || limit > PageRequest.MAX_LIMIT) {
            check.add("limit", "must be a whole number from 1 to " + PageRequest.MAX_LIMIT + " (got "
                    + Text.quoted(Text.clip(raw, JsonPaths.NAME_MAX)) + ")");
            return PageRequest.DEFAULT_LIMIT;
        }
        return limit;
    }

    /**
     * {@code path} with this query, {@code name} set to {@code value} (replacing what it held), form-encoded: the
     * link to the next page keeps the client's filters and limit.
     */
    String link(String path, String name, String value) {
        StringBuilder link = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, List<String>> parameter : values.entrySet()) {
            if (parameter.getKey().equals(name)) {
                continue;
            }
            for (String given : parameter.getValue()) {
                link.append(separator).append(encode(parameter.getKey())).append('=').append(encode(given));
                separator = '&';
            }
        }
        return link.append(separator).append(encode(name)).append('=').append(encode(value)).toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String field(String name) {
        return name.isBlank() ? UNNAMED : Text.clip(name, JsonPaths.NAME_MAX);
    }

    /** {@code raw} form-decoded as UTF-8, or null when a {@code %} escape or the bytes it makes are malformed. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        StringBuilder text = new StringBuilder(raw.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = hex(raw, i + 1);
                int low = hex(raw, i + 2);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                if (!appendUtf8(bytes, text)) {
                    return null;
                }
                text.append(c == '+' ? ' ' : c);
            }
        }
        return appendUtf8(bytes, text) ? text.toString() : null;
    }

    /** Appends the pending bytes decoded as UTF-8 and clears them; false when they are not UTF-8. */
    private static boolean appendUtf8(ByteArrayOutputStream bytes, StringBuilder text) {
        if (bytes.size() == 0) {
            return true;
        }
        CharBuffer decoded = StrictUtf8.decode(ByteBuffer.wrap(bytes.toByteArray()));
        bytes.reset();
        if (decoded == null) {
            return false;
        }
        text.append(decoded);
        return true;
    }

    /** The value of an ASCII hexadecimal digit, or -1 (Character.digit would take any script's digits). */
    private static int hex(String raw, int at) {
        if (at >= raw.length()) {
            return -1;
        }
        char c = raw.charAt(at);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
