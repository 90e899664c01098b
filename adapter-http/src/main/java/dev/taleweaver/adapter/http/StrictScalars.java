package dev.taleweaver.adapter.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.taleweaver.domain.child.Child;
import dev.taleweaver.domain.hero.Hero;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole numbers and strings exactly as JSON types them: {@code "12"} is not an age, {@code 12.5} is not rounded and
 * {@code 7} is not a name. Jackson's own coercion checks fail the whole body on the first such value; these go
 * through the problem handlers instead, so {@link CollectingProblemHandler} can report every one of them.
 *
 * <p>Lists of strings are read {@link #LIST_ITEMS_KEPT bounded}: the domain refuses a list over its size as a whole,
 * so items past the largest size any list may have are skipped rather than kept (a 256 KiB body can hold 130,000
 * of them), and the problems of the items read are reported only when the list is not too long anyway.
 */
final class StrictScalars {
    /** Items of a request list read one by one; the largest size the domain allows any list. */
    static final int LIST_ITEMS_KEPT = Math.max(Hero.LIST_MAX_ITEMS, Child.LIST_MAX_ITEMS);

    private StrictScalars() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static SimpleModule module() {
        return new SimpleModule("strict-scalars")
                .addDeserializer(Integer.class, new WholeNumber())
                .addDeserializer(String.class, new Text())
                .addDeserializer(List.class, (JsonDeserializer) new TextList());
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

    /**
     * A JSON array of strings, read one item at a time: the first {@link #LIST_ITEMS_KEPT} items with
     * {@link Text}, then one placeholder standing for all the others, which are skipped. So the domain still sees the
     * list is too long, and says so once, while memory and work stay bounded. Problems of the items read are noted
     * in a check of their own and passed on only for a list that is not too long: for one that is, its size is the
     * problem.
     */
    private static final class TextList extends StdDeserializer<List<String>> {
        private static final long serialVersionUID = 1L;

        private final Text item = new Text();

        TextList() {
            super(List.class);
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                return (List<String>) ctxt.handleUnexpectedToken(List.class, p);
            }
            InputCheck outer = CollectingProblemHandler.checkOf(ctxt);
            InputCheck items = new InputCheck();
            if (outer != null) {
                ctxt.setAttribute(InputCheck.class, items);
            }
            List<String> values = new ArrayList<>();
            boolean tooLong = false;
            try {
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    if (values.size() < LIST_ITEMS_KEPT) {
                        values.add(t == JsonToken.VALUE_NULL ? null : item.deserialize(p, ctxt));
                    } else {
                        if (!tooLong) {
                            values.add(CollectingProblemHandler.PLACEHOLDER_TEXT);
                            tooLong = true;
                        }
                        p.skipChildren();
                    }
                }
            } finally {
                if (outer != null) {
                    ctxt.setAttribute(InputCheck.class, outer);
                }
            }
            if (outer != null && !tooLong) {
                outer.addAll(items);
            }
            return values;
        }
    }
}
