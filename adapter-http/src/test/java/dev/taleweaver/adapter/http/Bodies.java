package dev.taleweaver.adapter.http;

/** Request bodies as a client would send them. */
final class Bodies {
    private Bodies() {
    }

    static String hero(String name, String language) {
        return """
                {"name": "%s", "age": 12, "gender": "male",
                 "appearance": "Wears a blue cape with a golden star",
                 "personality_traits": ["brave", "kind", "curious"],
                 "interests": ["exploring space", "helping others"],
                 "strengths": ["flying", "super strength"],
                 "language": "%s"}""".formatted(name, language);
    }

    static String captainWonder() {
        return hero("Captain Wonder", "en");
    }

    static String child(String name, String language) {
        return """
                {"name": "%s", "age": 6, "gender": "female", "interests": ["dragons", "the sea"], "language": "%s"}"""
                .formatted(name, language);
    }

    static String mia() {
        return child("Mia", "en");
    }

    static String story(String title, String childId, String heroId, String language) {
        return """
                {"title": "%s", "content": "Once upon a time…", "child_id": "%s", "hero_id": "%s",
                 "language": "%s"}""".formatted(title, childId, heroId, language);
    }
}
