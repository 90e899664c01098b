package dev.taleweaver.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads typed settings from environment variables, collecting every bad value so start-up can report
 * them all at once, each naming the variable and what is allowed.
 */
final class EnvReader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /** The raw value, or {@code fallback} when the variable is unset or blank. */
    String string(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** The raw value, empty string when unset; for secrets, which must not be trimmed or defaulted. */
    String secret(String name) {
        String value = env.get(name);
        return value == null ? "" : value;
    }

    boolean isSet(String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    int integer(String name, int fallback, int min, int max) {
        String raw = string(name, null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(name, "must be a whole number from " + min + " to " + max, raw);
        return fallback;
    }

    boolean bool(String name, boolean fallback) {
        String raw = string(name, null);
        if (raw == null) {
            return fallback;
        }
        switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                problem(name, "must be true or false", raw);
                return fallback;
        }
    }

    /** Records a problem with a non-secret value. */
    void problem(String name, String allowed, String got) {
        problems.add(name + ": " + allowed + " (got \"" + got + "\")");
    }

    /** Records a problem without echoing the value (for secrets and URLs that may hold credentials). */
    void problem(String name, String allowed) {
        problems.add(allowed.startsWith(name + " ") ? allowed : name + ": " + allowed);
    }

    /** Runs a validating constructor and turns its IllegalArgumentException into a problem of {@code name}. */
    <T> T validated(String name, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage().startsWith(name) ? e.getMessage() : name + ": " + e.getMessage());
            return null;
        }
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }
}
