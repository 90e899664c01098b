package dev.taleweaver.domain.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An ISO 639-1 language code: two lowercase letters that name a real language, e.g. {@code en}. */
public record Language(String code) {
    /**
     * Every ISO 639-1 code (two lowercase letters each, so membership alone is the whole check) with its one shared
     * instance: {@link #of} runs for every hero, child and story read from the database or the cache, and must not
     * compile a regex or allocate per call.
     */
    private static final Map<String, Language> KNOWN = Arrays.stream(Locale.getISOLanguages())
            .collect(Collectors.toUnmodifiableMap(Function.identity(), Language::new));

    /** Every code {@link #of} accepts. */
    public static final Set<String> CODES = KNOWN.keySet();

    public Language {
        if (code == null || !(KNOWN == null ? isIsoCode(code) : KNOWN.containsKey(code))) {
            throw ValidationException.of("language",
                    "must be an ISO 639-1 code of two lowercase letters, e.g. en, fr, de (got " + Text.quoted(code)
                            + ")");
        }
    }

    /** The shared instance of a code; the same checks and message as the constructor. */
    public static Language of(String code) {
        Language known = code == null ? null : KNOWN.get(code);
        return known != null ? known : new Language(code);
    }

    @Override
    public String toString() {
        return code;
    }

    /** Only while {@link #KNOWN} itself is being built from the JDK's list. */
    private static boolean isIsoCode(String code) {
        return code.length() == 2 && Arrays.asList(Locale.getISOLanguages()).contains(code);
    }
}
