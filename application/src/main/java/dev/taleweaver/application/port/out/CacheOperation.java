package dev.taleweaver.application.port.out;

import java.util.Locale;
import java.util.Objects;

/**
 * The cached read operations and the shape of their keys: {@code {type}:{id}}, {@code {type}:all},
 * {@code {type}:lang:{language}}, {@code {type}:child:{child_id}}, {@code {type}:hero:{hero_id}}. The fixed segments can never collide with a
 * UUID, so an id key and a collection key of one type never share a name.
 */
public enum CacheOperation {
    FIND_BY_ID(null, 1),
    LIST_ALL("all", 0),
    FIND_BY_LANGUAGE("lang", 1),
    FIND_BY_CHILD("child", 1),
    FIND_BY_HERO("hero", 1);

    private final String segment;
    private final int parameters;

    CacheOperation(String segment, int parameters) {
        this.segment = segment;
        this.parameters = parameters;
    }

    /** The key of this operation for one entity type; parameters are rendered with {@code toString()}. */
    public String key(String entityType, Object... params) {
        if (params.length != parameters) {
            throw new IllegalArgumentException(this + " keys take " + parameters + " parameter(s), got " + params.length);
        }
        if (segment == null && parameters == 1) {
            // an entity's key, built for every member of every page: one exact-size concatenation (a growing
            // StringBuilder was most of the 8 % of a cached page's CPU spent building keys, docs/benchmarks.md)
            return entityType + ':' + Objects.requireNonNull(params[0], "key parameter");
        }
        StringBuilder key = new StringBuilder(entityType.length() + 64).append(entityType);
        if (segment != null) {
            key.append(':').append(segment);
        }
        for (Object param : params) {
            key.append(':').append(Objects.requireNonNull(param, "key parameter"));
        }
        return key.toString();
    }

    /** A stable lowercase name for logs and metric tags, e.g. {@code find_by_id}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
