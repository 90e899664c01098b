package dev.taleweaver.adapter.redis;

import dev.taleweaver.application.port.out.CacheStoreException;
import dev.taleweaver.application.port.out.CacheStoreException.Kind;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisTimeoutException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Turns what Redisson and Netty throw into {@link CacheStoreException}s whose kind says what went wrong. Redisson
 * often wraps the real reason (a refused connection arrives as a plain {@code RedisException} "Unexpected
 * exception while processing command"), so the whole cause chain is read, outermost first.
 */
final class RedisFailures {
    private static final int MAX_CAUSE_DEPTH = 16;

    private RedisFailures() {
    }

    static CacheStoreException translate(String operation, RuntimeException failure) {
        return translate(operation, failure, RedisFailures::kindOf);
    }

    /** {@link #translate(String, RuntimeException)} with another client's reading of its failures' kinds. */
    static CacheStoreException translate(String operation, RuntimeException failure,
                                         Function<Throwable, Kind> kindOf) {
        if (failure instanceof CacheStoreException already) {
            return already;
        }
        return new CacheStoreException(kindOf.apply(failure),
                "Redis " + operation + " failed: " + failure.getMessage(), failure);
    }

    static Kind kindOf(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof RedisTimeoutException) {
                return Kind.TIMEOUT;
            }
            if (t instanceof RedisConnectionException || t instanceof RedisReconnectedException
                    || t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof ClosedChannelException) {
                return Kind.CONNECTION;
            }
            if (t instanceof TimeoutException) {
                return Kind.TIMEOUT;
            }
            if (t instanceof IOException) {
                return Kind.CONNECTION; // "Connection reset by peer" and the like
            }
        }
        return Kind.OTHER;
    }

    /** Whether Redis refused a command because the key holds another type (a list where a string was expected). */
    static boolean isWrongType(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().startsWith("WRONGTYPE")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a script answered with an error reply starting {@value RedissonCacheStore#ALIEN_REPLY}. */
    static boolean isAlienReply(Throwable failure) {
        return alienMessage(failure) != null;
    }

    /** The reason an alien reply gives, without Redisson's channel and command details. */
    static String alienReason(Throwable failure) {
        String message = alienMessage(failure);
        if (message == null) {
            return "";
        }
        String reason = message.substring(message.indexOf(RedissonCacheStore.ALIEN_REPLY)
                + RedissonCacheStore.ALIEN_REPLY.length()).strip();
        int details = reason.indexOf(". channel:");
        return details < 0 ? reason : reason.substring(0, details);
    }

    private static String alienMessage(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.startsWith(RedissonCacheStore.ALIEN_REPLY + " ")) {
                return message;
            }
        }
        return null;
    }

    /** The server has no script of that SHA (it restarted, or ran SCRIPT FLUSH): load it and run it again. */
    static boolean isMissingScript(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof RedisNoScriptException
                    || (t.getMessage() != null && t.getMessage().contains("NOSCRIPT"))) {
                return true;
            }
        }
        return false;
    }
}
