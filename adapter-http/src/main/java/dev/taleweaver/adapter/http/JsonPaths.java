package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;

/** Names a place in a request body as the domain names fields in violations: {@code name}, {@code interests[2]}. */
final class JsonPaths {
    private JsonPaths() {
    }

    static String of(JsonStreamContext context) {
        Deque<String> segments = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                segments.push("." + c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                segments.push("[" + c.getCurrentIndex() + "]");
            }
        }
        return join(segments);
    }

    static String of(List<JsonMappingException.Reference> references) {
        Deque<String> segments = new ArrayDeque<>();
        for (JsonMappingException.Reference r : references) {
            if (r.getFieldName() != null) {
                segments.add("." + r.getFieldName());
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

    private static String join(Deque<String> segments) {
        String path = String.join("", segments);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
