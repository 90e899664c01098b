package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.util.TokenBufferReadContext;
import dev.taleweaver.domain.common.Text;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/**
 * Names a place in a request body as the domain names fields in violations: {@code name}, {@code interests[2]}.
 * A client's field names are clipped to {@link #NAME_MAX} characters (control characters replaced), so a path stays
 * small whatever names a body uses; depth is bounded by {@link JsonMapping#MAX_NESTING_DEPTH}.
 */
final class JsonPaths {
    /** Longest field name a path shows, in characters; longer client-supplied names are clipped. */
    static final int NAME_MAX = 32;

    private JsonPaths() {
    }

    static String of(JsonStreamContext context) {
        Deque<String> segments = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                segments.push("." + name(c.getCurrentName()));
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                segments.push("[" + c.getCurrentIndex() + "]");
            }
        }
        return join(segments);
    }

    /**
     * The path of the field whose value {@code p} is at. When that value is an array or an object, the parser's
     * context is already the value's own, so the field is named by its parent.
     */
    static String ofField(JsonParser p) {
        return ofField(p.getParsingContext(), p.isExpectedStartArrayToken() || p.isExpectedStartObjectToken());
    }

    /** {@link #ofField(JsonParser)} for a parser at {@code context}, at the start of an array or object or not. */
    static String ofField(JsonStreamContext context, boolean atContainer) {
        return of(atContainer && context.getParent() != null ? context.getParent() : context);
    }

    /**
     * The path of the unknown field {@code name}, found with the parser at {@code context} (at the start of the
     * field's array or object value, or not). Not {@link #ofField}: Jackson reports a record's unknown fields only
     * after the whole object was read (a record is built by its constructor, so its fields are buffered first), with
     * a parser over the buffered field whose context chain still ends in the live parser's, which has moved on to
     * the object's last field by then (it named {@code "traits": [...]} as {@code language[2]}). So the field is
     * named by {@code name} itself, under the path of the object holding it: the nearest object of the live
     * parser's, whose own place above is still right, as the parser has not left that object yet.
     */
    static String ofUnknown(JsonStreamContext context, boolean atContainer, String name) {
        JsonStreamContext owner = atContainer && context.getParent() != null ? context.getParent() : context;
        while (owner != null && (owner instanceof TokenBufferReadContext || !owner.inObject())) {
            owner = owner.getParent();
        }
        String enclosing = owner == null ? "" : of(owner.getParent());
        return enclosing.isEmpty() ? name(name) : enclosing + "." + name(name);
    }

    static String of(List<JsonMappingException.Reference> references) {
        Deque<String> segments = new ArrayDeque<>();
        for (JsonMappingException.Reference r : references) {
            if (r.getFieldName() != null) {
                segments.add("." + name(r.getFieldName()));
            } else if (r.getIndex() >= 0) {
                segments.add("[" + r.getIndex() + "]");
            }
        }
        return join(segments);
    }

    /** What a value of {@code type} must look like, in words a client understands (no Java type names). */
    static String expected(Class<?> type) {
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be a whole number";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "must be an array of strings";
        }
        if (type.isRecord()) {
            return "must be a JSON object";
        }
        return "has the wrong JSON type";
    }

    /** A blank name ({@code ""}, {@code " "}) is shown quoted, so a path always names something. */
    private static String name(String name) {
        String clipped = Text.clip(name, NAME_MAX);
        return clipped.isBlank() ? '"' + clipped + '"' : clipped;
    }

    private static String join(Deque<String> segments) {
        String path = String.join("", segments);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
