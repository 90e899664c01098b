package dev.taleweaver.adapter.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The worst request bodies we can think of that still fit under the 256 KiB limit, for every endpoint that reads a
 * body: huge lists (of wrong types, of empty strings, of nulls), thousands of unknown fields, long field names,
 * deep nesting, huge numbers, and every list full of invalid items on top of every other field being wrong.
 */
final class HostileBodies {
    /** Stays under {@link HttpConfig#DEFAULT_MAX_REQUEST_BYTES} with room for the rest of the body. */
    private static final int BUDGET = 250 * 1024;

    private HostileBodies() {
    }

    /**
     * Request target (method and path) → named bodies, for the hero, child and story of those ids (which should
     * exist, so that replacing, rating and creating a story get as far as judging the body).
     */
    static Map<String, Map<String, String>> all(String heroId, String childId, String storyId) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>();
        List<String> heroLists = List.of("personality_traits", "interests", "strengths");
        all.put("POST /heroes", forEntity(Bodies.captainWonder(), "personality_traits", heroLists));
        all.put("PUT /heroes/" + heroId, forEntity(Bodies.captainWonder(), "strengths", heroLists));
        all.put("POST /children", forEntity(Bodies.mia(), "interests", List.of("interests")));
        all.put("PUT /children/" + childId, forEntity(Bodies.mia(), "interests", List.of("interests")));
        all.put("POST /stories", forEntity(Bodies.story("T", childId, heroId, "en"), null, List.of()));
        all.put("PUT /stories/" + storyId, forEntity(Bodies.story("T", childId, heroId, "en"), null, List.of()));
        all.put("PUT /stories/" + storyId + "/rating", forEntity("{\"rating\": 3}", null, List.of()));
        return all;
    }

    private static Map<String, String> forEntity(String valid, String listField, List<String> lists) {
        Map<String, String> bodies = new LinkedHashMap<>();
        String open = valid.substring(0, valid.lastIndexOf('}'));
        if (listField != null) {
            bodies.put("130,000 numbers in a list", replaceList(valid, listField, repeated("0", BUDGET / 2)));
            bodies.put("85,000 empty strings in a list", replaceList(valid, listField, repeated("\"\"", BUDGET / 3)));
            bodies.put("50,000 nulls in a list", replaceList(valid, listField, repeated("null", BUDGET / 5)));
            bodies.put("28,000 NULs in a list",
                    replaceList(valid, listField, repeated("\"\\u0000\"", BUDGET / 9)));
            bodies.put("every list full of invalid items", everyListInvalid(valid, lists));
        }
        bodies.put("10,000 unknown fields", open + unknownFields(10_000, 8) + "}");
        bodies.put("unknown fields with 200-character names", open + unknownFields(1_000, 200) + "}");
        bodies.put("unknown fields with 1,000-character names", open + unknownFields(200, 1_000) + "}");
        bodies.put("one 200,000-character field name", open + ", \"" + "k".repeat(200_000) + "\": 1}");
        bodies.put("deeply nested arrays in an unknown field", open + ", \"deep\": " + nested(BUDGET / 2) + "}");
        bodies.put("deeply nested arrays at the root", nested(BUDGET / 2));
        bodies.put("deeply nested objects", "{\"a\": ".repeat(BUDGET / 7) + "1" + "}".repeat(BUDGET / 7));
        bodies.put("a 200,000-digit number", number(valid, "1" + "0".repeat(200_000)));
        bodies.put("a 200,000-digit fraction", number(valid, "0." + "1".repeat(200_000)));
        bodies.put("a huge exponent", number(valid, "1e999999999"));
        bodies.put("a tiny exponent", number(valid, "-1e-999999999"));
        bodies.put("a 21-digit whole number", number(valid, "99999999999999999999"));
        putIfChanged(bodies, "36,000 control characters in a string", valid,
                replaceText(valid, "name|title", "\\u0001".repeat(BUDGET / 7)));
        putIfChanged(bodies, "36,000 unpaired surrogates", valid,
                replaceText(valid, "name|title", "\\ud800".repeat(BUDGET / 7)));
        putIfChanged(bodies, "a 126,000-character language", valid,
                replaceText(valid, "language", "\u00e9".repeat(BUDGET / 2 - 2_000)));
        bodies.put("everything wrong at once", everythingWrong(valid, lists));
        return bodies;
    }

    private static void putIfChanged(Map<String, String> bodies, String name, String valid, String body) {
        if (!body.equals(valid)) {
            bodies.put(name, body);
        }
    }

    /** The body's whole-number field (age or rating) set to {@code number}, or the number as an unknown field. */
    private static String number(String valid, String number) {
        String replaced = valid.replaceFirst("\"(age|rating)\": \\d+", "\"$1\": " + number);
        return replaced.equals(valid) ? valid.substring(0, valid.lastIndexOf('}')) + ", \"n\": " + number + "}"
                : replaced;
    }

    /** Each string field named by {@code fields} (a regex alternation) given the JSON string content {@code raw}. */
    private static String replaceText(String valid, String fields, String raw) {
        return valid.replaceAll("\"(" + fields + ")\": \"[^\"]*\"",
                "\"$1\": \"" + Matcher.quoteReplacement(raw) + "\"");
    }

    private static String repeated(String item, int count) {
        StringBuilder list = new StringBuilder(count * (item.length() + 1) + 2).append('[');
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "" : ",").append(item);
        }
        return list.append(']').toString();
    }

    private static String replaceList(String valid, String field, String list) {
        return valid.replaceFirst("\"" + field + "\": \\[[^]]*]",
                Matcher.quoteReplacement("\"" + field + "\": " + list));
    }

    private static String unknownFields(int count, int nameLength) {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String name = String.format("%0" + nameLength + "d", i);
            fields.append(", \"").append(name).append("\": ").append(i % 2 == 0 ? "[1, {\"x\": null}]" : "\"v\"");
        }
        return fields.toString();
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** Each list at its maximum of 20 items, every item too long and full of control characters. */
    private static String everyListInvalid(String valid, List<String> lists) {
        String body = valid;
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            items.add("\"" + "\\u0000\\n".repeat(100) + "\"");
        }
        for (String list : lists) {
            body = replaceList(body, list, "[" + String.join(",", items) + "]");
        }
        return body;
    }

    /** Every field of the wrong kind or value, every list full of bad items, and unknown fields besides. */
    private static String everythingWrong(String valid, List<String> lists) {
        String body = everyListInvalid(valid, lists);
        body = replaceText(body, "name|title|content|appearance", "\\u200b\\u0000" + "x".repeat(10_000));
        body = replaceText(body, "child_id|hero_id|language|gender", "\\ud800" + "y".repeat(2_000));
        body = body.replaceAll("\"(age|rating)\": \\d+", "\"$1\": 99999999999999999999");
        return body.substring(0, body.lastIndexOf('}')) + unknownFields(1_000, 40) + "}";
    }
}
