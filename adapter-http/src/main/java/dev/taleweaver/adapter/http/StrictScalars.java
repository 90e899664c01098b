package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * Whole numbers and strings exactly as JSON types them: {@code "12"} is not an age, {@code 12.5} is not rounded and
 * {@code 7} is not a name. Jackson's own coercion checks fail the whole body on the first such value; these go
 * through the problem handlers instead, so {@link CollectingProblemHandler} can report every one of them.
 */
final class StrictScalars {
    private StrictScalars() {
    }

    static SimpleModule module() {
        return new SimpleModule("strict-scalars")
                .addDeserializer(Integer.class, new WholeNumber())
                .addDeserializer(String.class, new Text());
    }

    private static final class WholeNumber extends StdScalarDeserializer<Integer> {
        private static final long serialVersionUID = 1L;

        WholeNumber() {
            super(Integer.class);
        }

        @Override
        public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
            }
            if (p.getNumberType() != JsonParser.NumberType.INT) {
                return (Integer) ctxt.handleWeirdNumberValue(Integer.class, p.getNumberValue(), "out of range");
            }
            return p.getIntValue();
        }
    }

    private static final class Text extends StdScalarDeserializer<String> {
        private static final long serialVersionUID = 1L;

        Text() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            return p.getText();
        }
    }
}
