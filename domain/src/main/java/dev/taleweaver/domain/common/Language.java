package dev.taleweaver.domain.common;

import java.util.Locale;
import java.util.Set;

/** An ISO 639-1 language code: two lowercase letters that name a real language, e.g. {@code en}. */
public record Language(String code) {
    private static final Set<String> ISO_639_1 = Set.of(Locale.getISOLanguages());

    public Language {
        if (code == null || !code.matches("[a-z]{2}") || !ISO_639_1.contains(code)) {
            throw ValidationException.of("language",
                    "must be an ISO 639-1 code of two lowercase letters, e.g. en, fr, de (got " + quoted(code) + ")");
        }
    }

    public static Language of(String code) {
        return new Language(code);
    }

    @Override
    public String toString() {
        return code;
    }

    static String quoted(String value) {
        if (value == null) {
            return "null";
        }
        return '"' + (value.length() > 20 ? value.substring(0, 20) + "…" : value) + '"';
    }
}
