package dev.taleweaver.application.cache.analytics;

import java.util.Locale;

/**
 * The key families of docs/caching.md, told from a key's fixed segment without allocating: {@code {type}:{id}},
 * {@code {type}:all}, {@code {type}:lang:…}, {@code {type}:child:…}, {@code {type}:hero:…}. A UUID never starts with
 * one of those segments, so everything else is an id key.
 */
enum KeyFamily {
    ID, ALL, LANG, CHILD, HERO;

    private static final String ALL_SEGMENT = "all";

    /** @param from where the segment after {@code {type}:} starts */
    static KeyFamily of(String key, int from) {
        if (segment(key, from, ALL_SEGMENT)) {
            return ALL;
        }
        if (segment(key, from, "lang")) {
            return LANG;
        }
        if (segment(key, from, "child")) {
            return CHILD;
        }
        if (segment(key, from, "hero")) {
            return HERO;
        }
        return ID;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static boolean segment(String key, int from, String segment) {
        int end = from + segment.length();
        return key.regionMatches(from, segment, 0, segment.length())
                && (key.length() == end || key.charAt(end) == ':');
    }
}
