package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Lets Jackson carry on past an unknown field or a value of the wrong JSON type, noting it in the request's
 * {@link InputCheck} (passed as a reader attribute) instead of failing on the first one. Without that attribute, and
 * for problems at the root of the document, it declines and Jackson fails as configured.
 */
final class CollectingProblemHandler extends DeserializationProblemHandler {

    @Override
    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                         Object beanOrClass, String propertyName) throws IOException {
        InputCheck check = checkOf(ctxt);
        if (check == null) {
            return false;
        }
        check.add(JsonPaths.of(p.getParsingContext()), "is not a known field" + known(deserializer));
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                        String failureMsg) throws IOException {
        return collect(ctxt, p, JsonPaths.expected(targetType.getRawClass()), true);
    }

    /** A string where an array was expected ({@code "interests": "dragons"}) ends up here. */
    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                            ValueInstantiator valueInsta, JsonParser p, String msg)
            throws IOException {
        return collect(ctxt, p, JsonPaths.expected(instClass), true);
    }

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                                         String failureMsg) throws IOException {
        return collect(ctxt, ctxt.getParser(), JsonPaths.expected(targetType), false);
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                                         String failureMsg) throws IOException {
        boolean whole = valueToConvert instanceof Long || valueToConvert instanceof BigInteger;
        return collect(ctxt, ctxt.getParser(), whole ? "is out of range" : JsonPaths.expected(targetType), false);
    }

    private static Object collect(DeserializationContext ctxt, JsonParser p, String message, boolean skip)
            throws IOException {
        InputCheck check = checkOf(ctxt);
        String path = JsonPaths.of(p.getParsingContext());
        if (check == null || path.isEmpty()) {
            return NOT_HANDLED;
        }
        check.add(path, message);
        if (skip) {
            p.skipChildren();
        }
        return null;
    }

    private static InputCheck checkOf(DeserializationContext ctxt) {
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
