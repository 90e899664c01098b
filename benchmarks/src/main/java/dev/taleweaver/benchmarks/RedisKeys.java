package dev.taleweaver.benchmarks;

import org.redisson.api.RKeys;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** Cleanup of a private key prefix on a Redis other people share: SCAN + UNLINK, never KEYS or FLUSHDB. */
public final class RedisKeys {
    private static final int BATCH = 500;

    private RedisKeys() {
    }

    /** Deletes every key starting with {@code prefix} (which must not be empty); returns how many. */
    public static long deleteUnderPrefix(RedissonClient redis, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("refusing to delete with an empty prefix: that is every key");
        }
        RKeys keys = redis.getKeys();
        long deleted = 0;
        List<String> batch = new ArrayList<>(BATCH);
        KeysScanOptions scan = KeysScanOptions.defaults().pattern(escapeGlob(prefix) + "*").chunkSize(BATCH);
        try (Stream<String> found = keys.getKeysStream(scan)) {
            for (Iterator<String> it = found.iterator(); it.hasNext(); ) {
                batch.add(it.next());
                if (batch.size() == BATCH) {
                    deleted += keys.unlink(batch.toArray(new String[0]));
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            deleted += keys.unlink(batch.toArray(new String[0]));
        }
        return deleted;
    }

    /** Backslash-escapes SCAN MATCH's glob characters so the prefix matches only itself. */
    static String escapeGlob(String literal) {
        StringBuilder escaped = new StringBuilder(literal.length() + 4);
        for (char c : literal.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
