package dev.taleweaver.adapter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The operator's bearer token, checked in constant time. Only its SHA-256 digest is kept: both sides are hashed to
 * the same length before {@link MessageDigest#isEqual}, so neither the content nor the length of the real token leaks
 * through how long a wrong guess takes to refuse. No {@code toString}: nothing can print it.
 */
final class AdminToken {
    private final byte[] digest;

    AdminToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank; leave it unset to disable /admin");
        }
        this.digest = sha256(token);
    }

    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
