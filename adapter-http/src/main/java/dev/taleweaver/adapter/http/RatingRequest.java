package dev.taleweaver.adapter.http;

/** Body of {@code PUT /stories/{id}/rating}. */
record RatingRequest(Integer rating) {
}
