package dev.taleweaver.adapter.redis;

import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * A Lua script run by EVALSHA, so only its 40-character digest travels per call. The digest is computed here (it
 * is the SHA-1 Redis uses), so nothing has to reach Redis before the first call; when a server does not know the
 * script yet (first call, restart, SCRIPT FLUSH) it is loaded once and the call repeated.
 */
final class LuaScript {
    private final String source;
    private final String sha;

    LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /** Runs the script on the node that owns {@code keys.get(0)}; all keys must share its hash slot. */
    <R> R run(RScript script, RScript.ReturnType returnType, List<Object> keys, Object... args) {
        String routingKey = (String) keys.get(0);
        return loadingIfMissing(script, () -> script.evalSha(routingKey, RScript.Mode.READ_WRITE, sha, returnType,
                keys, args));
    }

    /** Queues the script in a batch; the caller repeats the batch via {@link #loadingIfMissing} on NOSCRIPT. */
    void queue(RScriptAsync batchScript, RScript.ReturnType returnType, List<Object> keys, Object... args) {
        batchScript.evalShaAsync((String) keys.get(0), RScript.Mode.READ_WRITE, sha, returnType, keys, args);
    }

    /** Runs {@code call}; if it failed only because Redis does not know the script, loads it and runs it again. */
    <R> R loadingIfMissing(RScript script, Supplier<R> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (!RedisFailures.isMissingScript(e)) {
                throw e;
            }
            script.scriptLoad(source);
            return call.get();
        }
    }

    private static String sha1(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-1", e);
        }
    }
}
