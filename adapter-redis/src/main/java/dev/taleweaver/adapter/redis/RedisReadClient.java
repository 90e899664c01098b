package dev.taleweaver.adapter.redis;

import java.util.Locale;

/**
 * Which client sends the single-key cache reads ({@code GETRANGE} behind {@link RedissonCacheStore#get} and
 * {@link RedissonCacheStore#getBytes}), {@value #SETTING}; everything else (scripts, MGET, pub/sub, SCAN, health,
 * writes) always goes through Redisson. ADR 18 has the measurement and the decision.
 */
public enum RedisReadClient {
    /**
     * Jedis: blocking I/O on the caller's thread over a pool of its own connections, one wake-up per read instead of
     * Redisson's hand-off to its event loop and back (the default).
     */
    JEDIS,
    /** Redisson, like every other command: the way back if the Jedis path misbehaves somewhere. */
    REDISSON;

    public static final String SETTING = "REDIS_READ_CLIENT";
    public static final RedisReadClient DEFAULT = JEDIS;

    /** As written in {@value #SETTING}: {@code jedis} or {@code redisson}. */
    public String setting() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The client a setting names ({@code jedis}, {@code redisson}, any case, surrounding blanks ignored), or null. */
    public static RedisReadClient parse(String value) {
        if (value == null) {
            return null;
        }
        String wanted = value.strip();
        for (RedisReadClient client : values()) {
            if (client.setting().equalsIgnoreCase(wanted)) {
                return client;
            }
        }
        return null;
    }
}
