package dev.taleweaver.domain.common;

/**
 * One thing wrong with one field: which field, and what is allowed. Both are clipped ({@link #FIELD_MAX},
 * {@link #MESSAGE_MAX} characters) so a violation stays small whatever a client sent.
 */
public record Violation(String field, String message) {
    /** Longest field name kept, in characters; a client's unknown field names are clipped well before this. */
    public static final int FIELD_MAX = 100;

    /** Longest message kept, in characters. */
    public static final int MESSAGE_MAX = 300;

    public Violation {
        if (field == null || field.isBlank() || message == null || message.isBlank()) {
            throw new IllegalArgumentException("a violation names a field and says what is allowed");
        }
        field = field.length() > FIELD_MAX ? Text.clip(field, FIELD_MAX) : field;
        message = message.length() > MESSAGE_MAX ? Text.clip(message, MESSAGE_MAX) : message;
    }
}
