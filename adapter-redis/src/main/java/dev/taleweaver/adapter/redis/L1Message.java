package dev.taleweaver.adapter.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link TwoLevelCacheStore} instances say on their shared channel, and its text form. Keys are
 * length-prefixed, so a key may contain any character.
 *
 * <pre>
 * H{instance}|{sequence}|{sentNanos}   heartbeat of one instance (only that instance reads it)
 * K{length}:{key}{length}:{key}…       these keys changed
 * P{pattern}                           every key matching this glob changed
 * </pre>
 *
 * <p>A message longer than {@link #MAX_LENGTH} is none of ours and is not decoded.
 */
sealed interface L1Message {
    /**
     * The longest message decoded, in characters: a KEYS message carries at most
     * {@link TwoLevelCacheStore#KEYS_PER_MESSAGE} keys (500 of the service's keys take under 32 KiB).
     */
    int MAX_LENGTH = 256 * 1024;
    char HEARTBEAT = 'H';
    char KEYS = 'K';
    char PATTERN = 'P';

    /** {@code sentNanos} is the sender's own ticker: only the sender compares it with anything. */
    record Heartbeat(String instanceId, long sequence, long sentNanos) implements L1Message {
        public Heartbeat {
            if (instanceId.isEmpty() || instanceId.indexOf('|') >= 0) {
                throw new IllegalArgumentException("an instance id must be non-empty and free of '|'");
            }
        }

        /** How every heartbeat of that instance starts, to skip other instances' without decoding them. */
        static String startOf(String instanceId) {
            return HEARTBEAT + instanceId + "|";
        }
    }

    record KeysChanged(List<String> keys) implements L1Message {
        public KeysChanged {
            keys = List.copyOf(keys);
        }
    }

    record PatternChanged(String pattern) implements L1Message {
    }

    static String encode(L1Message message) {
        if (message instanceof Heartbeat h) {
            return Heartbeat.startOf(h.instanceId()) + h.sequence() + "|" + h.sentNanos();
        }
        if (message instanceof KeysChanged k) {
            StringBuilder text = new StringBuilder(1 + k.keys().size() * 24).append(KEYS);
            for (String key : k.keys()) {
                text.append(key.length()).append(':').append(key);
            }
            return text.toString();
        }
        return PATTERN + ((PatternChanged) message).pattern();
    }

    /** @throws IllegalArgumentException when the text is no message of this format */
    static L1Message decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an empty L1 message");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("an L1 message of " + text.length() + " characters, over the bound of "
                    + MAX_LENGTH);
        }
        String body = text.substring(1);
        try {
            switch (text.charAt(0)) {
                case HEARTBEAT: {
                    String[] parts = body.split("\\|", -1);
                    if (parts.length != 3) {
                        throw new IllegalArgumentException("a heartbeat has three fields");
                    }
                    return new Heartbeat(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]));
                }
                case KEYS:
                    return new KeysChanged(decodeKeys(body));
                case PATTERN:
                    return new PatternChanged(body);
                default:
                    throw new IllegalArgumentException("unknown kind '" + text.charAt(0) + "'");
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a malformed L1 message: " + e.getMessage(), e);
        }
    }

    private static List<String> decodeKeys(String body) {
        List<String> keys = new ArrayList<>();
        int at = 0;
        while (at < body.length()) {
            int colon = body.indexOf(':', at);
            if (colon < 0) {
                throw new IllegalArgumentException("a key without its length");
            }
            int end = colon + 1 + Integer.parseInt(body.substring(at, colon));
            if (end > body.length() || end <= colon) {
                throw new IllegalArgumentException("a key longer than the message");
            }
            keys.add(body.substring(colon + 1, end));
            at = end;
        }
        return keys;
    }
}
