package dev.taleweaver.adapter.redis;

/**
 * The schema version of an entry as this service writes it, {@code {"v":2,…}}, read from its first characters
 * without parsing it, so a codec picks the reader of the entry's version in one pass. Anything else (spaces, another
 * field first, no digits) gives {@link #UNKNOWN} and is left to the JSON parser.
 */
final class VersionPeek {
    static final int UNKNOWN = -1;
    private static final String PREFIX = "{\"v\":";
    /** Schema versions are small: more digits than this are not one of ours. */
    private static final int MAX_DIGITS = 4;

    private VersionPeek() {
    }

    static int of(String text) {
        if (!text.startsWith(PREFIX)) {
            return UNKNOWN;
        }
        int version = 0;
        int end = Math.min(text.length(), PREFIX.length() + MAX_DIGITS + 1);
        for (int i = PREFIX.length(); i < end; i++) {
            char c = text.charAt(i);
            if (c == ',' && i > PREFIX.length()) {
                return version;
            }
            if (c < '0' || c > '9') {
                return UNKNOWN;
            }
            version = version * 10 + (c - '0');
        }
        return UNKNOWN;
    }
}
