package dev.taleweaver.domain.common;

/** One thing wrong with one field: which field, and what is allowed. */
public record Violation(String field, String message) {
    public Violation {
        if (field == null || field.isBlank() || message == null || message.isBlank()) {
            throw new IllegalArgumentException("a violation names a field and says what is allowed");
        }
    }
}
