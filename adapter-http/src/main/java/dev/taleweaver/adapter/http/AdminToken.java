package dev.taleweaver.adapter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The operator's bearer token, checked in constant time. Only its SHA-256 digest is kept: both sides are hashed to
 * the same length before {@link MessageDigest#isEqual}, so neither the content nor the length of the real token leaks
 * through how long a wrong guess takes to refuse. No {@code toString}: nothing can print it.
 *
 * <p>A token is printable ASCII without spaces ({@code !} to {@code ~}) and at least {@value #MIN_LENGTH} characters
 * long: anything else either can never be sent in an {@code Authorization} header as configured (8 emoji are 16
 * UTF-16 units but no client sends them byte-for-byte) or is too short to resist guessing.
 */
final class AdminToken {
    /** The shortest token accepted (e.g. {@code openssl rand -hex 32} gives 64). */
    static final int MIN_LENGTH = 16;

    private final byte[] digest;

    AdminToken(String token) {
        problem(token).ifPresent(p -> {
            throw new IllegalArgumentException("the admin token " + p);
        });
        this.digest = sha256(token);
    }

    /** Why {@code token} is unusable (a phrase after "the admin token"), without quoting it; empty when fine. */
    static Optional<String> problem(String token) {
        if (token == null || token.isBlank()) {
            return Optional.of("must not be blank; leave it unset to disable /admin");
        }
        if (token.length() < MIN_LENGTH) {
            return Optional.of("must be at least " + MIN_LENGTH + " characters (e.g. openssl rand -hex 32)");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return Optional.of("must be printable ASCII without spaces (! to ~); character " + (i + 1)
                        + " is not (e.g. openssl rand -hex 32)");
            }
        }
        return Optional.empty();
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
