package dev.taleweaver.bootstrap.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies: valid ones built from a few varying values, and the README's examples verbatim. */
public final class Requests {
    private static final ObjectMapper JSON = new ObjectMapper();

    // ---- the README's "Try it" bodies, copied exactly (only README_STORY is wrapped, with a text-block \) ---

    public static final String README_HERO = """
            {
              "name": "Captain Wonder", "age": 12, "gender": "male",
              "appearance": "Wears a blue cape with a golden star",
              "personality_traits": ["brave", "kind", "curious"],
              "interests": ["exploring space", "helping others"],
              "strengths": ["flying", "super strength"], "language": "en"}""";

    public static final String README_CHILD = """
            {"name": "Mia", "age": 6, "gender": "female", "interests": ["dragons"], "language": "en"}""";

    /** Still holding the README's CHILD_ID and HERO_ID placeholders. */
    public static final String README_STORY = """
            {"title": "The Moon Map", "content": "Once upon a time…", "child_id": "CHILD_ID", \
            "hero_id": "HERO_ID", "language": "en"}""";

    public static final String README_RATING = "{\"rating\": 5}";

    public static final String README_INVALID_HERO = """
            {"name": "", "age": -1, "gender": "robot", "appearance": "", "personality_traits": [],
                   "interests": [], "strengths": [], "language": "english"}""";

    /** The {@code errors} of the README's answer to {@link #README_INVALID_HERO}. */
    public static final String README_INVALID_HERO_ERRORS = """
            [
                {"field": "gender", "message": "must be one of male, female, non_binary, unspecified (got \\"robot\\")"},
                {"field": "language", "message": "must be an ISO 639-1 code of two lowercase letters, e.g. en, fr, de (got \\"english\\")"},
                {"field": "name", "message": "must be 1 to 100 characters"},
                {"field": "age", "message": "must be between 0 and 1000"}
              ]""";

    private Requests() {
    }

    public static Map<String, Object> heroFields(String name, String language) {
        Map<String, Object> hero = new LinkedHashMap<>();
        hero.put("name", name);
        hero.put("age", 12);
        hero.put("gender", "female");
        hero.put("appearance", "Silver boots and a lantern");
        hero.put("personality_traits", List.of("brave", "patient"));
        hero.put("interests", List.of("maps"));
        hero.put("strengths", List.of("night vision"));
        hero.put("language", language);
        return hero;
    }

    public static String hero(String name, String language) {
        return json(heroFields(name, language));
    }

    public static Map<String, Object> childFields(String name, String language) {
        Map<String, Object> child = new LinkedHashMap<>();
        child.put("name", name);
        child.put("age", 6);
        child.put("gender", "non_binary");
        child.put("interests", List.of("dragons", "boats"));
        child.put("language", language);
        return child;
    }

    public static String child(String name, String language) {
        return json(childFields(name, language));
    }

    public static Map<String, Object> storyFields(String title, String childId, String heroId, String language) {
        Map<String, Object> story = new LinkedHashMap<>();
        story.put("title", title);
        story.put("content", "Once upon a time, " + title + ".");
        story.put("child_id", childId);
        story.put("hero_id", heroId);
        story.put("language", language);
        return story;
    }

    public static String story(String title, String childId, String heroId, String language) {
        return json(storyFields(title, childId, heroId, language));
    }

    public static String json(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code fields} without {@code name}, as JSON. */
    public static String without(Map<String, Object> fields, String name) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.remove(name);
        return json(copy);
    }

    /** {@code fields} plus one, as JSON. */
    public static String with(Map<String, Object> fields, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.put(name, value);
        return json(copy);
    }
}
