package dev.taleweaver.adapter.http;

/** The client-set fields of a story (POST and PUT bodies); {@code rating} may be absent or null (unrated). */
record StoryRequest(String title, String content, String childId, String heroId, String language, Integer rating) {
}
