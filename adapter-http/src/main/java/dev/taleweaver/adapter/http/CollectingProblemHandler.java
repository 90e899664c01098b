package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Lets Jackson carry on past an unknown field or a value of the wrong JSON type, noting it in the request's
 * {@link InputCheck} (passed as a reader attribute) instead of failing on the first one. Without that attribute, and
 * for problems at the root of the document, it declines and Jackson fails as configured.
 *
 * <p>A string or list of the wrong JSON type is replaced by a {@link #PLACEHOLDER_TEXT placeholder} the domain accepts
 * (a string, an empty list): the problem is already reported here, and the domain rules that run afterwards only to
 * report their own problems must not report the same field again ("is required", "must not be null"). A request
 * with a placeholder always fails, since the problem that put it there was reported.
 */
final class CollectingProblemHandler extends DeserializationProblemHandler {
    /** Stands in for a string of the wrong JSON type: valid text for every field, so the domain says nothing more. */
    static final String PLACEHOLDER_TEXT = "x";

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        InputCheck check = checkOf(ctxt);
        if (check == null) {
            return false;
        }
        JsonStreamContext context = p.getParsingContext();
        boolean atContainer = p.isExpectedStartArrayToken() || p.isExpectedStartObjectToken();
        check.addUnknown(() -> JsonPaths.ofUnknown(context, atContainer, propertyName),
                () -> "is not a known field" + known(deserializer));
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                        String failureMsg) throws IOException {
        return collect(ctxt, p, targetType.getRawClass(), true);
    }

    /** A string where an array was expected ({@code "interests": "dragons"}) ends up here. */
    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                            ValueInstantiator valueInsta, JsonParser p, String msg)
            throws IOException {
        return collect(ctxt, p, instClass, true);
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                                         String failureMsg) throws IOException {
        return collect(ctxt, ctxt.getParser(), targetType, JsonPaths.expected(targetType), false);
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                                         String failureMsg) throws IOException {
        boolean whole = valueToConvert instanceof Long || valueToConvert instanceof BigInteger;
        return collect(ctxt, ctxt.getParser(), targetType, whole ? "is out of range" : JsonPaths.expected(targetType),
                false);
    }

    private static Object collect(DeserializationContext ctxt, JsonParser p, Class<?> type, boolean skip)
            throws IOException {
        return collect(ctxt, p, type, JsonPaths.expected(type), skip);
    }

    private static Object collect(DeserializationContext ctxt, JsonParser p, Class<?> type, String message,
                                  boolean skip) throws IOException {
        InputCheck check = checkOf(ctxt);
        String path = JsonPaths.ofField(p);
        if (check == null || path.isEmpty()) {
            return NOT_HANDLED;
        }
        check.add(path, message);
        if (skip) {
            p.skipChildren();
        }
        return placeholder(type);
    }

    /** What stands in for a value of {@code type} after its problem was reported; null when null will do. */
    private static Object placeholder(Class<?> type) {
        if (type == String.class) {
            return PLACEHOLDER_TEXT;
        }
        if (Collection.class.isAssignableFrom(type) && type.isAssignableFrom(ArrayList.class)) {
            return new ArrayList<>();
        }
        return null;
    }

    static InputCheck checkOf(DeserializationContext ctxt) {
        return ctxt.getAttribute(InputCheck.class) instanceof InputCheck check ? check : null;
    }

    private static String known(JsonDeserializer<?> deserializer) {
        Collection<Object> names = deserializer == null ? null : deserializer.getKnownPropertyNames();
        if (names == null || names.isEmpty()) {
            return "";
        }
        return " (allowed: " + names.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
    }
}
